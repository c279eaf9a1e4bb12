import { useCallback } from 'react';
import { imageBlob } from '../../net/filingsApi.ts';
import { features } from '../../net/queries.ts';
import { useHallQuery } from '../../net/useHallQuery.ts';

/** An uploaded image read back from the hall (images need the token, so they are fetched, not linked). */
export function useImageBlob(id: string, picked?: Blob): Blob | undefined {
  // An image never changes under its id: read once.
  const stored = useHallQuery([features.filings, 'image', id], (token) => imageBlob(token, id), {
    enabled: Boolean(id) && !picked,
    staleTime: Infinity,
  });
  return picked ?? (id ? stored.data : undefined);
}

/** A ref for an <img> that shows the blob: its object URL lives as long as the element. */
export function useObjectUrlRef(blob: Blob | undefined) {
  return useCallback(
    (img: HTMLImageElement | null) => {
      if (!img || !blob) return;
      const url = URL.createObjectURL(blob);
      img.src = url;
      return () => URL.revokeObjectURL(url);
    },
    [blob],
  );
}

/** The picture a field holds: the file just chosen, or, after a reload, the uploaded image read back. */
export function ImagePreview({ id, picked, label }: { id: string; picked?: Blob; label: string }) {
  const blob = useImageBlob(id, picked);
  const show = useObjectUrlRef(blob);
  return blob ? <img ref={show} className="filing-preview" alt={label} /> : null;
}

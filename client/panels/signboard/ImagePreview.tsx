import { useCallback } from 'react';
import { imageBlob } from '../../net/filingsApi.ts';
import { features } from '../../net/queries.ts';
import { useHallQuery } from '../../net/useHallQuery.ts';

/**
 * The picture a field holds: the file just chosen, or, after a reload, the uploaded image read back from the
 * hall (images need the token, so they are fetched, not linked). Its object URL lives as long as the <img>.
 */
export function ImagePreview({ id, picked, label }: { id: string; picked?: Blob; label: string }) {
  // An image never changes under its id: read once.
  const stored = useHallQuery([features.filings, 'image', id], (token) => imageBlob(token, id), {
    enabled: Boolean(id) && !picked,
    staleTime: Infinity,
  });
  const blob = picked ?? (id ? stored.data : undefined);
  const show = useCallback(
    (img: HTMLImageElement | null) => {
      if (!img || !blob) return;
      const url = URL.createObjectURL(blob);
      img.src = url;
      return () => URL.revokeObjectURL(url);
    },
    [blob],
  );
  return blob ? <img ref={show} className="filing-preview" alt={label} /> : null;
}

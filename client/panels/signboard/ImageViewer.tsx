import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog, DialogClose } from '../../ui/index.ts';
import { useImageBlob, useObjectUrlRef } from './ImagePreview.tsx';

/** How far the picture can be enlarged beyond the dialog's width, and the step of each press. */
const ZOOMS = [1, 1.5, 2, 3] as const;

/**
 * A filing's picture as a thumbnail that opens it large: a dialog as wide as the screen allows, closed with
 * Escape, its close button or a tap outside, with zoom buttons (and the phone's own pinch inside the picture's
 * frame) for the detail of a sign's lettering. Read from the hall like the thumbnail, never from elsewhere.
 */
export function ImageViewer({ id, label }: { id: string; label: string }) {
  const { t } = useTranslation();
  const blob = useImageBlob(id);
  const show = useObjectUrlRef(blob);
  const [zoom, setZoom] = useState(0);
  if (!blob) return null;
  const scale = ZOOMS[zoom]!;
  return (
    <Dialog
      className="image-dialog"
      title={label}
      onOpenChange={() => setZoom(0)}
      trigger={
        <button type="button" className="image-open">
          <img ref={show} className="filing-preview" alt={label} />
          <span className="small">{t('review.viewLarge')}</span>
        </button>
      }
    >
      <div className="image-frame">
        <img ref={show} alt={label} style={{ width: `${scale * 100}%` }} />
      </div>
      <button type="button" onClick={() => setZoom(zoom - 1)} disabled={zoom === 0}>
        {t('review.zoomOut')}
      </button>
      <button type="button" onClick={() => setZoom(zoom + 1)} disabled={zoom === ZOOMS.length - 1}>
        {t('review.zoomIn')}
      </button>
      <DialogClose asChild>
        <button type="button" className="primary">
          {t('review.closeImage')}
        </button>
      </DialogClose>
    </Dialog>
  );
}

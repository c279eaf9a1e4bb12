import { useTranslation } from 'react-i18next';
import type { HandInInput } from '../../../shared/filingItems.ts';
import { ImageViewer } from '../signboard/ImageViewer.tsx';

/** What the merchant handed in for an item: the photo, opening large, or the text. */
export function HandedInAnswer({ answer }: { answer: HandInInput }) {
  const { t } = useTranslation();
  if (answer.kind === 'photo') return <ImageViewer id={answer.imageId} label={t('followUp.photoAnswer')} />;
  return <p className="small">{t('followUp.textAnswer', { text: answer.text })}</p>;
}

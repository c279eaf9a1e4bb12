import { useTranslation } from 'react-i18next';
import type { ChatLine } from '../../../shared/queue.ts';

/** What the merchant and the officer said, in order. */
export function Conversation({ lines }: { lines: readonly ChatLine[] }) {
  const { t } = useTranslation();
  return (
    <ol className="chat-log">
      {lines.map((m) => (
        <li key={m.id}>
          <span className="chat-from">{t(`chat.${m.from}`)}</span> <span className="chat-text">{m.text}</span>
        </li>
      ))}
    </ol>
  );
}

import { useTranslation } from 'react-i18next';
import { FilingState } from '../../../shared/filing.ts';
import type { DeskTicket } from '../../../shared/queue.ts';
import { isCode } from '../../i18n/codes.ts';

/** The sign filings of the merchant at the desk, where each stands. */
export function TicketFilings({ filings }: { filings: DeskTicket['filings'] }) {
  const { t } = useTranslation();
  if (filings.length === 0) return null;
  return (
    <details>
      <summary>
        {t('desk.filings')} ({filings.length})
      </summary>
      <ul className="history">
        {filings.map((f) => (
          <li key={f.id} className="small">
            {f.caseNumber} · {f.signText} · {isCode(FilingState, f.state) ? t(`filing.states.${f.state}`) : f.state}
          </li>
        ))}
      </ul>
    </details>
  );
}

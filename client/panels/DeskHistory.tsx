import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseRecordView, DeskCase, DeskTicket } from '../../shared/queue.ts';
import { casesApi } from '../net/casesApi.ts';
import { useSession } from '../net/session.ts';
import { CaseEntries } from './CaseEntries.tsx';
import { useLabels } from './labels.ts';

/**
 * One earlier case: what the desk view carries (its latest entries, long texts cut), and on request the
 * whole record over HTTP, conversation included, while this merchant is at the desk.
 */
function DeskCaseItem({ c }: { c: DeskCase }) {
  const { t } = useTranslation();
  const { service } = useLabels();
  const token = useSession((s) => s.token);
  const [whole, setWhole] = useState<CaseRecordView | null>(null);
  const [failed, setFailed] = useState(false);
  const [loading, setLoading] = useState(false);

  async function readWhole() {
    if (!token) return;
    setLoading(true);
    const r = await casesApi.atDesk(token, c.id);
    setLoading(false);
    setFailed(!r.ok);
    if (r.ok) setWhole(r.value);
  }

  const cut = c.entryCount > c.entries.length || c.entries.some((e) => e.shortened);
  const last = c.entries.at(-1);
  return (
    <li className="small">
      {c.number} · {service(c.service)} · {c.outcome ? t(`outcomes.${c.outcome}`) : t('cases.open')}
      {last && <> · {t('cases.at', { date: last.station.date, time: last.station.time })}</>}
      {c.description && <div className="muted pre">{c.description}</div>}
      {whole ? (
        <CaseEntries entries={whole.entries} messages={whole.messages} />
      ) : (
        <CaseEntries entries={c.entries} earlier={c.entryCount - c.entries.length} />
      )}
      {!whole && (cut || c.entryCount > 0) && (
        <button type="button" className="small" disabled={loading} onClick={() => void readWhole()}>
          {t('cases.wholeRecord')}
        </button>
      )}
      {failed && <p className="field-error">{t('cases.loadFailed')}</p>}
    </li>
  );
}

/**
 * The merchant's earlier cases at the desk, before calling them in and while serving them: the newest as the
 * desk view carries them, and on request every one of them over HTTP.
 */
export function DeskHistory({ current }: { current: DeskTicket }) {
  const { t } = useTranslation();
  const token = useSession((s) => s.token);
  const [all, setAll] = useState<{ ticketId: string; cases: DeskCase[] } | null>(null);
  const [failed, setFailed] = useState(false);
  // The whole list belongs to the merchant it was read for; the next one starts from the desk view again.
  const listed = all?.ticketId === current.ticketId ? all.cases : null;
  // Cases the desk view carries keep their latest entries; the rest are read whole one at a time.
  const shown = listed?.map((c) => current.history.find((h) => h.id === c.id) ?? c) ?? current.history;
  const left = current.historyTotal - shown.length;

  async function readAll() {
    if (!token) return;
    const r = await casesApi.allAtDesk(token);
    setFailed(!r.ok);
    if (r.ok) setAll({ ticketId: current.ticketId, cases: r.value.cases });
  }

  return (
    <details>
      <summary>
        {t('desk.history')} ({current.historyTotal})
      </summary>
      {shown.length === 0 ? (
        <p className="muted small">{t('desk.noHistory')}</p>
      ) : (
        <ul className="history">
          {shown.map((c) => (
            <DeskCaseItem key={c.id} c={c} />
          ))}
        </ul>
      )}
      {left > 0 && (
        <p className="muted small">
          {t('cases.moreCases', { count: left })}{' '}
          <button type="button" className="small" onClick={() => void readAll()}>
            {t('cases.allCases')}
          </button>
        </p>
      )}
      {failed && <p className="field-error">{t('cases.loadFailed')}</p>}
    </details>
  );
}

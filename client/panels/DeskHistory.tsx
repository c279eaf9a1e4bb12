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

/** The merchant's earlier cases at the desk, before calling them in and while serving them. */
export function DeskHistory({ current }: { current: DeskTicket }) {
  const { t } = useTranslation();
  const left = current.historyTotal - current.history.length;
  return (
    <details>
      <summary>
        {t('desk.history')} ({current.historyTotal})
      </summary>
      {current.history.length === 0 ? (
        <p className="muted small">{t('desk.noHistory')}</p>
      ) : (
        <ul className="history">
          {current.history.map((c) => (
            <DeskCaseItem key={c.id} c={c} />
          ))}
        </ul>
      )}
      {left > 0 && <p className="muted small">{t('cases.moreCases', { count: left })}</p>}
    </details>
  );
}

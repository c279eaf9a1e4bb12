import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseRecordView, DeskCase, DeskTicket } from '../../shared/queue.ts';
import { casesApi } from '../net/casesApi.ts';
import type { Refusal } from '../net/http.ts';
import { useSession } from '../net/session.ts';
import { CaseEntries } from './CaseEntries.tsx';
import { FormError } from './FormError.tsx';
import { useLabels } from './labels.ts';
import { useRefusalText } from './refusalText.ts';

/** Why a record could not be read, in the page's current language (kept as the refusal, not as text). */
function ReadFailure({ refusal }: { refusal: Refusal | null }) {
  const { t } = useTranslation();
  const text = useRefusalText();
  return <FormError message={refusal && text(refusal, { fallback: t('cases.loadFailed') })} />;
}

/**
 * One earlier case: what the desk view carries (its latest entries, long texts cut), and on request the
 * whole record over HTTP, conversation included, while this merchant is at the desk.
 */
function DeskCaseItem({ c }: { c: DeskCase }) {
  const { t } = useTranslation();
  const { service } = useLabels();
  const token = useSession((s) => s.token);
  const [whole, setWhole] = useState<CaseRecordView | null>(null);
  const [failed, setFailed] = useState<Refusal | null>(null);
  const [loading, setLoading] = useState(false);
  const record = useRef<HTMLParagraphElement>(null);

  async function readWhole() {
    if (!token) return;
    setLoading(true);
    const r = await casesApi.atDesk(token, c.id);
    setLoading(false);
    setFailed(r.ok ? null : r);
    if (!r.ok) return;
    setWhole(r.value);
    // The button goes once the record is in: the focus moves to the record, not to the page's top.
    requestAnimationFrame(() => record.current?.focus());
  }

  const cut = c.entryCount > c.entries.length || c.entries.some((e) => e.shortened);
  const last = c.entries.at(-1);
  const count = whole ? whole.entries.length : c.entryCount;
  return (
    <li className="small">
      <p>
        <strong>{c.number}</strong> · {service(c.service)} ·{' '}
        {c.outcome ? t(`outcomes.${c.outcome}`) : t(`cases.${c.status}`)}
        {last && <> · {t('cases.at', { date: last.station.date, time: last.station.time })}</>}
      </p>
      {c.description && <p className="muted pre">{t('desk.description', { text: c.description })}</p>}
      {count > 0 && (
        <p ref={record} tabIndex={-1}>
          <strong>{t('cases.record', { count })}</strong>
        </p>
      )}
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
      <ReadFailure refusal={failed} />
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
  const [failed, setFailed] = useState<Refusal | null>(null);
  const [loading, setLoading] = useState(false);
  const list = useRef<HTMLUListElement>(null);
  // The whole list belongs to the merchant it was read for; the next one starts from the desk view again.
  const listed = all?.ticketId === current.ticketId ? all.cases : null;
  // Cases the desk view carries keep their latest entries; the rest are read whole one at a time.
  const shown = listed?.map((c) => current.history.find((h) => h.id === c.id) ?? c) ?? current.history;
  const left = current.historyTotal - shown.length;

  async function readAll() {
    if (!token) return;
    setLoading(true);
    const r = await casesApi.allAtDesk(token);
    setLoading(false);
    setFailed(r.ok ? null : r);
    if (!r.ok) return;
    setAll({ ticketId: current.ticketId, cases: r.value.cases });
    // The button goes once every case is listed: the focus moves to the list.
    requestAnimationFrame(() => list.current?.focus());
  }

  return (
    <details>
      <summary>
        {t('desk.history')} ({current.historyTotal})
      </summary>
      {shown.length === 0 ? (
        <p className="muted small">{t('desk.noHistory')}</p>
      ) : (
        <ul ref={list} className="history" tabIndex={-1} aria-label={t('desk.history')}>
          {shown.map((c) => (
            <DeskCaseItem key={c.id} c={c} />
          ))}
        </ul>
      )}
      {left > 0 && (
        <p className="muted small">
          {t('cases.moreCases', { count: left })}{' '}
          <button type="button" className="small" disabled={loading} onClick={() => void readAll()}>
            {t('cases.allCases')}
          </button>
        </p>
      )}
      <ReadFailure refusal={failed} />
    </details>
  );
}

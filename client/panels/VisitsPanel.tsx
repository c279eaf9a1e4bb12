import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../shared/queue.ts';
import { VISIT_RESULT_MAX, type VisitSlot } from '../../shared/visits.ts';
import { casesApi } from '../net/casesApi.ts';
import { useQueue } from '../net/queueStore.ts';
import { useSession } from '../net/session.ts';
import type { Refusal } from '../net/http.ts';
import { visitsApi } from '../net/visitsApi.ts';
import { LabelledInput } from './LabelledInput.tsx';
import { FormError } from './FormError.tsx';
import { useLabels } from './labels.ts';
import { useRefusalText } from './refusalText.ts';

/** A visit window in the person's words: "11/25 09:00–10:00". */
export function useWindow() {
  const { t } = useTranslation();
  const { time } = useLabels();
  return (s: Pick<VisitSlot, 'startsAt' | 'endsAt'>) =>
    t('visits.window', {
      from: time(s.startsAt),
      to: new Date(s.endsAt).toLocaleTimeString(document.documentElement.lang || 'zh-CN', {
        hour: '2-digit',
        minute: '2-digit',
      }),
    });
}

/** A refused visit request in the person's words, a request limit's wait included. */
export function useVisitError() {
  const refusal = useRefusalText();
  return (r: Refusal) => refusal(r, { scope: 'visits.errors' });
}

/** A merchant's bookings and the free windows to book for one of their cases, changed or cancelled in a tap. */
export function MerchantVisits() {
  const { t } = useTranslation();
  const token = useSession((s) => s.token);
  const version = useQueue((s) => s.visitsVersion);
  const windowOf = useWindow();
  const errorText = useVisitError();
  const [data, setData] = useState<{ free: VisitSlot[]; mine: VisitSlot[] }>({ free: [], mine: [] });
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const [caseId, setCaseId] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [reloads, setReloads] = useState(0);
  const ids = { case: useId() };

  useEffect(() => {
    if (!token || !open) return;
    let live = true;
    void Promise.all([visitsApi.forMerchant(token), casesApi.mine(token)]).then(([v, c]) => {
      if (!live) return;
      if (v.ok) setData(v.value);
      if (c.ok) setCases(c.value.cases.filter((x) => x.status === 'open'));
    });
    return () => {
      live = false;
    };
  }, [token, open, version, reloads]);

  const chosen = caseId || cases[0]?.id || '';
  async function book(slot: VisitSlot) {
    if (!token || !chosen) return;
    const r = await visitsApi.book(token, slot.id, chosen);
    setMessage(r.ok ? null : errorText(r));
    setReloads((n) => n + 1);
  }
  async function cancel(slot: VisitSlot) {
    if (!token) return;
    const r = await visitsApi.cancel(token, slot.id);
    setMessage(r.ok ? null : errorText(r));
    setReloads((n) => n + 1);
  }

  return (
    <details className="card visits" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('visits.heading')}</summary>
      <p className="muted small">{t('visits.intro')}</p>
      <h3>{t('visits.mine')}</h3>
      {data.mine.length === 0 ? (
        <p className="muted small">{t('visits.noneMine')}</p>
      ) : (
        <ul className="slots">
          {data.mine.map((s) => (
            <li key={s.id} className="slot slot-mine">
              <strong>{windowOf(s)}</strong> · {t('visits.officer', { name: s.officer.name })}
              {s.caseNumber && <div className="small">{t('visits.case', { number: s.caseNumber })}</div>}
              {s.result ? (
                <div className="small">{t('visits.result', { text: s.result })}</div>
              ) : (
                <div className="row">
                  <button type="button" onClick={() => void cancel(s)}>
                    {t('visits.cancel')}
                  </button>
                  <span className="muted small">{t('visits.change')}</span>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('visits.free')}</h3>
      {cases.length === 0 ? (
        <p className="muted small">{t('visits.noCases')}</p>
      ) : (
        <div className="field">
          <label htmlFor={ids.case}>{t('visits.forCase')}</label>
          <select id={ids.case} value={chosen} onChange={(e) => setCaseId(e.target.value)}>
            {cases.map((c) => (
              <option key={c.id} value={c.id}>
                {c.number} · {c.description.slice(0, 30)}
              </option>
            ))}
          </select>
        </div>
      )}
      {data.free.length === 0 ? (
        <p className="muted small">{t('visits.noneFree')}</p>
      ) : (
        <ul className="slots">
          {data.free.map((s) => (
            <li key={s.id} className="slot">
              <button type="button" disabled={!chosen} onClick={() => void book(s)}>
                {t('visits.book', { time: windowOf(s) })}
              </button>
              <span className="muted small"> {t('visits.officer', { name: s.officer.name })}</span>
            </li>
          ))}
        </ul>
      )}
      <FormError message={message} />
    </details>
  );
}

function ResultForm({ slot, onSaved }: { slot: VisitSlot; onSaved: () => void }) {
  const { t } = useTranslation();
  const token = useSession((s) => s.token);
  const errorText = useVisitError();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!token || !text.trim()) return;
    const r = await visitsApi.result(token, slot.id, text.trim());
    if (r.ok) onSaved();
    else setError(errorText(r));
  }
  return (
    <form onSubmit={(e) => void onSubmit(e)}>
      <label htmlFor={id}>{t('visits.resultLabel')}</label>
      <textarea
        id={id}
        rows={2}
        maxLength={VISIT_RESULT_MAX}
        value={text}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => setText(e.target.value)}
      />
      {error && (
        <p id={`${id}-error`} role="alert" className="field-error">
          {error}
        </p>
      )}
      <button type="submit" disabled={!text.trim()}>
        {t('visits.saveResult')}
      </button>
    </form>
  );
}

const localDay = (offsetDays = 0) => {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** An officer's visit windows: offer new ones, see a day's visits with who and what, record results. */
export function OfficerVisits() {
  const { t } = useTranslation();
  const token = useSession((s) => s.token);
  const version = useQueue((s) => s.visitsVersion);
  const windowOf = useWindow();
  const errorText = useVisitError();
  const [form, setForm] = useState({ date: localDay(1), from: '09:00', to: '10:00' });
  const [day, setDay] = useState(localDay());
  const [slots, setSlots] = useState<VisitSlot[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [reloads, setReloads] = useState(0);
  const ids = { day: useId() };

  useEffect(() => {
    if (!token || !open) return;
    let live = true;
    void visitsApi.forOfficer(token, day).then((r) => live && r.ok && setSlots(r.value.day));
    return () => {
      live = false;
    };
  }, [token, open, day, version, reloads]);

  async function publish(e: FormEvent) {
    e.preventDefault();
    if (!token) return;
    const r = await visitsApi.publish(token, form);
    setMessage(r.ok ? null : errorText(r));
    if (r.ok) {
      setDay(form.date);
      setReloads((n) => n + 1);
    }
  }

  async function cancel(slot: VisitSlot) {
    if (!token) return;
    const r = await visitsApi.cancel(token, slot.id);
    setMessage(r.ok ? null : errorText(r));
    setReloads((n) => n + 1);
  }

  return (
    <details className="card visits" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('visits.heading')}</summary>
      <form onSubmit={(e) => void publish(e)}>
        <h3>{t('visits.publishHeading')}</h3>
        <div className="row">
          <LabelledInput
            label={t('visits.date')}
            type="date"
            value={form.date}
            onChange={(e) => setForm({ ...form, date: e.target.value })}
          />
          <LabelledInput
            label={t('visits.from')}
            type="time"
            value={form.from}
            onChange={(e) => setForm({ ...form, from: e.target.value })}
          />
          <LabelledInput
            label={t('visits.to')}
            type="time"
            value={form.to}
            onChange={(e) => setForm({ ...form, to: e.target.value })}
          />
        </div>
        <button type="submit" className="primary">
          {t('visits.publish')}
        </button>
        <FormError message={message} />
      </form>
      <div className="field">
        <label htmlFor={ids.day}>{t('visits.day')}</label>
        <input id={ids.day} type="date" value={day} onChange={(e) => setDay(e.target.value)} />
      </div>
      <h3>{t('visits.dayList', { date: day })}</h3>
      {slots.length === 0 ? (
        <p className="muted small">{t('visits.noneDay')}</p>
      ) : (
        <ul className="slots">
          {slots.map((s) => (
            <li key={s.id} className={`slot ${s.booked ? 'slot-mine' : ''}`}>
              <strong>{windowOf(s)}</strong> · {s.merchant ? t('visits.bookedBy', s.merchant) : t('visits.freeSlot')}
              {s.caseNumber && <div className="small">{t('visits.case', { number: s.caseNumber })}</div>}
              {s.result && <div className="small">{t('visits.result', { text: s.result })}</div>}
              {s.booked && !s.result && (
                <>
                  <ResultForm slot={s} onSaved={() => setReloads((n) => n + 1)} />
                  <button type="button" onClick={() => void cancel(s)}>
                    {t('visits.cancel')}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

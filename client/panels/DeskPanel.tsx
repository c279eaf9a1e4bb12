import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { hallLayout } from '../../shared/layout.ts';
import { HallIntent } from '../../shared/protocol.ts';
import {
  CHECKLIST_ITEM_MAX,
  CHECKLIST_MAX_ITEMS,
  CHECKLIST_SUGGESTIONS,
  NOTES_MAX,
  OUTCOMES,
  RATING_LEVELS,
  type DeskTicket,
  type Outcome,
  type RatingSummary,
} from '../../shared/queue.ts';
import { casesApi } from '../net/casesApi.ts';
import { sendIntent } from '../net/hallConnection.ts';
import { useBoard, useQueue } from '../net/queueStore.ts';
import { useSession } from '../net/session.ts';
import { visitsApi } from '../net/visitsApi.ts';
import { walkTo } from '../net/walk.ts';
import { FilingState } from '../../shared/filing.ts';
import { isCode } from '../i18n/codes.ts';
import type { VisitSlot } from '../../shared/visits.ts';
import { DeskHistory } from './DeskHistory.tsx';
import { GuidanceReview } from './GuidancePanel.tsx';
import { useVisitError, useWindow } from './VisitsPanel.tsx';
import { useLabels, useNearDesk } from './labels.ts';

/** Seconds until a no-show may be marked for the ticket at the desk (0 once it may). */
function useGraceLeft(calledAt: number | null | undefined, graceMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!calledAt) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [calledAt]);
  return calledAt ? Math.max(0, Math.ceil((calledAt + graceMs - now) / 1000)) : 0;
}

function OpenDeskForm() {
  const { t } = useTranslation();
  const { service, desk } = useLabels();
  const board = useBoard((s) => s.desks);
  const near = useNearDesk('staffPoint');
  const free = hallLayout.desks.filter((d) => !board[d.id]?.open);
  const [deskId, setDeskId] = useState(free[0]?.id ?? hallLayout.desks[0]!.id);
  const [services, setServices] = useState<string[]>(hallLayout.desks.find((d) => d.id === deskId)!.services);
  const ids = { desk: useId() };

  const choose = (id: string) => {
    setDeskId(id);
    setServices(hallLayout.desks.find((d) => d.id === id)?.services ?? []);
  };
  // Walking behind a desk chooses it (adjusting state as the position changes).
  const [lastNear, setLastNear] = useState(near);
  if (near !== lastNear) {
    setLastNear(near);
    if (near) choose(near);
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (services.length === 0) return;
    sendIntent(HallIntent.openDesk, { deskId, services });
    // Opened from the panel: the officer's avatar takes its place behind the counter.
    const spot = hallLayout.desks.find((d) => d.id === deskId)?.staffPoint;
    if (spot && near !== deskId) walkTo(spot.x, spot.z);
  }

  return (
    <form onSubmit={onSubmit}>
      {near && <p className="muted small">{t('desk.nearDesk', { desk: desk(near) })}</p>}
      <div className="field">
        <label htmlFor={ids.desk}>{t('desk.choose')}</label>
        <select id={ids.desk} value={deskId} onChange={(e) => choose(e.target.value)}>
          {hallLayout.desks.map((d) => {
            const taken = board[d.id]?.open;
            const name = `${desk(d.id)} ${d.services.map(service).join('·')}`;
            return (
              <option key={d.id} value={d.id} disabled={taken}>
                {taken ? t('desk.taken', { desk: name, name: board[d.id]!.officer }) : name}
              </option>
            );
          })}
        </select>
      </div>
      <fieldset>
        <legend>{t('desk.services')}</legend>
        {hallLayout.services.map((s) => (
          <label key={s.id} className="choice">
            <input
              type="checkbox"
              checked={services.includes(s.id)}
              onChange={(e) => setServices(e.target.checked ? [...services, s.id] : services.filter((x) => x !== s.id))}
            />
            {service(s.id)}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="primary" disabled={services.length === 0 || board[deskId]?.open}>
        {t('desk.open')}
      </button>
    </form>
  );
}

function CompleteForm({ current }: { current: DeskTicket }) {
  const { t } = useTranslation();
  const { lang } = useLabels(); // 'zh' | 'en'
  const suggestions = (CHECKLIST_SUGGESTIONS[current.service] ?? []).map((s) => s[lang]);
  const [notes, setNotes] = useState('');
  const [items, setItems] = useState<string[]>([]);
  const [draft, setDraft] = useState('');
  const [outcome, setOutcome] = useState<Outcome>('resolved');
  const ids = { notes: useId(), draft: useId(), outcome: useId() };

  const toggle = (text: string, on: boolean) => setItems(on ? [...items, text] : items.filter((x) => x !== text));
  const add = () => {
    const text = draft.trim();
    if (text && !items.includes(text) && items.length < CHECKLIST_MAX_ITEMS) setItems([...items, text]);
    setDraft('');
  };

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    sendIntent(HallIntent.complete, { notes: notes.trim(), checklist: items, outcome });
  }

  return (
    <form onSubmit={onSubmit} className="complete-form">
      <h3>{t('desk.complete')}</h3>
      <fieldset>
        <legend>{t('desk.checklist')}</legend>
        {suggestions.map((text) => (
          <label key={text} className="choice">
            <input type="checkbox" checked={items.includes(text)} onChange={(e) => toggle(text, e.target.checked)} />
            {text}
          </label>
        ))}
        {items
          .filter((x) => !suggestions.includes(x))
          .map((text) => (
            <p key={text} className="row checklist-item">
              <span>{text}</span>
              <button type="button" aria-label={t('desk.removeItem', { text })} onClick={() => toggle(text, false)}>
                ×
              </button>
            </p>
          ))}
        <div className="field row">
          <label htmlFor={ids.draft} className="sr-only">
            {t('desk.addItem')}
          </label>
          <input
            id={ids.draft}
            value={draft}
            maxLength={CHECKLIST_ITEM_MAX}
            placeholder={t('desk.itemPlaceholder')}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
          />
          <button type="button" onClick={add}>
            {t('desk.add')}
          </button>
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={ids.notes}>{t('desk.notes')}</label>
        <textarea
          id={ids.notes}
          rows={2}
          maxLength={NOTES_MAX}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.outcome}>{t('desk.outcome')}</label>
        <select id={ids.outcome} value={outcome} onChange={(e) => setOutcome(e.target.value as Outcome)}>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {t(`outcomes.${o}`)}
            </option>
          ))}
        </select>
      </div>
      {outcome === 'followUpVisit' && current.caseId && <OfferVisit caseId={current.caseId} />}
      <button type="submit" className="primary">
        {t('desk.completeGo')}
      </button>
    </form>
  );
}

/** A follow-up visit: the officer books one of their own free windows for the case there and then. */
function OfferVisit({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const token = useSession((s) => s.token);
  const windowOf = useWindow();
  const visitError = useVisitError();
  const [free, setFree] = useState<VisitSlot[]>([]);
  const [slotId, setSlotId] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const id = useId();
  useEffect(() => {
    if (!token) return;
    let live = true;
    void visitsApi.forOfficer(token).then((r) => live && r.ok && setFree(r.value.free));
    return () => {
      live = false;
    };
  }, [token]);
  if (free.length === 0) return <p className="muted small">{t('visits.noOwnSlots')}</p>;
  const chosen = slotId || free[0]!.id;
  async function offer() {
    if (!token) return;
    const r = await visitsApi.offer(token, chosen, caseId);
    setMessage(r.ok ? t('visits.changed.booked', { time: windowOf(r.value) }) : visitError(r));
    if (r.ok) setFree(free.filter((s) => s.id !== chosen));
  }
  return (
    <div className="row">
      <label htmlFor={id}>{t('visits.chooseSlot')}</label>
      <select id={id} value={chosen} onChange={(e) => setSlotId(e.target.value)}>
        {free.map((s) => (
          <option key={s.id} value={s.id}>
            {windowOf(s)}
          </option>
        ))}
      </select>
      <button type="button" onClick={() => void offer()}>
        {t('visits.offer')}
      </button>
      <span role="status" className="small">
        {message}
      </span>
    </div>
  );
}

function CurrentTicket({ current, graceMs }: { current: DeskTicket; graceMs: number }) {
  const { t } = useTranslation();
  const { service } = useLabels();
  const graceLeft = useGraceLeft(current.status === 'called' ? current.calledAt : null, graceMs);
  const [to, setTo] = useState(hallLayout.services.find((s) => s.id !== current.service)!.id);
  const ids = { to: useId() };
  return (
    <div className="desk-current" aria-live="polite">
      <p>
        <strong>
          {t('desk.current', {
            number: current.number,
            service: service(current.service),
            status: t(`services.status.${current.status}`),
          })}
        </strong>
        {current.status === 'called' && (
          <span className="muted small"> {t('desk.calledTimes', { count: current.callCount })}</span>
        )}
      </p>
      <p>{t('desk.merchant', { name: current.merchant.name, shop: current.merchant.shop })}</p>
      {current.inLine && <p className="warn">{t('desk.inLine')}</p>}
      {current.merchant.phone && <p className="small">{t('desk.phone', { phone: current.merchant.phone })}</p>}
      <p className="small">
        {current.description ? t('desk.description', { text: current.description }) : t('desk.noDescription')}
      </p>
      <DeskHistory current={current} />
      {current.filings.length > 0 && (
        <details>
          <summary>
            {t('desk.filings')} ({current.filings.length})
          </summary>
          <ul className="history">
            {current.filings.map((f) => (
              <li key={f.id} className="small">
                {f.caseNumber} · {f.signText} · {isCode(FilingState, f.state) ? t(`filing.states.${f.state}`) : f.state}
              </li>
            ))}
          </ul>
        </details>
      )}
      {current.status === 'called' && (
        <div className="row">
          <button type="button" className="primary" onClick={() => sendIntent(HallIntent.startService, undefined)}>
            {t('desk.start')}
          </button>
          <button type="button" onClick={() => sendIntent(HallIntent.recall, undefined)}>
            {t('desk.recall')}
          </button>
          <button type="button" disabled={graceLeft > 0} onClick={() => sendIntent(HallIntent.noShow, undefined)}>
            {graceLeft > 0 ? t('desk.noShowIn', { seconds: graceLeft }) : t('desk.noShow')}
          </button>
        </div>
      )}
      <div className="row">
        <label htmlFor={ids.to}>{t('desk.transfer')}</label>
        <select id={ids.to} value={to} onChange={(e) => setTo(e.target.value)}>
          {hallLayout.services
            .filter((s) => s.id !== current.service)
            .map((s) => (
              <option key={s.id} value={s.id}>
                {service(s.id)}
              </option>
            ))}
        </select>
        <button type="button" onClick={() => sendIntent(HallIntent.transfer, { service: to })}>
          {t('desk.transferGo')}
        </button>
      </div>
      {current.status === 'serving' && current.caseId && <GuidanceReview caseId={current.caseId} />}
      {current.status === 'serving' && <CompleteForm key={current.ticketId} current={current} />}
    </div>
  );
}

/**
 * The officer's ratings in aggregate, fetched each time the list is opened; never who rated. The hall sends
 * figures only over whole groups of ratings, so none of them moves with a single merchant's rating.
 */
function MyRatings() {
  const { t } = useTranslation();
  const token = useSession((s) => s.token);
  const [summary, setSummary] = useState<RatingSummary | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!token || !open) return;
    let live = true;
    void casesApi.myRatings(token).then((r) => live && r.ok && setSummary(r.value));
    return () => {
      live = false;
    };
  }, [token, open]);
  const figures = summary?.figures ?? null;
  return (
    <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('desk.ratings')}</summary>
      {summary && !summary.figures && (
        <p className="muted small">{t('desk.ratingsNotYet', { min: summary.minimum })}</p>
      )}
      {summary && figures && (
        <>
          <p className="small">{t('desk.ratingsSummary', { count: figures.count, average: figures.average })}</p>
          <ul className="small">
            {RATING_LEVELS.map((l) => (
              <li key={l}>
                {t(`ratings.${l}`)}: {figures.levels[l]}
              </li>
            ))}
          </ul>
          <p className="muted small">{t('desk.ratingsSteps', { min: summary.minimum })}</p>
        </>
      )}
    </details>
  );
}

/**
 * An officer's desk: open it for chosen services (or walk behind it), then serve the line — call next,
 * recall, no-show after the grace time, transfer, begin, complete with the guidance checklist.
 */
export function DeskPanel() {
  const { t } = useTranslation();
  const { service, desk: deskName } = useLabels();
  const desk = useQueue((s) => s.desk);
  return (
    <section className="card desk-panel" aria-labelledby="desk-heading">
      <h2 id="desk-heading">{t('desk.heading')}</h2>
      {!desk?.deskId ? (
        <OpenDeskForm />
      ) : (
        <>
          <p>
            <strong>{t('desk.staffing', { desk: deskName(desk.deskId) })}</strong> ·{' '}
            {desk.services.map(service).join('·')}
          </p>
          {desk.paused && <p className="muted small">{t('desk.pausedNote')}</p>}
          <div className="row">
            {!desk.current && (
              <button
                type="button"
                className="primary"
                disabled={desk.paused}
                onClick={() => sendIntent(HallIntent.callNext, undefined)}
              >
                {t('desk.callNext')}
              </button>
            )}
            <button type="button" onClick={() => sendIntent(HallIntent.pauseDesk, { paused: !desk.paused })}>
              {desk.paused ? t('desk.resume') : t('desk.pause')}
            </button>
            <button type="button" onClick={() => sendIntent(HallIntent.closeDesk, undefined)}>
              {t('desk.close')}
            </button>
          </div>
          {desk.current ? (
            <CurrentTicket key={desk.current.ticketId} current={desk.current} graceMs={desk.graceMs} />
          ) : (
            <p className="muted small">{t('desk.idle')}</p>
          )}
        </>
      )}
      <MyRatings />
    </section>
  );
}

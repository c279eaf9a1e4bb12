import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { stationClock } from '../../shared/dates.ts';
import {
  COMMENT_MAX,
  RATING_LEVELS,
  type CaseDetail,
  type CaseSummary,
  type MyCasesAnswer,
  type RatingLevel,
} from '../../shared/queue.ts';
import type { GuidanceView } from '../../shared/guidance.ts';
import { casesApi } from '../net/casesApi.ts';
import { guidanceApi } from '../net/guidanceApi.ts';
import { useQueue } from '../net/queueStore.ts';
import { useSession } from '../net/session.ts';
import { CaseEntries } from './CaseEntries.tsx';
import { FormError } from './FormError.tsx';
import { useLabels } from './labels.ts';
import { useRefusalText } from './refusalText.ts';
import { useWindow } from './VisitsPanel.tsx';
import { FilingState } from '../../shared/filing.ts';
import { isCode } from '../i18n/codes.ts';

function RateForm({ detail, onRated }: { detail: CaseDetail; onRated: () => void }) {
  const { t } = useTranslation();
  const token = useSession((s) => s.token);
  const rated = useQueue((s) => s.rated);
  const [level, setLevel] = useState<RatingLevel | null>(null);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const refusal = useRefusalText();
  const ids = { comment: useId() };

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!token || level === null) return;
    const r = await casesApi.rate(token, detail.id, { level, ...(comment.trim() ? { comment: comment.trim() } : {}) });
    if (r.ok || r.error === 'already_rated') {
      rated(detail.id);
      onRated();
    } else setError(refusal(r));
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} className="rate-form">
      <fieldset>
        <legend>{t('cases.rate')}</legend>
        {RATING_LEVELS.map((l) => (
          <label key={l} className="choice">
            <input type="radio" name={`rate-${detail.id}`} checked={level === l} onChange={() => setLevel(l)} />
            {t(`ratings.${l}`)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={ids.comment}>{t('cases.comment')}</label>
        <textarea
          id={ids.comment}
          rows={2}
          maxLength={COMMENT_MAX}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
      </div>
      <FormError message={error} />
      <button type="submit" className="primary" disabled={level === null}>
        {t('cases.submit')}
      </button>
    </form>
  );
}

/** A moment on the station's clock, YYYY-MM-DD HH:MM: the day the station kept, whatever the phone's zone. */
function onStationClock(at: string, zone: string): string {
  const { date, time } = stationClock(at, zone);
  return `${date} ${time}`;
}

function CaseItem({ summary, zone, startOpen }: { summary: CaseSummary; zone: string; startOpen: boolean }) {
  const { t } = useTranslation();
  const { service, time } = useLabels();
  const token = useSession((s) => s.token);
  const version = useQueue((s) => s.casesVersion);
  const [open, setOpen] = useState(startOpen);
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [failed, setFailed] = useState(false);
  const [thanks, setThanks] = useState(false);
  const [reloads, setReloads] = useState(0);
  const [sheets, setSheets] = useState<GuidanceView[]>([]);
  const print = useQueue((s) => s.print);
  const windowOf = useWindow();

  useEffect(() => {
    if (!open || !token) return;
    let live = true;
    void casesApi.one(token, summary.id).then((r) => {
      if (!live) return;
      setFailed(!r.ok);
      if (r.ok) setDetail(r.value);
    });
    // Renovation guidance sheets kept with this case, each with its print view.
    if (summary.service === 'renovation') {
      void guidanceApi.mine(token).then((r) => {
        if (live && r.ok) setSheets(r.value.guidance.filter((g) => g.caseId === summary.id));
      });
    }
    return () => {
      live = false;
    };
  }, [open, token, summary.id, summary.service, version, reloads]);

  return (
    <li className="case">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {summary.number} · {service(summary.service)} ·{' '}
        {summary.outcome ? t(`outcomes.${summary.outcome}`) : t(`cases.${summary.status}`)}
      </button>
      <p className="muted small">{t('cases.updated', { time: onStationClock(summary.updatedAt, zone) })}</p>
      {open && failed && <p className="field-error">{t('cases.loadFailed')}</p>}
      {open && detail && (
        <div className="case-detail">
          {detail.description && (
            <>
              <h4>{t('cases.description')}</h4>
              <p className="pre">{detail.description}</p>
            </>
          )}
          {/* With several visits the guidance in force would sit far down the record: it leads while open. */}
          {detail.status === 'open' && detail.entries.length > 1 && detail.checklist.length > 0 && (
            <>
              <h4>{t('cases.inForce')}</h4>
              <ol>
                {detail.checklist.map((item, i) => (
                  <li key={i}>{item}</li>
                ))}
              </ol>
            </>
          )}
          {(detail.entries.length > 0 || detail.messages.length > 0) && (
            <>
              <h4>{t('cases.record', { count: detail.entries.length })}</h4>
              <CaseEntries entries={detail.entries} messages={detail.messages} />
            </>
          )}
          <p className="small muted">
            {t('cases.opened', { time: onStationClock(detail.createdAt, detail.zone) })}
            {detail.closedAt && ` · ${t('cases.closedAt', { time: onStationClock(detail.closedAt, detail.zone) })}`}
          </p>
          {detail.officerName && <p className="small">{t('cases.officer', { name: detail.officerName })}</p>}
          {detail.filings.map((f) => (
            <div key={f.id}>
              <h4>{t('filing.heading')}</h4>
              <p>
                {f.signText} · {isCode(FilingState, f.state) ? t(`filing.states.${f.state}`) : f.state}
              </p>
              {f.items.length > 0 && (
                <ol className="small">
                  {f.items.map((item, i) => (
                    <li key={i}>{item}</li>
                  ))}
                </ol>
              )}
              {f.deadline && <p className="small">{t('filing.followItems', { deadline: f.deadline })}</p>}
            </div>
          ))}
          {detail.visits.length > 0 && (
            <>
              <h4>{t('visits.heading')}</h4>
              <ul className="small">
                {detail.visits.map((v) => (
                  <li key={v.id}>
                    {windowOf(v)} · {t('visits.officer', { name: v.officerName })}
                  </li>
                ))}
              </ul>
            </>
          )}
          {sheets.length > 0 && (
            <>
              <h4>{t('guidance.sheets')}</h4>
              <ul className="small">
                {sheets.map((g) => (
                  <li key={g.id}>
                    {time(g.createdAt)} ·{' '}
                    {g.confirmedBy
                      ? t('guidance.confirmed', { name: g.confirmedBy, time: time(g.confirmedAt!) })
                      : t('guidance.pending')}{' '}
                    <button type="button" onClick={() => print(g)}>
                      {t('guidance.printView')}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
          {detail.rating ? (
            <p>{t('cases.rated', { level: t(`ratings.${detail.rating.level}`) })}</p>
          ) : (
            detail.canRate && (
              <RateForm
                detail={detail}
                onRated={() => {
                  setThanks(true);
                  setReloads((n) => n + 1);
                }}
              />
            )
          )}
          {thanks && <p role="status">{t('cases.thanks')}</p>}
        </div>
      )}
    </li>
  );
}

/** A merchant's cases (办件), with what was said, what to do, and the rating form once served. */
export function MyCases() {
  const { t } = useTranslation();
  const token = useSession((s) => s.token);
  const version = useQueue((s) => s.casesVersion);
  const toRate = useQueue((s) => s.toRate);
  const [cases, setCases] = useState<MyCasesAnswer | null>(null);
  const [open, setOpen] = useState(false);
  const [failed, setFailed] = useState(false);
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    if ((!open && version === 0) || !token) return;
    let live = true;
    void casesApi.mine(token).then((r) => {
      if (!live) return;
      setFailed(!r.ok);
      if (r.ok) setCases(r.value);
    });
    return () => {
      live = false;
    };
  }, [open, token, version, reloads]);

  const prompt = toRate.at(-1);
  return (
    <div className="my-cases-wrap">
      {prompt && !open && (
        <p className="card rate-prompt" role="status">
          {t('cases.ratePrompt', { number: prompt.number })}{' '}
          <button type="button" className="primary" onClick={() => setOpen(true)}>
            {t('cases.rateNow')}
          </button>
        </p>
      )}
      <details className="card my-cases" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>{t('cases.heading')}</summary>
        <button type="button" className="small" onClick={() => setReloads((n) => n + 1)}>
          {t('cases.refresh')}
        </button>
        {failed && <p className="field-error">{t('cases.loadFailed')}</p>}
        {cases && cases.cases.length === 0 && <p className="muted small">{t('cases.none')}</p>}
        {cases && cases.cases.length > 0 && (
          <ul className="cases">
            {cases.cases.map((c) => (
              <CaseItem key={c.id} summary={c} zone={cases.zone} startOpen={toRate.some((r) => r.caseId === c.id)} />
            ))}
          </ul>
        )}
      </details>
    </div>
  );
}

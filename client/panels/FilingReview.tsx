import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FilingAction, type FilingView, type ReviewInput } from '../../shared/filing.ts';
import { reviewStepsFor } from '../../shared/filingSteps.ts';
import type { VisitSlot } from '../../shared/visits.ts';
import { filingsApi, imageUrl } from '../net/filingsApi.ts';
import { visitsApi } from '../net/visitsApi.ts';
import { useQueue } from '../net/queueStore.ts';
import { useSession } from '../net/session.ts';
import { useLabels } from './labels.ts';
import { useRefusalText } from './refusalText.ts';
import { useWindow } from './VisitsPanel.tsx';

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

function FilingImage({ id, label }: { id: string; label: string }) {
  const token = useSession((s) => s.token);
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!token) return;
    let live = true;
    let made: string | null = null;
    void imageUrl(token, id).then((u) => {
      made = u;
      if (live) setUrl(u);
    });
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [token, id]);
  return url ? <img className="filing-preview" src={url} alt={label} /> : null;
}

function FilingDetail({ filing, onDone }: { filing: FilingView; onDone: (f: FilingView) => void }) {
  const { t } = useTranslation();
  const { time } = useLabels();
  const token = useSession((s) => s.token);
  const [items, setItems] = useState('');
  const [deadline, setDeadline] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const refusal = useRefusalText();
  const [ownFree, setOwnFree] = useState<VisitSlot[]>([]);
  const [slotId, setSlotId] = useState('');
  // The earliest due date the hall takes (today, on this device's calendar; the server judges by the station's).
  const [today] = useState(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  const ids = { items: useId(), deadline: useId(), slot: useId() };
  const f = filing.form;
  const steps = reviewStepsFor(filing.state);
  const windowOf = useWindow();
  const canBook = steps.includes(FilingAction.bookVisit);

  // The officer's own free windows, to book one for this filing.
  useEffect(() => {
    if (!token || !canBook) return;
    let live = true;
    void visitsApi.forOfficer(token).then((r) => live && r.ok && setOwnFree(r.value.free));
    return () => {
      live = false;
    };
  }, [token, canBook]);

  async function act(step: ReviewInput) {
    if (!token) return;
    const r = await filingsApi.review(token, filing.id, step);
    if (r.ok) {
      setMessage(t('review.done', { state: t(`filing.states.${r.value.state}`) }));
      setItems('');
      onDone(r.value);
    } else {
      // Every refusal in words; a code this panel does not know yet still reads as a refusal, never as a code.
      const reason = refusal(r, { scope: 'review.errors' });
      setMessage(t('review.failed', { reason }));
    }
  }

  return (
    <div className="filing-detail">
      {filing.merchant && <p>{t('review.merchant', filing.merchant)}</p>}
      <p>
        {filing.caseNumber} · {t(`filing.states.${filing.state}`)} · {time(filing.updatedAt)}
      </p>
      <dl className="small filing-fields">
        <dt>{t('filing.shopName')}</dt>
        <dd>{f.shopName}</dd>
        <dt>{t('filing.address')}</dt>
        <dd>{f.address}</dd>
        <dt>{t('filing.signText')}</dt>
        <dd>{f.signText}</dd>
        <dt>{t('filing.width')}</dt>
        <dd>{t('review.size', { width: f.width, height: f.height })}</dd>
        <dt>{t('filing.material')}</dt>
        <dd>{t(`filing.materials.${f.material}`)}</dd>
        <dt>{t('filing.mounting')}</dt>
        <dd>{t(`filing.mountings.${f.mounting}`)}</dd>
        <dt>{t('filing.lighting')}</dt>
        <dd>
          {t(`filing.lightings.${f.lighting}`)}
          {f.lightSource && ` · ${t(`filing.lightSources.${f.lightSource}`)}`}
        </dd>
        <dt>{t('filing.tenure')}</dt>
        <dd>
          {t(`filing.tenures.${f.tenure}`)} · {f.tenureDoc}
        </dd>
      </dl>
      <FilingImage id={f.designImage} label={t('filing.designImage')} />
      <FilingImage id={f.streetPhoto} label={t('filing.streetPhoto')} />
      {steps.includes(FilingAction.startReview) && (
        <button type="button" className="primary" onClick={() => void act({ action: FilingAction.startReview })}>
          {t('review.startReview')}
        </button>
      )}
      {(steps.includes(FilingAction.requestChanges) || steps.includes(FilingAction.acceptWithItems)) && (
        <div className="field">
          <label htmlFor={ids.items}>{t('review.changesLabel')}</label>
          <textarea id={ids.items} rows={3} value={items} onChange={(e) => setItems(e.target.value)} />
        </div>
      )}
      <div className="row">
        {steps.includes(FilingAction.requestChanges) && (
          <button
            type="button"
            disabled={lines(items).length === 0}
            onClick={() => void act({ action: FilingAction.requestChanges, items: lines(items) })}
          >
            {t('review.requestChanges')}
          </button>
        )}
        {steps.includes(FilingAction.file) && (
          <button type="button" className="primary" onClick={() => void act({ action: FilingAction.file })}>
            {t('review.file')}
          </button>
        )}
      </div>
      {steps.includes(FilingAction.acceptWithItems) && (
        <div className="row">
          <label htmlFor={ids.deadline}>{t('review.deadline')}</label>
          <input
            id={ids.deadline}
            type="date"
            min={today}
            value={deadline}
            onChange={(e) => setDeadline(e.target.value)}
          />
          <button
            type="button"
            disabled={lines(items).length === 0 || !deadline}
            onClick={() => void act({ action: FilingAction.acceptWithItems, items: lines(items), deadline })}
          >
            {t('review.acceptWithItems')}
          </button>
        </div>
      )}
      {canBook &&
        (ownFree.length === 0 ? (
          <p className="muted small">{t('visits.noOwnSlots')}</p>
        ) : (
          <div className="row">
            <label htmlFor={ids.slot}>{t('visits.chooseSlot')}</label>
            <select id={ids.slot} value={slotId || ownFree[0]!.id} onChange={(e) => setSlotId(e.target.value)}>
              {ownFree.map((s) => (
                <option key={s.id} value={s.id}>
                  {windowOf(s)}
                </option>
              ))}
            </select>
            <button
              type="button"
              onClick={() => void act({ action: FilingAction.bookVisit, slotId: slotId || ownFree[0]!.id })}
            >
              {t('visits.bookForFiling')}
            </button>
          </div>
        ))}
      <p role="status" className="small">
        {message}
      </p>
    </div>
  );
}

/** An officer's list of sign filings, newest steps announced live, each reviewable step by step. */
export function FilingReview() {
  const { t } = useTranslation();
  const token = useSession((s) => s.token);
  const version = useQueue((s) => s.filingsVersion);
  const [filings, setFilings] = useState<FilingView[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    if (!token || !open) return;
    let live = true;
    void filingsApi.list(token).then((r) => live && r.ok && setFilings(r.value.filings));
    return () => {
      live = false;
    };
  }, [token, version, open]);

  const current = filings.find((f) => f.id === selected);
  return (
    <details className="card filing-review" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('review.heading')}</summary>
      {filings.length === 0 && <p className="muted small">{t('review.none')}</p>}
      <ul className="filings">
        {filings.map((f) => (
          <li key={f.id}>
            <button
              type="button"
              aria-expanded={selected === f.id}
              aria-label={t('review.open', { shop: f.form.shopName })}
              onClick={() => setSelected(selected === f.id ? null : f.id)}
            >
              {f.form.shopName} · {f.form.signText} · {t(`filing.states.${f.state}`)}
            </button>
            {current?.id === f.id && (
              <FilingDetail
                key={`${f.id}-${f.state}`}
                filing={current}
                onDone={(next) => setFilings((all) => all.map((x) => (x.id === next.id ? next : x)))}
              />
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}

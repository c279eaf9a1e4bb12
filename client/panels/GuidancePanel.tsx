import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  COOKING_HEADS_MAX,
  GUIDANCE_ITEM_MAX,
  GUIDANCE_NOTES_MAX,
  SIGN_FILING_ITEM,
  type GuidanceAnswers,
  type GuidanceItem,
  type GuidanceView,
} from '../../shared/guidance.ts';
import { guidanceApi } from '../net/guidanceApi.ts';
import { useQueue } from '../net/queueStore.ts';
import { useSession } from '../net/session.ts';
import { FormError } from './FormError.tsx';
import { usePrintPage } from './printPage.ts';
import { useRefusalText } from './refusalText.ts';
import { useLabels } from './labels.ts';
import { useSignboardForm } from './SignboardForm.ts';
import { hasWords } from '../i18n/codes.ts';
import { zhCN } from '../i18n/zh-CN.ts';

const FLAGS = ['restaurant', 'facadeWork', 'kitchenWork', 'streetSide'] as const;

/** The sheet's items grouped by topic, removed ones left out, in the order the rules list them. */
function useGrouped(items: GuidanceItem[]) {
  const { lang } = useLabels();
  const groups = new Map<string, { id: string; text: string }[]>();
  for (const item of items) {
    if (item.status === 'removed') continue;
    groups.set(item.topic, [...(groups.get(item.topic) ?? []), { id: item.id, text: item.text[lang] }]);
  }
  return [...groups.entries()];
}

/** The items; on screen (not on paper) the sign-filing item opens the filing form. */
function SheetItems({ sheet, onOpenFiling }: { sheet: GuidanceView; onOpenFiling?: () => void }) {
  const { t } = useTranslation();
  const groups = useGrouped(sheet.items);
  let n = 0;
  return (
    <>
      {groups.map(([topic, items]) => (
        <section key={topic} className="sheet-topic">
          <h4>{hasWords(zhCN.guidance.topics, topic) ? t(`guidance.topics.${topic}`) : topic}</h4>
          <ol start={n + 1}>
            {items.map((item) => {
              n++;
              return (
                <li key={item.id}>
                  {item.text}
                  {onOpenFiling && item.id === SIGN_FILING_ITEM && (
                    <>
                      {' '}
                      <button type="button" className="link" onClick={onOpenFiling}>
                        {t('guidance.openFilingForm')}
                      </button>
                    </>
                  )}
                </li>
              );
            })}
          </ol>
        </section>
      ))}
      {sheet.notes && (
        <section className="sheet-topic">
          <h4>{t('guidance.notes')}</h4>
          <p className="pre">{sheet.notes}</p>
        </section>
      )}
    </>
  );
}

function worksOf(a: GuidanceAnswers, t: (k: string) => string): string {
  return FLAGS.filter((f) => a[f])
    .map((f) => (f === 'restaurant' ? `${t('guidance.restaurant')}（${a.cookingHeads}）` : t(`guidance.${f}`)))
    .join('；');
}

/**
 * The guidance sheet as a clean A4 page: on screen with Print and Back buttons, on paper (the print
 * stylesheet) with nothing but the sheet.
 */
export function PrintSheet() {
  const { t } = useTranslation();
  const { time } = useLabels();
  const sheet = useQueue((s) => s.printing);
  const close = useQueue((s) => s.print);
  usePrintPage(Boolean(sheet));
  if (!sheet) return null;
  return (
    <article className="print-sheet" aria-labelledby="sheet-title">
      <div className="print-actions row">
        <button type="button" className="primary" onClick={() => window.print()}>
          {t('guidance.print')}
        </button>
        <button type="button" onClick={() => close(null)}>
          {t('guidance.back')}
        </button>
      </div>
      <header>
        <h1 id="sheet-title">{t('guidance.printTitle')}</h1>
        <p>
          {t('guidance.case', { number: sheet.caseNumber })} · {t('guidance.created', { time: time(sheet.createdAt) })}
        </p>
        <p>{t('guidance.merchant', sheet.merchant)}</p>
        <p>
          {t('guidance.works')}：{worksOf(sheet.answers, t)}
        </p>
      </header>
      <SheetItems sheet={sheet} />
      <footer>
        <p>
          {sheet.confirmedBy
            ? t('guidance.confirmed', { name: sheet.confirmedBy, time: time(sheet.confirmedAt!) })
            : t('guidance.pending')}
        </p>
        <p>{t('guidance.signature')}</p>
      </footer>
    </article>
  );
}

/** A merchant asks for the renovation checklist and keeps the sheets, each printable. */
export function GuidancePanel() {
  const { t } = useTranslation();
  const { time } = useLabels();
  const token = useSession((s) => s.token);
  const version = useQueue((s) => s.filingsVersion);
  const print = useQueue((s) => s.print);
  const openFilingForm = useSignboardForm((s) => s.openForm);
  const [answers, setAnswers] = useState<GuidanceAnswers>({
    restaurant: false,
    facadeWork: false,
    kitchenWork: false,
    streetSide: false,
    cookingHeads: 0,
  });
  const [sheets, setSheets] = useState<GuidanceView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const refusal = useRefusalText();
  const [open, setOpen] = useState(false);
  const [reloads, setReloads] = useState(0);
  const ids = { heads: useId() };

  useEffect(() => {
    if (!token || !open) return;
    let live = true;
    void guidanceApi.mine(token).then((r) => live && r.ok && setSheets(r.value.guidance));
    return () => {
      live = false;
    };
  }, [token, open, version, reloads]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!token) return;
    if (answers.restaurant && !(answers.cookingHeads >= 1 && answers.cookingHeads <= COOKING_HEADS_MAX)) {
      setError(t('guidance.headsRequired'));
      document.getElementById(ids.heads)?.focus();
      return;
    }
    setError(null);
    setRefused(null);
    const r = await guidanceApi.create(token, {
      ...answers,
      cookingHeads: answers.restaurant ? answers.cookingHeads : 0,
    });
    if (r.ok) setReloads((n) => n + 1);
    else if (r.fields?.cookingHeads) setError(t('guidance.headsRequired'));
    else setRefused(refusal(r, { scope: 'guidance.errors' }));
  }

  return (
    <details className="card guidance" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('guidance.heading')}</summary>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <p className="muted small">{t('guidance.intro')}</p>
        {FLAGS.map((f) => (
          <label key={f} className="choice">
            <input
              type="checkbox"
              checked={answers[f]}
              onChange={(e) => setAnswers({ ...answers, [f]: e.target.checked })}
            />
            {t(`guidance.${f}`)}
          </label>
        ))}
        {answers.restaurant && (
          <div className="field">
            <label htmlFor={ids.heads}>{t('guidance.cookingHeads')}</label>
            <input
              id={ids.heads}
              type="number"
              inputMode="numeric"
              min={1}
              max={COOKING_HEADS_MAX}
              value={answers.cookingHeads || ''}
              aria-invalid={Boolean(error)}
              aria-describedby={error ? `${ids.heads}-error` : undefined}
              onChange={(e) => setAnswers({ ...answers, cookingHeads: Math.trunc(Number(e.target.value)) || 0 })}
            />
          </div>
        )}
        {error && (
          <p id={`${ids.heads}-error`} role="alert" className="field-error">
            {error}
          </p>
        )}
        <FormError message={refused} />
        <button type="submit" className="primary">
          {t('guidance.build')}
        </button>
      </form>
      <h3>{t('guidance.sheets')}</h3>
      {sheets.length === 0 && <p className="muted small">{t('guidance.none')}</p>}
      <ul className="sheets">
        {sheets.map((s) => (
          <li key={s.id} className="sheet">
            <p>
              <strong>{t('guidance.case', { number: s.caseNumber })}</strong> · {time(s.createdAt)}
            </p>
            <p className="small muted">
              {s.confirmedBy
                ? t('guidance.confirmed', { name: s.confirmedBy, time: time(s.confirmedAt!) })
                : t('guidance.pending')}
            </p>
            <SheetItems sheet={s} onOpenFiling={openFilingForm} />
            <button type="button" onClick={() => print(s)}>
              {t('guidance.printView')}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The officer serving a case confirms, amends or strikes each proposed item and adds what is missing. */
export function GuidanceReview({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { lang } = useLabels();
  const token = useSession((s) => s.token);
  const [sheets, setSheets] = useState<GuidanceView[]>([]);
  const [decisions, setDecisions] = useState<
    Record<string, { decision: 'confirmed' | 'amended' | 'removed'; text: string }>
  >({});
  const [added, setAdded] = useState('');
  const [notes, setNotes] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const refusal = useRefusalText();
  const ids = { added: useId(), notes: useId() };

  useEffect(() => {
    if (!token) return;
    let live = true;
    void guidanceApi.ofCase(token, caseId).then((r) => live && r.ok && setSheets(r.value.guidance));
    return () => {
      live = false;
    };
  }, [token, caseId]);

  const sheet = sheets[0];
  if (!sheet) return null;

  async function save() {
    if (!token || !sheet) return;
    const r = await guidanceApi.confirm(token, sheet.id, {
      items: sheet.items
        .filter((i) => i.status !== 'added')
        .map((i) => {
          const d = decisions[i.id] ?? { decision: 'confirmed' as const, text: '' };
          return {
            id: i.id,
            decision: d.decision,
            ...(d.decision === 'amended' && d.text.trim() ? { text: d.text.trim() } : {}),
          };
        }),
      added: added
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
      notes,
    });
    setMessage(r.ok ? t('guidance.saved') : null);
    setRefused(r.ok ? null : refusal(r, { scope: 'guidance.errors' }));
    if (r.ok) setSheets([r.value, ...sheets.slice(1)]);
  }

  return (
    <section className="guidance-review" aria-label={t('guidance.review')}>
      <h3>{t('guidance.review')}</h3>
      <ol>
        {sheet.items
          .filter((i) => i.status !== 'added')
          .map((item) => {
            const d = decisions[item.id] ?? { decision: 'confirmed', text: item.text[lang] };
            return (
              <li key={item.id}>
                <p className="small">{item.text[lang]}</p>
                <div className="row" role="radiogroup" aria-label={item.text[lang].slice(0, 40)}>
                  {(['confirmed', 'amended', 'removed'] as const).map((dec) => (
                    <label key={dec} className="choice">
                      <input
                        type="radio"
                        name={`g-${item.id}`}
                        checked={d.decision === dec}
                        onChange={() => setDecisions({ ...decisions, [item.id]: { ...d, decision: dec } })}
                      />
                      {t(`guidance.decisions.${dec}`)}
                    </label>
                  ))}
                </div>
                {d.decision === 'amended' && (
                  <textarea
                    aria-label={t('guidance.amendText')}
                    rows={2}
                    maxLength={GUIDANCE_ITEM_MAX}
                    value={d.text}
                    onChange={(e) => setDecisions({ ...decisions, [item.id]: { ...d, text: e.target.value } })}
                  />
                )}
              </li>
            );
          })}
      </ol>
      <div className="field">
        <label htmlFor={ids.added}>{t('guidance.addItems')}</label>
        <textarea id={ids.added} rows={2} value={added} onChange={(e) => setAdded(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={ids.notes}>{t('guidance.notes')}</label>
        <textarea
          id={ids.notes}
          rows={2}
          maxLength={GUIDANCE_NOTES_MAX}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
        />
      </div>
      <button type="button" onClick={() => void save()}>
        {t('guidance.save')}
      </button>
      <p role="status" className="small">
        {message}
      </p>
      <FormError message={refused} />
    </section>
  );
}

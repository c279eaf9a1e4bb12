import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  COOKING_HEADS_MAX,
  GUIDANCE_ITEM_MAX,
  GUIDANCE_NOTES_MAX,
  guidanceAnswersSchema,
  SIGN_FILING_ITEM,
  type ConfirmGuidanceInput,
  type GuidanceAnswers,
  type GuidanceItem,
  type GuidanceView,
} from '../../shared/guidance.ts';
import { guidanceApi } from '../net/guidanceApi.ts';
import { features } from '../net/queries.ts';
import { useQueue } from '../net/queueStore.ts';
import { useHallMutation, useHallQuery } from '../net/useHallQuery.ts';
import { Button, Field, fieldCodes, FormError } from '../ui/index.ts';
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
  const print = useQueue((s) => s.print);
  const openFilingForm = useSignboardForm((s) => s.openForm);
  const refusal = useRefusalText();
  const [answers, setAnswers] = useState<GuidanceAnswers>({
    restaurant: false,
    facadeWork: false,
    kitchenWork: false,
    streetSide: false,
    cookingHeads: 0,
  });
  const [headsError, setHeadsError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const headsId = useId();
  // Loaded once the panel is unfolded, and again whenever the hall says a sheet changed.
  const sheets = useHallQuery([features.guidance, 'mine'], (token) => guidanceApi.mine(token), { enabled: open });
  const create = useHallMutation(
    (token, a: GuidanceAnswers) => guidanceApi.create(token, a),
    [features.guidance, features.cases],
    { onError: (e) => e.refusal.fields?.cookingHeads && setHeadsError(t('guidance.headsRequired')) },
  );
  const refused = create.error && !create.error.refusal.fields?.cookingHeads ? create.error.refusal : null;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    create.reset();
    const asked = { ...answers, cookingHeads: answers.restaurant ? answers.cookingHeads : 0 };
    // The same rule the hall applies: a restaurant says how many cooking heads, within the bound.
    if (fieldCodes(guidanceAnswersSchema, asked, ['cookingHeads'], []).cookingHeads) {
      setHeadsError(t('guidance.headsRequired'));
      document.getElementById(headsId)?.focus();
      return;
    }
    setHeadsError(null);
    create.mutate(asked);
  }

  const list = sheets.data?.guidance ?? [];
  return (
    <details className="card guidance" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h2 className="summary-heading">{t('guidance.heading')}</h2>
      </summary>
      <form onSubmit={onSubmit} noValidate>
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
          <Field id={headsId} label={t('guidance.cookingHeads')} error={headsError}>
            <input
              type="number"
              inputMode="numeric"
              min={1}
              max={COOKING_HEADS_MAX}
              value={answers.cookingHeads || ''}
              onChange={(e) => setAnswers({ ...answers, cookingHeads: Math.trunc(Number(e.target.value)) || 0 })}
            />
          </Field>
        )}
        <FormError message={refused && refusal(refused, { scope: 'guidance.errors' })} />
        <Button type="submit" className="primary" busy={create.isPending}>
          {t('guidance.build')}
        </Button>
      </form>
      <h3>{t('guidance.sheets')}</h3>
      {sheets.isSuccess && list.length === 0 && <p className="muted small">{t('guidance.none')}</p>}
      {sheets.error && <FormError message={refusal(sheets.error.refusal)} />}
      <ul className="sheets">
        {list.map((s) => (
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
            <Button onClick={() => print(s)}>{t('guidance.printView')}</Button>
          </li>
        ))}
      </ul>
    </details>
  );
}

type Decision = { decision: 'confirmed' | 'amended' | 'removed'; text: string };

/** The officer serving a case confirms, amends or strikes each proposed item and adds what is missing. */
export function GuidanceReview({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { lang } = useLabels();
  const refusal = useRefusalText();
  const [decisions, setDecisions] = useState<Record<string, Decision>>({});
  const [added, setAdded] = useState('');
  const [notes, setNotes] = useState('');
  const sheets = useHallQuery([features.guidance, 'case', caseId], (token) => guidanceApi.ofCase(token, caseId));
  const confirm = useHallMutation(
    (token, v: { id: string; input: ConfirmGuidanceInput }) => guidanceApi.confirm(token, v.id, v.input),
    [features.guidance, features.cases],
  );

  const sheet = sheets.data?.guidance[0];
  if (!sheet) return null;

  function save() {
    if (!sheet) return;
    confirm.mutate({
      id: sheet.id,
      input: {
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
      },
    });
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
      <Field label={t('guidance.addItems')}>
        <textarea rows={2} value={added} onChange={(e) => setAdded(e.target.value)} />
      </Field>
      <Field label={t('guidance.notes')}>
        <textarea rows={2} maxLength={GUIDANCE_NOTES_MAX} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </Field>
      <Button busy={confirm.isPending} onClick={save}>
        {t('guidance.save')}
      </Button>
      <p role="status" className="small">
        {confirm.isSuccess ? t('guidance.saved') : null}
      </p>
      <FormError message={confirm.error && refusal(confirm.error.refusal, { scope: 'guidance.errors' })} />
    </section>
  );
}

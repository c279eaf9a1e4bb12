import { useTranslation } from 'react-i18next';
import { GUIDANCE_ITEM_MAX, type GuidanceItem } from '../../../shared/guidance.ts';
import { useLabels } from '../labels.ts';

export type Decision = { decision: 'confirmed' | 'amended' | 'removed'; text: string };

/** One proposed item as the officer reviews it: confirm, amend (with the new wording) or strike. */
export function ReviewItem({
  item,
  decision,
  onChange,
}: {
  item: GuidanceItem;
  decision: Decision | undefined;
  onChange: (d: Decision) => void;
}) {
  const { t } = useTranslation();
  const { lang } = useLabels();
  const d = decision ?? { decision: 'confirmed', text: item.text[lang] };
  return (
    <li>
      <p className="small">{item.text[lang]}</p>
      <div className="row" role="radiogroup" aria-label={item.text[lang].slice(0, 40)}>
        {(['confirmed', 'amended', 'removed'] as const).map((dec) => (
          <label key={dec} className="choice">
            <input
              type="radio"
              name={`g-${item.id}`}
              checked={d.decision === dec}
              onChange={() => onChange({ ...d, decision: dec })}
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
          onChange={(e) => onChange({ ...d, text: e.target.value })}
        />
      )}
    </li>
  );
}

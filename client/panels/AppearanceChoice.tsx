import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  BODY_SHAPES,
  CLOTHING_COLOURS,
  HAIR_COLOURS,
  HAIR_STYLES,
  type Appearance,
  type ClothingColour,
  type HairColour,
} from '../../shared/appearance.ts';
import { AppearanceFigure } from './AppearanceFigure.tsx';

const HAIR_COLOUR_KEYS = Object.keys(HAIR_COLOURS) as HairColour[];
const CLOTHING_KEYS = Object.keys(CLOTHING_COLOURS) as ClothingColour[];

const swatch = (fill: string) => <span className="swatch" style={{ background: fill }} aria-hidden="true" />;

/** One radio group: each option with its words and a picture (the shape or hair on a figure, or the colour). */
function Group<P extends keyof Appearance>({
  part,
  legend,
  options,
  text,
  sample,
  value,
  onChange,
}: {
  part: P;
  legend: string;
  options: readonly Appearance[P][];
  text: (option: Appearance[P]) => string;
  sample: (option: Appearance[P]) => ReactNode;
  value: Appearance;
  onChange: (next: Appearance) => void;
}) {
  const name = useId();
  return (
    <fieldset className={`appearance-group appearance-${part}`}>
      <legend>{legend}</legend>
      <div className="appearance-options">
        {options.map((option) => (
          <label key={option} className="appearance-option">
            <input
              type="radio"
              name={name}
              value={option}
              checked={value[part] === option}
              onChange={() => onChange({ ...value, [part]: option })}
            />
            {sample(option)}
            <span>{text(option)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * How a merchant looks in the hall: four radio groups (build, hair, hair colour, clothes), each option with
 * its words and a picture, and the whole figure beside them. Plain form controls, so the keyboard (arrows
 * within a group) and screen readers work as with any radio group. Staff wear uniform and never see this.
 */
export function AppearanceChoice({
  value,
  onChange,
  hint,
}: {
  value: Appearance;
  onChange: (next: Appearance) => void;
  /** A line under the choices (at sign-up: that it can be changed later). */
  hint?: string;
}) {
  const { t } = useTranslation();
  const shared = { value, onChange };
  return (
    <fieldset className="appearance">
      <legend>{t('appearance.legend')}</legend>
      <div className="appearance-body">
        <div className="appearance-preview">
          <AppearanceFigure appearance={value} size={72} />
        </div>
        <div className="appearance-groups">
          <Group
            part="body"
            legend={t('appearance.body.label')}
            options={BODY_SHAPES}
            text={(o) => t(`appearance.body.${o}`)}
            sample={(o) => <AppearanceFigure appearance={{ ...value, body: o }} size={30} neutral />}
            {...shared}
          />
          <Group
            part="hair"
            legend={t('appearance.hair.label')}
            options={HAIR_STYLES}
            text={(o) => t(`appearance.hair.${o}`)}
            sample={(o) => <AppearanceFigure appearance={{ ...value, hair: o }} size={30} />}
            {...shared}
          />
          <Group
            part="hairColour"
            legend={t('appearance.hairColour.label')}
            options={HAIR_COLOUR_KEYS}
            text={(o) => t(`appearance.hairColour.${o}`)}
            sample={(o) => swatch(HAIR_COLOURS[o])}
            {...shared}
          />
          <Group
            part="clothing"
            legend={t('appearance.clothing.label')}
            options={CLOTHING_KEYS}
            text={(o) => t(`appearance.clothing.${o}`)}
            sample={(o) => swatch(CLOTHING_COLOURS[o])}
            {...shared}
          />
        </div>
      </div>
      {hint ? <p className="muted small">{hint}</p> : null}
    </fieldset>
  );
}

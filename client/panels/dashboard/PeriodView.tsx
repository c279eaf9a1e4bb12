import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DASHBOARD_PERIOD_DAYS_MAX,
  parsePeriodQuery,
  type DashboardFieldError,
  type DashboardFields,
  type PeriodQuery,
} from '../../../shared/dashboard.ts';
import { Button, Field, FormError, focusAfter } from '../../ui/index.ts';
import { useRefusalText } from '../refusalText.ts';
import { ChartBlock } from './ChartBlock.tsx';
import { CHARTS, type Lang } from './charts.ts';
import { usePeriod } from './dashboardQueries.ts';
import { DataTable } from './DataTable.tsx';
import { PRESETS, presetOf, presetPeriod } from './periodPresets.ts';

/**
 * The period view, for the station lead and the admin: a period chosen by its dates or a preset (本周, 本月,
 * 近30天, each ending today on the station's calendar), then each table of the period with its charts above
 * it (each with a summary in words) and its CSV export.
 */
export function PeriodView({ today, lang }: { today: string; lang: Lang }) {
  const { t } = useTranslation();
  const refusal = useRefusalText();
  const [draft, setDraft] = useState<PeriodQuery>(() => presetPeriod('week', today));
  const [asked, setAsked] = useState<PeriodQuery>(draft);
  const [fields, setFields] = useState<DashboardFields>({});
  const ids = { from: useId(), to: useId() };
  const period = usePeriod(asked);
  const data = period.data;
  const preset = presetOf(asked, today);

  const fieldWords = (key: 'from' | 'to', code: DashboardFieldError | undefined, max = DASHBOARD_PERIOD_DAYS_MAX) =>
    code ? t(`dashboard.fieldErrors.${code}`, { field: t(`dashboard.${key}`), max }) : null;

  function ask(q: PeriodQuery) {
    const checked = parsePeriodQuery({ ...q }, DASHBOARD_PERIOD_DAYS_MAX);
    if (!checked.ok) {
      setFields(checked.fields);
      focusAfter(() => document.getElementById(checked.fields.from ? ids.from : ids.to));
      return;
    }
    setFields({});
    setDraft(checked.value);
    // The same period asked again is read again: a period that ends today goes on growing.
    if (checked.value.from === asked.from && checked.value.to === asked.to) void period.refetch();
    else setAsked(checked.value);
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    ask(draft);
  }

  // The hall's own check of the dates (its longest period may be the station's own setting).
  const served = period.error?.refusal.fields as DashboardFields | undefined;
  const limit = period.error?.refusal.limit;
  const serverMax = limit && Object.values(limit)[0];
  return (
    <div className="dash-period">
      <form className="dash-period-form" onSubmit={onSubmit} noValidate>
        <div className="row dash-presets" role="group" aria-label={t('dashboard.presetsLabel')}>
          {PRESETS.map((p) => (
            <Button key={p} className="small" aria-pressed={preset === p} onClick={() => ask(presetPeriod(p, today))}>
              {t(`dashboard.presets.${p}`)}
            </Button>
          ))}
        </div>
        <div className="row two">
          <Field id={ids.from} label={t('dashboard.from')} error={fieldWords('from', fields.from ?? served?.from)}>
            <input
              type="date"
              value={draft.from}
              max={today}
              onChange={(e) => setDraft({ ...draft, from: e.target.value })}
            />
          </Field>
          <Field
            id={ids.to}
            label={t('dashboard.to')}
            hint={t('dashboard.periodHint', { max: DASHBOARD_PERIOD_DAYS_MAX })}
            error={fieldWords('to', fields.to ?? served?.to, serverMax ?? DASHBOARD_PERIOD_DAYS_MAX)}
          >
            <input type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
          </Field>
        </div>
        <Button type="submit" className="primary" busy={period.isFetching}>
          {t('dashboard.show')}
        </Button>
      </form>
      {period.isPending && (
        <p className="muted small" role="status">
          <progress aria-label={t('dashboard.loading')} /> {t('dashboard.loading')}
        </p>
      )}
      <FormError
        message={
          period.error && !served
            ? period.error.refusal.error === 'not_permitted'
              ? t('dashboard.onlyLead')
              : refusal(period.error.refusal, { scope: 'dashboard.refused' })
            : null
        }
      />
      {data && (
        <>
          <h3 className="small" aria-live="polite">
            {t('dashboard.periodOf', { from: data.from, to: data.to })}
          </h3>
          {data.tables.map((table) => (
            <div key={table.name} className="dash-group">
              {CHARTS.filter((c) => c.table === table.name).map((spec) => (
                <ChartBlock key={spec.key} spec={spec} table={table} lang={lang} />
              ))}
              <DataTable table={table} period={{ from: data.from, to: data.to }} lang={lang} />
            </div>
          ))}
        </>
      )}
    </div>
  );
}

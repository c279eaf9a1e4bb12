import { useTranslation } from 'react-i18next';
import {
  cellShown,
  tableCsv,
  type ColumnKind,
  type DashboardTable,
  type PeriodQuery,
} from '../../../shared/dashboard.ts';
import { dashboardApi } from '../../net/dashboardApi.ts';
import { useHallMutation } from '../../net/useHallQuery.ts';
import { Button, FormError } from '../../ui/index.ts';
import { useRefusalText } from '../refusalText.ts';
import type { Lang } from './charts.ts';

/** Columns read as words, left-aligned; every other kind is a figure, right-aligned with its fellows. */
const TEXT_KINDS: ReadonlySet<ColumnKind> = new Set(['text', 'label', 'day']);

/** Saves a file under its name, as a download the browser keeps. */
function save(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // Long enough for the browser to have taken the file.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * One table of the period as the hall sent it, with its button to export it: the rows shown, written by the
 * shared CSV writer the hall's own export uses (a byte order mark, Chinese headers, CRLF, cells safe for Excel
 * and WPS), so the file is the table on screen. The hall is told first and writes the export to the audit log
 * (who, which period, which table), as it does its own; refused or unreachable, no file is saved. On a phone
 * the table scrolls sideways in its own box, which the keyboard reaches.
 */
export function DataTable({ table, period, lang }: { table: DashboardTable; period: PeriodQuery; lang: Lang }) {
  const { t } = useTranslation();
  const refusal = useRefusalText();
  const title = table.title[lang];
  // The rows on screen, not a fresh read: the file is what the lead was looking at, even while today goes on.
  const exporting = useHallMutation((token) => dashboardApi.exported(token, table.name, period), [], {
    onSuccess: ({ fileName }) => save(new Blob([tableCsv(table)], { type: 'text/csv;charset=utf-8' }), fileName),
  });

  return (
    <section className="dash-table-block" data-table={table.name}>
      <div className="row dash-table-head">
        <h4>{title}</h4>
        <Button
          className="small"
          busy={exporting.isPending}
          onClick={() => exporting.mutate()}
          aria-label={t('dashboard.exportCsvOf', { title })}
        >
          {t('dashboard.exportCsv')}
        </Button>
      </div>
      <FormError message={exporting.error && refusal(exporting.error.refusal, { scope: 'dashboard.refused' })} />
      {table.rows.length === 0 ? (
        <p className="muted small">{t('dashboard.noRows')}</p>
      ) : (
        <div className="dash-scroll" role="region" aria-label={t('dashboard.tableRegion', { title })} tabIndex={0}>
          <table className="dash-table small">
            <thead>
              <tr>
                {table.columns.map((c) => (
                  <th key={c.key} scope="col">
                    {c.name[lang]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, i) => {
                    const column = table.columns[i]!;
                    const shown = cellShown(column, cell, lang);
                    return (
                      <td key={column.key} className={TEXT_KINDS.has(column.kind) ? undefined : 'num'}>
                        {shown === null ? <span aria-label={t('dashboard.noFigure')}>—</span> : String(shown)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {table.omitted > 0 && <p className="muted small">{t('dashboard.omitted', { count: table.omitted })}</p>}
    </section>
  );
}

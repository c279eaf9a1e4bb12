import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../shared/queue.ts';
import { CaseEntries } from './CaseEntries.tsx';
import { CaseFilings } from './CaseFilings.tsx';
import { CaseSheets } from './CaseSheets.tsx';
import { CaseVisits } from './CaseVisits.tsx';
import { RateForm } from './RateForm.tsx';
import { useFocusOnChange } from '../../ui/index.ts';
import { onStationClock } from './stationClock.ts';

/** A case opened in "My cases": what it is about, its record, filings, visits and guidance sheets, its rating. */
export function CaseDetailView({
  detail,
  thanks,
  onRated,
}: {
  detail: CaseDetail;
  /** The merchant has just rated it here. */
  thanks: boolean;
  onRated: () => void;
}) {
  const { t } = useTranslation();
  // Rated here: the form and its button go away, and the focus goes to the thanks in their place.
  const thanksRef = useFocusOnChange<HTMLParagraphElement>(thanks || null);
  return (
    <div className="case-detail">
      {detail.description && (
        <>
          <h3>{t('cases.description')}</h3>
          <p className="pre">{detail.description}</p>
        </>
      )}
      {/* With several visits the guidance in force would sit far down the record: it leads while open. */}
      {detail.status === 'open' && detail.entries.length > 1 && detail.checklist.length > 0 && (
        <>
          <h3>{t('cases.inForce')}</h3>
          <ol>
            {detail.checklist.map((item, i) => (
              <li key={i}>{item}</li>
            ))}
          </ol>
        </>
      )}
      {(detail.entries.length > 0 || detail.messages.length > 0) && (
        <>
          <h3>{t('cases.record', { count: detail.entries.length })}</h3>
          <CaseEntries
            entries={detail.entries}
            messages={detail.messages}
            sheetOf={{ number: detail.number, service: detail.service }}
          />
        </>
      )}
      <p className="small muted">
        {t('cases.opened', { time: onStationClock(detail.createdAt, detail.zone) })}
        {detail.closedAt && ` · ${t('cases.closedAt', { time: onStationClock(detail.closedAt, detail.zone) })}`}
      </p>
      {detail.officerName && <p className="small">{t('cases.officer', { name: detail.officerName })}</p>}
      <CaseFilings filings={detail.filings} />
      <CaseVisits visits={detail.visits} />
      {detail.service === 'renovation' && <CaseSheets caseId={detail.id} />}
      {detail.rating ? (
        <p>{t('cases.rated', { level: t(`ratings.${detail.rating.level}`) })}</p>
      ) : (
        detail.canRate && <RateForm caseId={detail.id} onRated={onRated} />
      )}
      {thanks && (
        <p ref={thanksRef} role="status">
          {t('cases.thanks')}
        </p>
      )}
    </div>
  );
}

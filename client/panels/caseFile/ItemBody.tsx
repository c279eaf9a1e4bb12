import { useTranslation } from 'react-i18next';
import type { FileCase, FileMerchant, TimelineItem } from '../../../shared/caseFile.ts';
import { Conversation } from '../cases/Conversation.tsx';
import { ConcernFacts } from '../concerns/ConcernFacts.tsx';
import { ConcernTimeline } from '../concerns/ConcernTimeline.tsx';
import { DeskVisitBody } from './DeskVisitBody.tsx';
import { FilingBody } from './FilingBody.tsx';
import { Label } from './Label.tsx';

/** Everything a happening in the file holds, by kind. */
export function ItemBody({ item, merchant }: { item: TimelineItem; merchant: FileMerchant }) {
  const { t } = useTranslation();
  const caseNow = (c: FileCase) => (
    <p className="muted small">
      {t('caseFile.caseNow', { state: c.outcome ? t(`outcomes.${c.outcome}`) : t(`cases.${c.status}`) })}
    </p>
  );
  switch (item.kind) {
    case 'caseOpened':
      return (
        <>
          {item.description && (
            <>
              <Label>{t('cases.description')}</Label>
              <p className="pre">{item.description}</p>
            </>
          )}
          {caseNow(item.case)}
        </>
      );
    case 'deskVisit':
      return <DeskVisitBody item={item} merchant={merchant} />;
    case 'visitResult':
      return (
        <>
          <p className="small">{t('cases.visitEntry', { date: item.entry.visitStation?.date ?? item.station.date })}</p>
          <Label>{t('cases.visitFound')}</Label>
          <p className="pre">{item.entry.notes}</p>
          {caseNow(item.case)}
        </>
      );
    case 'visitBooked':
      return (
        <p className="small">
          {t('caseFile.visitWindow', {
            date: item.starts.date,
            from: item.starts.time,
            to: item.endsTime,
            name: item.officerName,
          })}
        </p>
      );
    case 'talk':
      return (
        <>
          {item.linesLeftOut > 0 && (
            <p className="muted small">{t('caseFile.linesLeftOut', { count: item.linesLeftOut })}</p>
          )}
          <Conversation lines={item.lines} />
        </>
      );
    case 'filing':
      return <FilingBody item={item} />;
    case 'concern':
      return (
        <>
          <ConcernFacts concern={item.concern} />
          <ConcernTimeline entries={item.concern.entries} />
        </>
      );
  }
}

import { useTranslation } from 'react-i18next';
import { PARTIES, type MeetingMinutes } from '../../../shared/meetings.ts';

/** Who sat at the table, by party (officers, property managers, merchant representatives), for the minutes. */
export function Attendees({ attendees }: { attendees: MeetingMinutes['attendees'] }) {
  const { t } = useTranslation();
  const groups = PARTIES.map((party) => ({
    party,
    names: attendees.filter((a) => a.party === party).map((a) => a.name),
  })).filter((g) => g.names.length > 0);
  if (groups.length === 0) return null;
  const list = groups
    .map((g) =>
      t('meeting.attendedParty', {
        party: t(`meetings.parties.${g.party}`),
        names: g.names.join(t('meeting.nameSeparator')),
      }),
    )
    .join(t('meeting.partySeparator'));
  return <p className="attendees">{t('meeting.attended', { list })}</p>;
}

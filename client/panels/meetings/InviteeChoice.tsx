import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PARTIES, type MeetingParty } from '../../../shared/meetings.ts';
import { useMerchantNamed, usePeople } from './meetingQueries.ts';

type Person = { id: string; name: string; party: MeetingParty; shop?: string };

/**
 * Who is invited, by party; merchants are many, so they are filtered by name or shop (those ticked stay), and
 * one the station has never dealt with is found by their account id or whole phone number.
 */
export function InviteeChoice({
  invited,
  onChange,
}: {
  invited: Record<string, MeetingParty>;
  onChange: (invited: Record<string, MeetingParty>) => void;
}) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const listed: Person[] = usePeople().data?.people ?? [];
  // A merchant the station has never dealt with is not listed: their account id or whole phone number finds them.
  const named: Person[] = useMerchantNamed(filter).data?.people ?? [];
  // Those found so and ticked stay in view when the text changes.
  const [kept, setKept] = useState<Person[]>([]);
  const people = [...listed];
  for (const p of [...kept, ...named]) if (!people.some((q) => q.id === p.id)) people.push(p);
  const filterId = useId();
  const shown = (p: Person) =>
    p.party !== 'merchant' ||
    !filter.trim() ||
    `${p.name}${p.shop ?? ''}`.includes(filter.trim()) ||
    named.some((n) => n.id === p.id) ||
    Boolean(invited[p.id]);
  return PARTIES.map((party) => (
    <fieldset key={party}>
      <legend>{t('meetings.invite', { party: t(`meetings.parties.${party}`) })}</legend>
      {party === 'merchant' && (
        <div className="field">
          <label htmlFor={filterId} className="sr-only">
            {t('meetings.filter')}
          </label>
          <input
            id={filterId}
            placeholder={t('meetings.filter')}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
        </div>
      )}
      <div className="invitee-list">
        {people
          .filter((p) => p.party === party && shown(p))
          .slice(0, 50)
          .map((p) => (
            <label key={p.id} className="choice">
              <input
                type="checkbox"
                checked={invited[p.id] === party}
                onChange={(e) => {
                  const next = { ...invited };
                  if (e.target.checked) next[p.id] = party;
                  else delete next[p.id];
                  if (e.target.checked && !listed.some((q) => q.id === p.id)) setKept((k) => [...k, p]);
                  onChange(next);
                }}
              />
              {p.name}
              {p.shop && <span className="muted small"> · {p.shop}</span>}
            </label>
          ))}
      </div>
    </fieldset>
  ));
}

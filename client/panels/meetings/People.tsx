import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PARTIES } from '../../../shared/meetings.ts';
import type { MeetingView, SeatView } from '../../net/meetingConnection.ts';
import { useNotices } from '../../net/stores.ts';
import { useRefusalText } from '../refusalText.ts';
import { useVoice } from '../../voice/voiceStore.ts';
import { useSetRoles } from './meetingQueries.ts';
import { PersonControls } from './PersonControls.tsx';

/** Who is at the table, by party; the chair mutes, removes and gives the floor from here. */
export function People({ view, me, chair }: { view: MeetingView; me: SeatView; chair: boolean }) {
  const { t } = useTranslation();
  /** The one person the chair is asked to confirm removing, if any. */
  const [removing, setRemoving] = useState<string | null>(null);
  const refusal = useRefusalText();
  const speaking = useVoice((s) => s.speaking);
  // The room shows the roles once the hall has them; a refusal is told, as nothing else would change.
  const roles = useSetRoles(view.meetingId, {
    onError: (error) => useNotices.getState().tell('refusals.asNotice', { text: refusal(error.refusal) }),
  });
  return (
    <div>
      <h3>{t('meeting.people')}</h3>
      {PARTIES.map((party) => {
        const people = view.participants.filter((p) => p.party === party);
        if (people.length === 0) return null;
        return (
          <section key={party} className={`party party-${party}`}>
            <h4>{t(`meetings.parties.${party}`)}</h4>
            <ul className="plain">
              {people.map((p) => (
                <li key={p.id} className={p.present ? '' : 'muted'}>
                  <span>
                    {p.name}
                    {p.shop && <span className="muted small"> · {p.shop}</span>}
                    {p.id === view.host && <span className="tag">{t('meeting.host')}</span>}
                    {p.chair && p.id !== view.host && <span className="tag">{t('meeting.coHost')}</span>}
                    {p.secretary && <span className="tag">{t('meeting.secretary')}</span>}
                    {p.muted && <span className="tag warn">{t('meeting.mutedTag')}</span>}
                    {speaking[p.id] && p.present && (
                      <span className="tag speaking-now">{t('meetingVoice.speakingNow')}</span>
                    )}
                    <span className="sr-only">
                      {' '}
                      {p.present ? (p.online ? t('meeting.here') : t('meeting.reconnecting')) : t('meeting.away')}
                    </span>
                  </span>
                  {p.id !== me.id && (
                    <PersonControls
                      view={view}
                      person={p}
                      me={me}
                      chair={chair}
                      removing={removing === p.id}
                      onRemoving={(asking) => setRemoving(asking ? p.id : null)}
                      onRoles={(coHostIds, secretaryIds) => roles.mutate({ coHostIds, secretaryIds })}
                    />
                  )}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

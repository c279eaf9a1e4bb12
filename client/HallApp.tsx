import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { CallAlert } from './panels/CallAlert.tsx';
import { ConnectionBanner } from './panels/ConnectionBanner.tsx';
import { DeskChat } from './panels/DeskChat.tsx';
import { DeskVoice } from './panels/voice/DeskVoice.tsx';
import { DeskPanel } from './panels/desk/DeskPanel.tsx';
import { FilingReview } from './panels/filings/FilingReview.tsx';
import { GuidancePanel } from './panels/guidance/GuidancePanel.tsx';
import { PrintSheet } from './panels/guidance/PrintSheet.tsx';
import { MeetingPanel } from './panels/meetings/MeetingPanel.tsx';
import { MeetingsPanel } from './panels/meetings/MeetingsPanel.tsx';
import { MinutesSheet } from './panels/meetings/MinutesSheet.tsx';
import { NoticeBoardPanel } from './panels/meetings/NoticeBoardPanel.tsx';
import { atTable, resumeMeeting, useMeeting } from './net/meetingConnection.ts';
import { queryClient } from './net/queries.ts';
import { MyCases } from './panels/cases/MyCases.tsx';
import { ConcernsDue } from './panels/concerns/ConcernsDue.tsx';
import { RaiseConcern } from './panels/concerns/RaiseConcern.tsx';
import { QueueBoardPanel } from './panels/QueueBoardPanel.tsx';
import { ServicesPanel } from './panels/services/ServicesPanel.tsx';
import { SignboardPanel } from './panels/signboard/SignboardPanel.tsx';
import { StationPosterPanel } from './panels/stations/StationPosterPanel.tsx';
import { TicketStrip } from './panels/TicketStrip.tsx';
import { MerchantVisits } from './panels/visits/MerchantVisits.tsx';
import { OfficerVisits } from './panels/visits/OfficerVisits.tsx';
import { CaseFileSearch } from './panels/caseFile/CaseFileSearch.tsx';
import { DashboardPanel } from './panels/dashboard/DashboardPanel.tsx';
import { ChecklistSheet } from './panels/caseFile/ChecklistSheet.tsx';
import { GoToPanel } from './panels/GoToPanel.tsx';
import { Joystick } from './panels/Joystick.tsx';
import { LoadingOverlay } from './panels/LoadingOverlay.tsx';
import { PeopleList } from './panels/PeopleList.tsx';
import { ProfilePanel } from './panels/ProfilePanel.tsx';
import { RecoveryCodeNotice } from './panels/RecoveryCodeNotice.tsx';
import { useSession } from './net/session.ts';
import { useConnection } from './net/stores.ts';
import { useCoarsePointer } from './panels/useCoarsePointer.ts';
import { SceneBoundary, SceneUnavailable } from './ui/SceneBoundary.tsx';

// three.js is most of the download: the panels show (and work) while the scene's code arrives.
const HallScene = lazy(() => import('./hall/HallScene.tsx'));
const MeetingScene = lazy(() => import('./meeting/MeetingScene.tsx'));

function SceneReady({ onReady }: { onReady: () => void }) {
  useEffect(onReady, [onReady]);
  return null;
}

/**
 * The signed-in hall: the connection, the panels and the 3D scenes. Its own chunk, loaded on the way in
 * (App.tsx), so the sign-in form never waits for it.
 */
export function HallApp() {
  const phase = useSession((s) => s.phase);
  const me = useSession((s) => s.me);
  const [sceneReady, setSceneReady] = useState(false);
  // A device that cannot draw the 3D view: the panels take the page, and it may be tried again.
  const [sceneFailed, setSceneFailed] = useState(false);
  const [sceneTries, setSceneTries] = useState(0);
  const coarse = useCoarsePointer();
  const inMeeting = useMeeting((s) => atTable(s.status));
  // Following the queue from the line (the hall was full): no avatar to walk, so no walking stick.
  const inLine = useConnection((s) => s.status === 'line');
  const meId = me?.id;

  useEffect(() => {
    // A reload while at a meeting table goes straight back to it.
    if (phase === 'signedIn' && meId) resumeMeeting(meId);
  }, [phase, meId]);

  return (
    <QueryClientProvider client={queryClient}>
      <ConnectionBanner />
      {phase !== 'signedIn' ? (
        <LoadingOverlay sceneReady={false} />
      ) : (
        <>
          <SceneBoundary
            key={`${inMeeting ? 'meeting' : 'hall'}-${sceneTries}`}
            onFailed={() => {
              setSceneFailed(true);
              setSceneReady(true);
            }}
          >
            <Suspense fallback={null}>
              {inMeeting ? <MeetingScene /> : <HallScene />}
              <SceneReady onReady={() => setSceneReady(true)} />
            </Suspense>
          </SceneBoundary>
          <LoadingOverlay sceneReady={sceneReady} />
          <TicketStrip />
          <CallAlert />
          <main id="panels" className={sceneFailed ? 'panels panels-full' : 'panels'} tabIndex={-1}>
            {sceneFailed && (
              <SceneUnavailable
                onRetry={() => {
                  setSceneFailed(false);
                  setSceneTries((n) => n + 1);
                }}
              />
            )}
            <RecoveryCodeNotice />
            <MeetingPanel />
            <DeskVoice />
            <DeskChat />
            {me?.kind === 'merchant' && <ServicesPanel />}
            {me?.kind === 'staff' && me.role === 'officer' && <DeskPanel />}
            {me?.kind === 'merchant' && <RaiseConcern key={`concern-${me.id}`} />}
            {me?.kind === 'staff' && <ConcernsDue />}
            {me?.kind === 'merchant' && <SignboardPanel key={`sign-${me.id}`} merchantId={me.id} />}
            {me?.kind === 'staff' && me.role === 'officer' && <FilingReview />}
            {me?.kind === 'merchant' && <GuidancePanel />}
            {me?.kind === 'merchant' && <MerchantVisits />}
            {me?.kind === 'staff' && me.role === 'officer' && <OfficerVisits />}
            {me?.kind === 'staff' && me.role === 'officer' && <CaseFileSearch />}
            {me?.kind === 'staff' && (me.role === 'officer' || me.role === 'admin') && (
              <DashboardPanel admin={me.role === 'admin'} />
            )}
            {me?.kind === 'merchant' && <MyCases />}
            <MeetingsPanel canSchedule={me?.kind === 'staff' && me.role === 'parkManager'} />
            <NoticeBoardPanel />
            {me?.kind === 'staff' && <StationPosterPanel />}
            <QueueBoardPanel />
            <GoToPanel />
            <PeopleList />
            {me?.kind === 'merchant' && <ProfilePanel key={me.id} me={me} />}
          </main>
          {coarse && !inMeeting && !inLine && !sceneFailed && <Joystick />}
        </>
      )}
      <PrintSheet />
      <ChecklistSheet />
      <MinutesSheet />
    </QueryClientProvider>
  );
}

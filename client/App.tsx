import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CallAlert } from './panels/CallAlert.tsx';
import { ConnectionBanner } from './panels/ConnectionBanner.tsx';
import { DeskChat } from './panels/DeskChat.tsx';
import { DeskPanel } from './panels/desk/DeskPanel.tsx';
import { FilingReview } from './panels/filings/FilingReview.tsx';
import { GuidancePanel, PrintSheet } from './panels/GuidancePanel.tsx';
import { MeetingPanel } from './panels/meetings/MeetingPanel.tsx';
import { MeetingsPanel } from './panels/meetings/MeetingsPanel.tsx';
import { MinutesSheet } from './panels/meetings/MinutesSheet.tsx';
import { NoticeBoardPanel } from './panels/meetings/NoticeBoardPanel.tsx';
import { atTable, resumeMeeting, useMeeting } from './net/meetingConnection.ts';
import { MyCases } from './panels/cases/MyCases.tsx';
import { QueueBoardPanel } from './panels/QueueBoardPanel.tsx';
import { ServicesPanel } from './panels/ServicesPanel.tsx';
import { SignboardPanel } from './panels/signboard/SignboardPanel.tsx';
import { TicketStrip } from './panels/TicketStrip.tsx';
import { MerchantVisits } from './panels/visits/MerchantVisits.tsx';
import { OfficerVisits } from './panels/visits/OfficerVisits.tsx';
import { GoToPanel } from './panels/GoToPanel.tsx';
import { Joystick } from './panels/Joystick.tsx';
import { LanguageSwitch } from './panels/LanguageSwitch.tsx';
import { LoadingOverlay } from './panels/LoadingOverlay.tsx';
import { MeBar } from './panels/MeBar.tsx';
import { Notices } from './panels/Notices.tsx';
import { PeopleList } from './panels/PeopleList.tsx';
import { ProfilePanel } from './panels/ProfilePanel.tsx';
import { RecoveryCodeNotice } from './panels/RecoveryCodeNotice.tsx';
import { SignInScreen } from './panels/SignInScreen.tsx';
import { useSession } from './net/session.ts';

// three.js is most of the download; the sign-in form shows while it loads.
const loadScene = () => import('./hall/HallScene.tsx');
const HallScene = lazy(loadScene);
const MeetingScene = lazy(() => import('./meeting/MeetingScene.tsx'));

function SceneReady({ onReady }: { onReady: () => void }) {
  useEffect(onReady, [onReady]);
  return null;
}

function useCoarsePointer(): boolean {
  const [coarse, setCoarse] = useState(() => window.matchMedia('(pointer: coarse)').matches);
  useEffect(() => {
    const mq = window.matchMedia('(pointer: coarse)');
    const on = () => setCoarse(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  return coarse;
}

export function App() {
  const { t } = useTranslation();
  const phase = useSession((s) => s.phase);
  const me = useSession((s) => s.me);
  const [sceneReady, setSceneReady] = useState(false);
  const coarse = useCoarsePointer();
  const inMeeting = useMeeting((s) => atTable(s.status));
  const meId = me?.id;

  useEffect(() => {
    void loadScene(); // start fetching the hall while the merchant types
  }, []);
  useEffect(() => {
    document.title = t('app.documentTitle');
  }, [t]);
  useEffect(() => {
    // A reload while at a meeting table goes straight back to it.
    if (phase === 'signedIn' && meId) resumeMeeting(meId);
  }, [phase, meId]);

  return (
    <div className="app">
      <a className="skip-link" href="#panels">
        {t('app.skipToPanels')}
      </a>
      <header className="topbar">
        <div className="brand">
          <h1>{t('app.title')}</h1>
          <p className="muted small">{t('app.subtitle')}</p>
        </div>
        <div className="topbar-actions">
          {me && <MeBar me={me} />}
          <LanguageSwitch />
        </div>
      </header>
      <ConnectionBanner />
      {phase === 'checking' ? (
        <LoadingOverlay sceneReady={false} />
      ) : phase === 'signedIn' ? (
        <>
          <Suspense fallback={null}>
            {inMeeting ? <MeetingScene /> : <HallScene />}
            <SceneReady onReady={() => setSceneReady(true)} />
          </Suspense>
          <LoadingOverlay sceneReady={sceneReady} />
          <TicketStrip />
          <CallAlert />
          <main id="panels" className="panels" tabIndex={-1}>
            <RecoveryCodeNotice />
            <MeetingPanel />
            <DeskChat />
            {me?.kind === 'merchant' && <ServicesPanel />}
            {me?.kind === 'staff' && me.role === 'officer' && <DeskPanel />}
            {me?.kind === 'merchant' && <SignboardPanel key={`sign-${me.id}`} merchantId={me.id} />}
            {me?.kind === 'staff' && me.role === 'officer' && <FilingReview />}
            {me?.kind === 'merchant' && <GuidancePanel />}
            {me?.kind === 'merchant' && <MerchantVisits />}
            {me?.kind === 'staff' && me.role === 'officer' && <OfficerVisits />}
            {me?.kind === 'merchant' && <MyCases />}
            <MeetingsPanel canSchedule={me?.kind === 'staff' && me.role === 'parkManager'} />
            <NoticeBoardPanel />
            <QueueBoardPanel />
            <GoToPanel />
            <PeopleList />
            {me?.kind === 'merchant' && <ProfilePanel key={me.id} me={me} />}
          </main>
          {coarse && !inMeeting && <Joystick />}
        </>
      ) : (
        <main id="panels" className="panels panels-centre" tabIndex={-1}>
          <SignInScreen />
        </main>
      )}
      <Notices />
      <PrintSheet />
      <MinutesSheet />
    </div>
  );
}

import { useState } from 'react';
import { Canvas } from '@react-three/fiber';
import { PerformanceMonitor } from '@react-three/drei';
import { useTranslation } from 'react-i18next';
import { useHallLayout } from '../net/layoutStore.ts';
import { Avatars } from './Avatars.tsx';
import { CameraRig } from './CameraRig.tsx';
import { DebugProbe } from './DebugProbe.tsx';
import { DeskStatuses } from './Desk.tsx';
import { EntranceSign } from './EntranceSign.tsx';
import { Floor } from './Floor.tsx';
import { FramePacer, useDrawingAwake } from './framePacer.ts';
import { NameTags } from './NameTags.tsx';
import { NoticeBoard } from './NoticeBoard.tsx';
import { initialQuality, qualityIsForced, type Quality } from './quality.ts';
import { QueueBoard } from './QueueBoard.tsx';
import { CallSpeaking } from './CallSpeaking.tsx';
import { SelfMarker } from './SelfMarker.tsx';
import { StaticHall } from './StaticHall.tsx';
import { useKeyboardWalk } from './useKeyboardWalk.ts';
import { Walls } from './Walls.tsx';

/**
 * Lowers the quality when frames come too slowly, judged only while the hall is drawn at the screen's rate (its
 * idle frames are few on purpose).
 */
function QualityWatch({ onDecline }: { onDecline: (q: Quality) => void }) {
  const awake = useDrawingAwake();
  return awake ? <PerformanceMonitor onDecline={() => onDecline('low')} /> : null;
}

/** The 3D hall: architecture from the layout data, everyone in it, and the camera that follows you. */
export default function HallScene() {
  const { t } = useTranslation();
  const [quality, setQuality] = useState<Quality>(initialQuality);
  useKeyboardWalk();
  const high = quality === 'high';
  const { spawn } = useHallLayout();
  return (
    <div className="scene" role="application" tabIndex={0} aria-label={t('scene.label')}>
      <Canvas
        frameloop="demand"
        shadows={high ? 'percentage' : false}
        dpr={high ? [1, 2] : [1, 1.25]}
        gl={{ antialias: high, powerPreference: 'high-performance' }}
        camera={{ fov: 50, near: 0.1, far: 120, position: [spawn.x, 9, spawn.z + 8] }}
      >
        {!qualityIsForced() && <QualityWatch onDecline={setQuality} />}
        <color attach="background" args={['#dfe9ef']} />
        <fog attach="fog" args={['#dfe9ef', 35, 80]} />
        <hemisphereLight args={['#fffaf0', '#c9c2b5', 1.1]} />
        <ambientLight intensity={0.35} />
        <directionalLight
          position={[8, 14, 6]}
          intensity={1.3}
          castShadow={high}
          shadow-mapSize={[1024, 1024]}
          shadow-camera-left={-20}
          shadow-camera-right={20}
          shadow-camera-top={14}
          shadow-camera-bottom={-14}
          shadow-bias={-0.0005}
        />
        <Floor />
        <StaticHall />
        <Walls />
        <EntranceSign />
        <DeskStatuses />
        <QueueBoard />
        <NoticeBoard />
        <Avatars shadows={high} />
        <SelfMarker />
        <CallSpeaking />
        <NameTags />
        <CameraRig />
        <DebugProbe />
        <FramePacer />
      </Canvas>
    </div>
  );
}

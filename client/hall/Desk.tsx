import { useFrame } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import type { Mesh, MeshStandardMaterial } from 'three';
import { useTranslation } from 'react-i18next';
import { hallLayout, type DeskDef } from '../../shared/layout.ts';
import { useBoard } from '../net/queueStore.ts';
import { useLabels } from '../panels/labels.ts';
import { makeLabelTexture } from './labelTexture.ts';

const LAMP = { open: '#2ecc71', paused: '#f39c12', closed: '#7f8c8d', calling: '#ff9f1c' };

/**
 * What a desk shows of its state: a lamp on the counter (green open, amber paused, grey closed), a placard
 * with the officer's name, and — while a number is called to it — a blinking lamp and a glowing spot on
 * the floor where the merchant should stand.
 */
function DeskStatus({ desk }: { desk: DeskDef }) {
  const board = useBoard((s) => s.desks[desk.id]);
  const lamp = useRef<MeshStandardMaterial>(null);
  const spot = useRef<Mesh>(null);
  const state = !board?.open ? 'closed' : board.calling ? 'calling' : board.paused ? 'paused' : 'open';
  const officer = board?.open ? board.officer : '';
  const { t } = useTranslation();
  const placard = useMemo(
    () =>
      makeLabelTexture({
        width: 384,
        height: 96,
        background: officer ? '#fdfcf8' : '#d9dde2',
        lines: officer
          ? [
              { text: officer, size: 36, weight: 700 },
              { text: t('signs.open'), size: 26, color: '#2f6b3a' },
            ]
          : [{ text: t('signs.closed'), size: 36, color: '#59626d' }],
      }),
    [officer, t],
  );
  useEffect(() => () => placard.dispose(), [placard]);
  useFrame(({ clock }) => {
    const on = state !== 'calling' || Math.sin(clock.elapsedTime * 6) > 0;
    if (lamp.current) lamp.current.emissiveIntensity = on ? 1.6 : 0.2;
    if (spot.current) {
      spot.current.visible = state === 'calling';
      spot.current.scale.setScalar(1 + 0.15 * Math.sin(clock.elapsedTime * 4));
    }
  });
  const { counter, servicePoint } = desk;
  return (
    <group>
      <mesh position={[counter.x + counter.w / 2 - 0.25, 1.16, counter.z]}>
        <sphereGeometry args={[0.09, 12, 8]} />
        <meshStandardMaterial ref={lamp} color={LAMP[state]} emissive={LAMP[state]} emissiveIntensity={1.2} />
      </mesh>
      <mesh position={[counter.x, 1.2, counter.z + 0.1]} rotation-x={-0.25}>
        <planeGeometry args={[1.2, 0.3]} />
        <meshBasicMaterial map={placard} toneMapped={false} />
      </mesh>
      <mesh ref={spot} position={[servicePoint.x, 0.02, servicePoint.z]} rotation-x={-Math.PI / 2} visible={false}>
        <ringGeometry args={[0.35, 0.55, 32]} />
        <meshBasicMaterial color={LAMP.calling} transparent opacity={0.85} toneMapped={false} />
      </mesh>
    </group>
  );
}

interface Props {
  desk: DeskDef;
  number: number;
  accent: string;
}

/** A service counter with the officer's chair behind it and a sign hanging above, in the page's language. */
export function Desk({ desk, number, accent }: Props) {
  const { counter, staffPoint } = desk;
  const { t } = useTranslation();
  const { lang } = useLabels();
  const sign = useMemo(() => {
    const services = hallLayout.services.filter((s) => desk.services.includes(s.id));
    return makeLabelTexture({
      width: 768,
      height: 320,
      background: '#fbfaf7',
      band: { color: accent, height: 70 },
      lines: [
        { text: services.map((s) => s.name[lang]).join(' · '), size: lang === 'zh' ? 96 : 72, weight: 700 },
        { text: t('deskName', { n: number }), size: 46, color: '#47505c' },
      ],
    });
  }, [desk, accent, lang, number, t]);
  const badge = useMemo(
    () =>
      makeLabelTexture({
        width: 256,
        height: 128,
        background: accent,
        lines: [{ text: t('deskName', { n: number }), size: 30, weight: 700, color: '#ffffff' }],
      }),
    [number, accent, t],
  );
  useEffect(() => () => sign.dispose(), [sign]);
  useEffect(() => () => badge.dispose(), [badge]);
  return (
    <group>
      <DeskStatus desk={desk} />
      {/* Counter body and top. */}
      <mesh position={[counter.x, 0.5, counter.z]} castShadow receiveShadow>
        <boxGeometry args={[counter.w, 1, counter.d]} />
        <meshStandardMaterial color="#f5f2ec" roughness={0.6} />
      </mesh>
      <mesh position={[counter.x, 1.03, counter.z]} castShadow>
        <boxGeometry args={[counter.w + 0.1, 0.06, counter.d + 0.1]} />
        <meshStandardMaterial color="#8a6a4f" roughness={0.5} />
      </mesh>
      <mesh position={[counter.x, 0.5, counter.z + counter.d / 2 + 0.005]}>
        <planeGeometry args={[counter.w, 0.12]} />
        <meshStandardMaterial color={accent} />
      </mesh>
      <mesh position={[counter.x, 0.75, counter.z + counter.d / 2 + 0.006]}>
        <planeGeometry args={[0.9, 0.45]} />
        <meshBasicMaterial map={badge} toneMapped={false} />
      </mesh>
      {/* Officer's chair. */}
      <group position={[staffPoint.x, 0, staffPoint.z]}>
        <mesh position={[0, 0.45, 0]} castShadow>
          <boxGeometry args={[0.5, 0.08, 0.5]} />
          <meshStandardMaterial color="#34495e" />
        </mesh>
        <mesh position={[0, 0.8, -0.24]} castShadow>
          <boxGeometry args={[0.5, 0.6, 0.06]} />
          <meshStandardMaterial color="#34495e" />
        </mesh>
        <mesh position={[0, 0.22, 0]}>
          <cylinderGeometry args={[0.04, 0.04, 0.44, 6]} />
          <meshStandardMaterial color="#555" />
        </mesh>
      </group>
      {/* Hanging sign. */}
      <group position={[counter.x, 2.75, counter.z]}>
        <mesh>
          <boxGeometry args={[2.5, 1.05, 0.06]} />
          <meshStandardMaterial color={accent} />
        </mesh>
        <mesh position={[0, 0, 0.035]}>
          <planeGeometry args={[2.4, 1]} />
          <meshBasicMaterial map={sign} toneMapped={false} />
        </mesh>
        <mesh position={[-1, 0.9, 0]}>
          <cylinderGeometry args={[0.01, 0.01, 0.8, 4]} />
          <meshStandardMaterial color="#666" />
        </mesh>
        <mesh position={[1, 0.9, 0]}>
          <cylinderGeometry args={[0.01, 0.01, 0.8, 4]} />
          <meshStandardMaterial color="#666" />
        </mesh>
      </group>
    </group>
  );
}

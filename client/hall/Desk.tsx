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
      // One word or name, as big as the placard takes: the lamp beside it tells open from paused.
      makeLabelTexture({
        width: 640,
        height: 160,
        background: officer ? '#fdfcf8' : '#d9dde2',
        lines: [
          officer
            ? { text: officer, size: 92, weight: 700 }
            : { text: t('signs.closed'), size: 80, weight: 600, color: '#3d4651' },
        ],
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
      <mesh position={[counter.x, 1.26, counter.z + 0.12]} rotation-x={-0.25}>
        <planeGeometry args={[1.6, 0.4]} />
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

/** The desk's sign: on the wall behind the officer, so it names the desk without ever hiding who serves. */
const SIGN = { w: 3.4, h: 1.4, y: 2.95 };

/**
 * A service counter with the officer's chair behind it and its sign on the wall behind, in the page's
 * language: the service in big type (English in English, not a subtitle), the desk's number on its band.
 */
export function Desk({ desk, number, accent }: Props) {
  const { counter, staffPoint } = desk;
  const { t } = useTranslation();
  const { lang } = useLabels();
  const sign = useMemo(() => {
    const services = hallLayout.services.filter((s) => desk.services.includes(s.id));
    return makeLabelTexture({
      width: 1024,
      height: Math.round((1024 * SIGN.h) / SIGN.w),
      background: '#fbfaf7',
      band: { color: accent, height: 140, text: t('deskName', { n: number }), size: 100 },
      lines: [{ text: services.map((s) => s.name[lang]).join(' · '), size: lang === 'zh' ? 170 : 116, weight: 800 }],
    });
  }, [desk, accent, lang, number, t]);
  const badge = useMemo(
    () =>
      makeLabelTexture({
        width: 512,
        height: 256,
        background: accent,
        lines: [{ text: t('deskName', { n: number }), size: 110, weight: 800, color: '#ffffff' }],
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
      {/* The sign on the wall behind the officer. */}
      <group position={[counter.x, SIGN.y, hallLayout.bounds.minZ + 0.04]}>
        <mesh>
          <boxGeometry args={[SIGN.w + 0.12, SIGN.h + 0.12, 0.06]} />
          <meshStandardMaterial color={accent} />
        </mesh>
        <mesh position={[0, 0, 0.035]}>
          <planeGeometry args={[SIGN.w, SIGN.h]} />
          <meshBasicMaterial map={sign} toneMapped={false} />
        </mesh>
      </group>
    </group>
  );
}

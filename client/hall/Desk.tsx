import { useFrame } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { TFunction } from 'i18next';
import {
  BoxGeometry,
  Color,
  CylinderGeometry,
  InstancedBufferAttribute,
  type InstancedMesh,
  Matrix4,
  MeshStandardMaterial,
  PlaneGeometry,
  RingGeometry,
  SphereGeometry,
  Vector3,
} from 'three';
import { useTranslation } from 'react-i18next';
import type { DeskDef, HallLayout } from '../../shared/layout.ts';
import { useHallLayout } from '../net/layoutStore.ts';
import { useBoard } from '../net/queueStore.ts';
import type { LabelOptions } from './labelTexture.ts';
import { LabelAtlas } from './signAtlas.ts';
import { keepDrawing } from './framePacer.ts';
import { makeSignMaterial, place, SignBatch, within, type SolidBatch, type UvRect } from './staticBatch.ts';

const LAMP = { open: '#2ecc71', paused: '#f39c12', closed: '#7f8c8d', calling: '#ff9f1c' };
type LampState = keyof typeof LAMP;

/** The desk's sign: on the wall behind the officer, so it names the desk without ever hiding who serves. */
const SIGN = { w: 3.4, h: 1.4, y: 2.95 };

/** Slots in the hall's sign atlas, canvas pixels. */
export const DESK_SIGN_LABEL = { w: 1024, h: Math.round((1024 * SIGN.h) / SIGN.w) };
export const DESK_BADGE_LABEL = { w: 512, h: 256 };

/**
 * The desk's sign in the page's language: the service in big type (English in English, not a subtitle),
 * the desk's number on its band.
 */
export function deskSignLabel(
  layout: HallLayout,
  desk: DeskDef,
  number: number,
  accent: string,
  t: TFunction,
  lang: 'zh' | 'en',
): Omit<LabelOptions, 'width' | 'height'> {
  const services = layout.services.filter((s) => desk.services.includes(s.id));
  return {
    background: '#fbfaf7',
    band: { color: accent, height: 140, text: t('deskName', { n: number }), size: 100 },
    lines: [{ text: services.map((s) => s.name[lang]).join(' · '), size: lang === 'zh' ? 170 : 116, weight: 800 }],
  };
}

/** The desk's number on the front of its counter. */
export function deskBadgeLabel(number: number, accent: string, t: TFunction): Omit<LabelOptions, 'width' | 'height'> {
  return {
    background: accent,
    lines: [{ text: t('deskName', { n: number }), size: 110, weight: 800, color: '#ffffff' }],
  };
}

/**
 * A service counter with the officer's chair behind it and its sign on the wall behind, baked into the
 * hall's static scenery; the sign and the badge show their slots of the sign atlas.
 */
export function addDesk(
  solid: SolidBatch,
  signs: SignBatch,
  desk: DeskDef,
  accent: string,
  sign: UvRect,
  badge: UvRect,
  layout: HallLayout,
): void {
  const { counter, staffPoint } = desk;
  // Counter body and top, the accent strip and the badge on its front.
  solid.add(new BoxGeometry(counter.w, 1, counter.d), place(counter.x, 0.5, counter.z), {
    color: '#f5f2ec',
    roughness: 0.6,
    cast: true,
    receive: true,
  });
  solid.add(new BoxGeometry(counter.w + 0.1, 0.06, counter.d + 0.1), place(counter.x, 1.03, counter.z), {
    color: '#8a6a4f',
    roughness: 0.5,
    cast: true,
  });
  solid.add(new PlaneGeometry(counter.w, 0.12), place(counter.x, 0.5, counter.z + counter.d / 2 + 0.005), {
    color: accent,
  });
  signs.add(new PlaneGeometry(0.9, 0.45), place(counter.x, 0.75, counter.z + counter.d / 2 + 0.006), badge);
  // Officer's chair.
  const chair = place(staffPoint.x, 0, staffPoint.z);
  solid.add(new BoxGeometry(0.5, 0.08, 0.5), within(chair, place(0, 0.45, 0)), { color: '#34495e', cast: true });
  solid.add(new BoxGeometry(0.5, 0.6, 0.06), within(chair, place(0, 0.8, -0.24)), { color: '#34495e', cast: true });
  solid.add(new CylinderGeometry(0.04, 0.04, 0.44, 6), within(chair, place(0, 0.22, 0)), { color: '#555555' });
  // The sign on the wall behind the officer.
  const at = place(counter.x, SIGN.y, layout.bounds.minZ + 0.04);
  solid.add(new BoxGeometry(SIGN.w + 0.12, SIGN.h + 0.12, 0.06), at, { color: accent });
  signs.add(new PlaneGeometry(SIGN.w, SIGN.h), within(at, place(0, 0, 0.035)), sign);
}

const PLACARD = { w: 640, h: 160 };
const m = new Matrix4();
const v = new Vector3();
const s = new Vector3();
const q = new Matrix4().makeRotationX(-Math.PI / 2);
const c = new Color();

/**
 * What each desk shows of its state: a lamp on the counter (green open, amber paused, grey closed), a placard
 * with the officer's name, and — while a number is called to it — a blinking lamp and a glowing spot on the
 * floor where the merchant should stand. All desks together: one draw call for the lamps, one for the
 * placards (one atlas), one for the spots while any is lit.
 */
export function DeskStatuses() {
  const desks = useHallLayout().desks;
  const board = useBoard((st) => st.desks);
  const { t, i18n } = useTranslation();
  const states = desks.map((desk): LampState => {
    const b = board[desk.id];
    return !b?.open ? 'closed' : b.calling ? 'calling' : b.paused ? 'paused' : 'open';
  });
  const officers = desks.map((desk) => (board[desk.id]?.open ? board[desk.id]!.officer : ''));

  const placards = useMemo(() => {
    const atlas = new LabelAtlas(
      desks.map(() => PLACARD),
      PLACARD.w + 8,
    );
    const batch = new SignBatch();
    desks.forEach(({ counter }, i) =>
      batch.add(new PlaneGeometry(1.6, 0.4), place(counter.x, 1.26, counter.z + 0.12, 0, -0.25), atlas.uv(i)),
    );
    return { atlas, geometry: batch.build(), material: makeSignMaterial(atlas.texture) };
  }, [desks]);
  useEffect(
    () => () => {
      placards.atlas.dispose();
      placards.geometry.dispose();
      placards.material.dispose();
    },
    [placards],
  );
  const painted = useRef<string[]>([]);
  const placardKey = officers.join('\n');
  useEffect(() => {
    let changed = false;
    officers.forEach((officer, i) => {
      const key = `${officer}|${i18n.language}`;
      if (painted.current[i] === key) return;
      painted.current[i] = key;
      changed = true;
      // One word or name, as big as the placard takes: the lamp beside it tells open from paused.
      placards.atlas.paint(i, {
        background: officer ? '#fdfcf8' : '#d9dde2',
        lines: [
          officer
            ? { text: officer, size: 92, weight: 700 }
            : { text: t('signs.closed'), size: 80, weight: 600, color: '#3d4651' },
        ],
      });
    });
    if (changed) placards.atlas.commit();
    // The officers' names and the language are what the placards show.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [placardKey, i18n.language, t, placards]);

  const lamps = useRef<InstancedMesh>(null);
  const spots = useRef<InstancedMesh>(null);
  const { lampGeometry, glow, lampMaterial } = useMemo(() => {
    const lampGeometry = new SphereGeometry(0.09, 12, 8);
    const glow = new InstancedBufferAttribute(new Float32Array(desks.length).fill(1.2), 1);
    lampGeometry.setAttribute('aGlow', glow);
    // Each lamp glows in its own colour at its own strength: the instance colour, times aGlow.
    const lampMaterial = new MeshStandardMaterial();
    lampMaterial.onBeforeCompile = (shader) => {
      shader.vertexShader = shader.vertexShader.replace(
        'void main() {',
        'attribute float aGlow;\nvarying float vGlow;\nvoid main() {\nvGlow = aGlow;',
      );
      shader.fragmentShader = shader.fragmentShader
        .replace('void main() {', 'varying float vGlow;\nvoid main() {')
        .replace('#include <emissivemap_fragment>', 'totalEmissiveRadiance = vColor.rgb * vGlow;');
    };
    lampMaterial.customProgramCacheKey = () => 'desk-lamp';
    return { lampGeometry, glow, lampMaterial };
  }, [desks.length]);
  const ringGeometry = useMemo(() => new RingGeometry(0.35, 0.55, 32), []);
  useEffect(
    () => () => {
      lampGeometry.dispose();
      lampMaterial.dispose();
      ringGeometry.dispose();
    },
    [lampGeometry, lampMaterial, ringGeometry],
  );

  // Lamp colours follow the desks' states (before the frame, so the first one has them).
  useLayoutEffect(() => {
    const mesh = lamps.current;
    if (!mesh) return;
    desks.forEach(({ counter }, i) => {
      mesh.setMatrixAt(i, m.makeTranslation(counter.x + counter.w / 2 - 0.25, 1.16, counter.z));
      mesh.setColorAt(i, c.set(LAMP[states[i]!]));
    });
    mesh.instanceMatrix.needsUpdate = true;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    mesh.computeBoundingSphere();
    keepDrawing();
  });

  useFrame(({ clock }) => {
    const on = Math.sin(clock.elapsedTime * 6) > 0;
    const pulse = 1 + 0.15 * Math.sin(clock.elapsedTime * 4);
    const ring = spots.current;
    let lit = 0;
    states.forEach((state, i) => {
      glow.setX(i, state !== 'calling' || on ? 1.6 : 0.2);
      if (state !== 'calling' || !ring) return;
      const { servicePoint } = desks[i]!;
      m.copy(q)
        .scale(s.setScalar(pulse))
        .setPosition(v.set(servicePoint.x, 0.02, servicePoint.z));
      ring.setMatrixAt(lit++, m);
    });
    glow.needsUpdate = true;
    if (ring) {
      ring.count = lit;
      ring.visible = lit > 0;
      ring.instanceMatrix.needsUpdate = true;
    }
    if (lit > 0) keepDrawing(); // a calling desk blinks
  });

  return (
    <group>
      <instancedMesh ref={lamps} args={[lampGeometry, lampMaterial, desks.length]} />
      <mesh geometry={placards.geometry} material={placards.material} />
      <instancedMesh ref={spots} args={[ringGeometry, undefined, desks.length]} frustumCulled={false} visible={false}>
        <meshBasicMaterial color={LAMP.calling} transparent opacity={0.85} toneMapped={false} />
      </instancedMesh>
    </group>
  );
}

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
import { SERVICE_ACCENTS } from './palette.ts';
import { makeSignMaterial, place, SignBatch, within, type SolidBatch, type UvRect } from './staticBatch.ts';

const accentOf = (i: number) => SERVICE_ACCENTS[i % SERVICE_ACCENTS.length]!;

const LAMP = { open: '#2ecc71', paused: '#f39c12', closed: '#7f8c8d', calling: '#ff9f1c' };
type LampState = keyof typeof LAMP;

/**
 * The desk's sign: on the wall behind the officer, so it names the desk without ever hiding who serves, and
 * big, because the benches see it from a phone's view at 17 to 20 m: its one big word is about a metre tall.
 */
export const DESK_SIGN = {
  /** Size and height of its middle, metres; it hangs on the north wall above the officer's head. */
  w: 4.6,
  h: 2.0,
  y: 2.95,
  /** Its slot in the desks' atlas, canvas pixels. */
  px: { w: 800, h: 348 },
  /** The band across its top (desk number, and the service while the big word is the state), canvas px. */
  band: 104,
  bandText: 74,
  /** The one big word: the service while open, else the state. */
  word: 180,
} as const;

/** Where the desk's sign hangs: the north wall, in front of its frame, facing the hall. */
export function deskSignAt(layout: HallLayout, desk: DeskDef): { x: number; y: number; z: number } {
  return { x: desk.counter.x, y: DESK_SIGN.y, z: layout.bounds.minZ + 0.04 + 0.035 };
}

/** What a desk's sign says: open (with its service), paused or closed. */
export type DeskSignState = 'open' | 'paused' | 'closed';

/**
 * Each service's short name on a sign, by its id; a service without one (another layout's) shows its own name
 * in the page's language.
 */
const SHORT_NAMES = {
  renovation: 'signs.short.renovation',
  signboard: 'signs.short.signboard',
  concerns: 'signs.short.concerns',
  consultation: 'signs.short.consultation',
} as const;
const hasShortName = (id: string): id is keyof typeof SHORT_NAMES => Object.hasOwn(SHORT_NAMES, id);

/** A service's name on a sign: its short name, else its name in the layout, else its id. */
function signName(layout: HallLayout, id: string, t: TFunction, lang: 'zh' | 'en'): string {
  if (hasShortName(id)) return t(SHORT_NAMES[id]);
  return layout.services.find((s) => s.id === id)?.name[lang] ?? id;
}

const SIGN_BACKGROUND: Record<DeskSignState, string> = { open: '#fbfaf7', paused: '#ffd98a', closed: '#c9ced5' };
const SIGN_WORD_COLOUR: Record<DeskSignState, string> = { open: '#111820', paused: '#3b2300', closed: '#2b323b' };

/**
 * The desk's sign in the page's language and its state, in as few words as read from the benches: one big
 * word — the service's short name while the desk is open, "暂停" / "Paused" or "未开放" / "Closed" otherwise
 * — in dark type on a light ground whose colour is the state's too; the band above names the desk (and the
 * service, when the big word is the state).
 */
export function deskSignLabel(
  layout: HallLayout,
  desk: DeskDef,
  number: number,
  accent: string,
  state: DeskSignState,
  t: TFunction,
  lang: 'zh' | 'en',
): Omit<LabelOptions, 'width' | 'height'> {
  const service = desk.services.map((id) => signName(layout, id, t, lang)).join(' · ');
  const deskName = t('deskName', { n: number });
  const word = state === 'open' ? service : t(state === 'paused' ? 'signs.deskPaused' : 'signs.closed');
  return {
    background: SIGN_BACKGROUND[state],
    band: {
      color: accent,
      height: DESK_SIGN.band,
      text: state === 'open' ? deskName : `${deskName} · ${service}`,
      size: DESK_SIGN.bandText,
    },
    lines: [{ text: word, size: DESK_SIGN.word, weight: 900, color: SIGN_WORD_COLOUR[state], fit: true }],
  };
}

export const DESK_BADGE_LABEL = { w: 512, h: 256 };

/** The desk's number on the front of its counter. */
export function deskBadgeLabel(number: number, accent: string, t: TFunction): Omit<LabelOptions, 'width' | 'height'> {
  return {
    background: accent,
    lines: [{ text: t('deskName', { n: number }), size: 110, weight: 800, color: '#ffffff' }],
  };
}

/**
 * A service counter with the officer's chair behind it and its sign's frame on the wall behind, baked into
 * the hall's static scenery; the badge shows its slot of the sign atlas. The sign itself changes with the
 * desk's state: {@link DeskStatuses} draws it.
 */
export function addDesk(
  solid: SolidBatch,
  signs: SignBatch,
  desk: DeskDef,
  accent: string,
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
  // The frame of the sign on the wall behind the officer.
  const at = place(counter.x, DESK_SIGN.y, layout.bounds.minZ + 0.04);
  solid.add(new BoxGeometry(DESK_SIGN.w + 0.12, DESK_SIGN.h + 0.12, 0.06), at, { color: accent });
}

const PLACARD = { w: 640, h: 160 };
const m = new Matrix4();
const v = new Vector3();
const s = new Vector3();
const q = new Matrix4().makeRotationX(-Math.PI / 2);
const c = new Color();

/**
 * What each desk shows of its state: its sign on the wall (the service while open, else paused or closed, in
 * type read from the benches), a lamp on the counter (green open, amber paused, grey closed), a placard with
 * the officer's name for those at the counter, and — while a number is called to it — a blinking lamp and a
 * glowing spot on the floor where the merchant should stand. All desks together: one draw call for the
 * lamps, one for the signs and placards (one atlas), one for the spots while any is lit.
 */
export function DeskStatuses() {
  const layout = useHallLayout();
  const { desks } = layout;
  const board = useBoard((st) => st.desks);
  const { t, i18n } = useTranslation();
  const lang: 'zh' | 'en' = i18n.language === 'en' ? 'en' : 'zh';
  const states = desks.map((desk): LampState => {
    const b = board[desk.id];
    return !b?.open ? 'closed' : b.calling ? 'calling' : b.paused ? 'paused' : 'open';
  });
  const officers = desks.map((desk) => (board[desk.id]?.open ? board[desk.id]!.officer : ''));
  // A desk held for its officer's return shows paused, as the calling screen says it.
  const signStates = desks.map((desk): DeskSignState => {
    const b = board[desk.id];
    return !b?.open ? 'closed' : b.paused || b.hold ? 'paused' : 'open';
  });

  const placards = useMemo(() => {
    // Slots: each desk's placard, then each desk's sign.
    const atlas = new LabelAtlas(
      [...desks.map(() => PLACARD), ...desks.map(() => DESK_SIGN.px)],
      2 * DESK_SIGN.px.w + 16,
    );
    const batch = new SignBatch();
    desks.forEach(({ counter }, i) =>
      batch.add(new PlaneGeometry(1.6, 0.4), place(counter.x, 1.26, counter.z + 0.12, 0, -0.25), atlas.uv(i)),
    );
    desks.forEach((desk, i) => {
      const at = deskSignAt(layout, desk);
      batch.add(new PlaneGeometry(DESK_SIGN.w, DESK_SIGN.h), place(at.x, at.y, at.z), atlas.uv(desks.length + i));
    });
    return { atlas, geometry: batch.build(), material: makeSignMaterial(atlas.texture) };
  }, [layout, desks]);
  useEffect(
    () => () => {
      placards.atlas.dispose();
      placards.geometry.dispose();
      placards.material.dispose();
    },
    [placards],
  );
  // What each slot of the atlas shows, for the atlas it was painted on (a new layout's atlas starts blank).
  const painted = useRef<{ atlas: LabelAtlas | null; keys: string[] }>({ atlas: null, keys: [] });
  const placardKey = `${officers.join('\n')}|${signStates.join(',')}`;
  useEffect(() => {
    if (painted.current.atlas !== placards.atlas) painted.current = { atlas: placards.atlas, keys: [] };
    const keys = painted.current.keys;
    let changed = false;
    desks.forEach((desk, i) => {
      const key = `sign|${signStates[i]}|${i18n.language}`;
      if (keys[desks.length + i] === key) return;
      keys[desks.length + i] = key;
      changed = true;
      placards.atlas.paint(desks.length + i, deskSignLabel(layout, desk, i + 1, accentOf(i), signStates[i]!, t, lang));
    });
    officers.forEach((officer, i) => {
      const key = `${officer}|${i18n.language}`;
      if (keys[i] === key) return;
      keys[i] = key;
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
    // The officers' names, the desks' states and the language are what the placards and signs show.
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

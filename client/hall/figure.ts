import {
  BoxGeometry,
  CylinderGeometry,
  IcosahedronGeometry,
  type InstancedMesh,
  Matrix4,
  Quaternion,
  SphereGeometry,
  Vector3,
  type BufferGeometry,
  Color,
} from 'three';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';
import { CLOTHING_COLOURS, decodeLook, HAIR_COLOURS, HAIR_STYLES, BODY_SHAPES } from '../../shared/appearance.ts';
import { Role } from '../../shared/roles.ts';
import { OFFLINE, ROLE_COLOURS, SKIN } from './palette.ts';

/**
 * The low-poly figures everyone is drawn as, in the hall and at the meeting table: their parts, and a batch
 * that places and dresses any number of them in a few instanced meshes (one torso mesh per body shape, one
 * hair mesh per style). Scratch objects are shared: no allocation per frame.
 */

/** The figure's own frame (where it stands, which way it faces, its build); parts are placed relative to it. */
export const base = new Matrix4();
const part = new Matrix4();
const out = new Matrix4();
export const q = new Quaternion();
export const v = new Vector3();
export const one = new Vector3(1, 1, 1);
export const yAxis = new Vector3(0, 1, 0);
const xAxis = new Vector3(1, 0, 0);
const build = new Vector3();
const colour = new Color();

/** Place part `index` of `target` at (x, y, z) in the figure's frame, swung about its joint by `swing`. */
export function compose(target: InstancedMesh, index: number, x: number, y: number, z: number, swing: number): void {
  q.setFromAxisAngle(xAxis, swing);
  v.set(x, y, z);
  part.compose(v, q, one);
  out.multiplyMatrices(base, part);
  target.setMatrixAt(index, out);
}

/**
 * How each body shape differs, in the order of BODY_SHAPES: the whole figure's scale (a slim person is
 * taller and narrower, a short one shorter), where the arms and legs hang, and how far the chest stands out
 * (for a badge).
 */
const BUILDS = [
  { scale: [1, 1, 1], shoulder: 0.3, hip: 0.1, chest: 0.23 },
  { scale: [0.88, 1.1, 0.9], shoulder: 0.24, hip: 0.08, chest: 0.19 },
  { scale: [1.08, 1.02, 1.08], shoulder: 0.42, hip: 0.13, chest: 0.27 },
  { scale: [1.02, 0.8, 1.02], shoulder: 0.33, hip: 0.11, chest: 0.27 },
] as const;

/** The hair styles drawn (BALD draws none); the index is the style's place in HAIR_STYLES. */
const DRAWN_HAIR = HAIR_STYLES.length - 1;
const HEAD_Y = 1.64;

export interface Parts {
  /** One per body shape, in the order of BODY_SHAPES. */
  torsos: BufferGeometry[];
  head: BufferGeometry;
  leg: BufferGeometry;
  arm: BufferGeometry;
  /** One per drawn hair style, in the order of HAIR_STYLES. */
  hairs: BufferGeometry[];
  /** An officer's peaked cap. */
  cap: BufferGeometry;
  /** The badge staff wear on the chest. */
  badge: BufferGeometry;
}

export function makeParts(): Parts {
  const torsos = [
    new CylinderGeometry(0.2, 0.27, 0.72, 8),
    new CylinderGeometry(0.17, 0.2, 0.74, 8),
    // Broad: wide shoulders narrowing to the waist.
    new CylinderGeometry(0.34, 0.24, 0.72, 6),
    // Short: round and full, wider at the middle.
    new SphereGeometry(0.3, 10, 8).scale(1, 1.25, 0.9),
  ];
  const head = new IcosahedronGeometry(0.2, 1);
  // Limbs hang from their joint, so rotating them swings about the hip or shoulder.
  const leg = new BoxGeometry(0.13, 0.66, 0.15).translate(0, -0.33, 0);
  const arm = new BoxGeometry(0.09, 0.56, 0.1).translate(0, -0.28, 0);
  // Hair sits on the head (placed at the head's centre): a crown that leaves the face free, and more.
  const crown = () => new SphereGeometry(0.225, 12, 6, 0, Math.PI * 2, 0, Math.PI * 0.52).translate(0, 0.01, -0.02);
  const short = crown();
  const long = mergeGeometries([crown(), new BoxGeometry(0.42, 0.46, 0.13).translate(0, -0.17, -0.14)])!;
  const bun = mergeGeometries([crown(), new SphereGeometry(0.11, 8, 6).translate(0, 0.2, -0.14)])!;
  const cap = mergeGeometries([
    new CylinderGeometry(0.235, 0.22, 0.13, 12).translate(0, 0.16, 0),
    new BoxGeometry(0.3, 0.025, 0.15).translate(0, 0.1, 0.2),
  ])!;
  const badge = new BoxGeometry(0.09, 0.11, 0.03);
  return { torsos, head, leg, arm, hairs: [short, long, bun], cap, badge };
}

/** The instanced meshes of one crowd of figures, filled in by FigureMeshes as they mount. */
export class FigureMeshSet {
  torsos: (InstancedMesh | null)[] = BODY_SHAPES.map(() => null);
  hairs: (InstancedMesh | null)[] = HAIR_STYLES.slice(0, DRAWN_HAIR).map(() => null);
  head: InstancedMesh | null = null;
  legs: InstancedMesh | null = null;
  arms: InstancedMesh | null = null;
  cap: InstancedMesh | null = null;
  badge: InstancedMesh | null = null;

  /** Whether every mesh is mounted. */
  ready(): boolean {
    if (!this.head || !this.legs || !this.arms || !this.cap || !this.badge) return false;
    for (const m of this.torsos) if (!m) return false;
    for (const m of this.hairs) if (!m) return false;
    return true;
  }
}

/** How one figure's limbs are swung this frame, in radians about the hip or shoulder. */
export interface Limbs {
  legL: number;
  legR: number;
  armL: number;
  armR: number;
}

const UNIFORM_TROUSERS = '#3d4350';
const CAP = '#16233a';
const BADGE = '#e3b341';

/**
 * Places figures in a FigureMeshSet, one after another each frame: `begin`, `add` per person, `end`.
 * Colours are written only when `paint` is set, since they change only when someone arrives, leaves or
 * changes how they look; the slots stay the same as long as the same people come in the same order.
 */
export class FigureBatch {
  private readonly torsoCount = BODY_SHAPES.map(() => 0);
  private readonly hairCount = HAIR_STYLES.map(() => 0);
  private count = 0;
  private capCount = 0;
  private badgeCount = 0;
  private set: FigureMeshSet | null = null;
  private paint = false;

  /** False while the meshes are not mounted yet: draw nothing this frame. */
  begin(set: FigureMeshSet, paint: boolean): boolean {
    if (!set.ready()) return false;
    this.set = set;
    this.paint = paint;
    this.torsoCount.fill(0);
    this.hairCount.fill(0);
    this.count = this.capCount = this.badgeCount = 0;
    return true;
  }

  /**
   * One figure standing at (x, y, z) facing `ry`, built and dressed as `look` says (shared/appearance.ts).
   * Staff wear their role's uniform whatever their look: officers with a cap, staff with a badge. A lost
   * connection greys the clothes.
   */
  add(x: number, y: number, z: number, ry: number, look: number, role: Role, online: boolean, limbs: Limbs): void {
    const set = this.set!;
    const a = decodeLook(look);
    const shape = BODY_SHAPES.indexOf(a.body);
    const b = BUILDS[shape]!;
    const staff = role !== Role.merchant;
    q.setFromAxisAngle(yAxis, ry);
    v.set(x, y, z);
    base.compose(v, q, build.set(b.scale[0], b.scale[1], b.scale[2]));
    const i = this.count++;
    const torso = set.torsos[shape]!;
    const t = this.torsoCount[shape]!++;
    const head = set.head!;
    const legs = set.legs!;
    const arms = set.arms!;
    compose(torso, t, 0, 1.06, 0, 0);
    compose(head, i, 0, HEAD_Y, 0, 0);
    compose(legs, 2 * i, -b.hip, 0.7, 0, limbs.legL);
    compose(legs, 2 * i + 1, b.hip, 0.7, 0, limbs.legR);
    compose(arms, 2 * i, -b.shoulder, 1.38, 0, limbs.armL);
    compose(arms, 2 * i + 1, b.shoulder, 1.38, 0, limbs.armR);
    const style = HAIR_STYLES.indexOf(a.hair);
    // An officer's cap covers the crown: long hair and a bun still show beneath it, short hair does not.
    const cap = role === Role.officer;
    const hairMesh = style < DRAWN_HAIR && !(cap && style === 0) ? set.hairs[style]! : null;
    const h = hairMesh ? this.hairCount[style]!++ : -1;
    if (hairMesh) compose(hairMesh, h, 0, HEAD_Y, 0, 0);
    const c = cap ? this.capCount++ : -1;
    if (cap) compose(set.cap!, c, 0, HEAD_Y, 0, 0);
    const g = staff ? this.badgeCount++ : -1;
    if (staff) compose(set.badge!, g, 0.1, 1.24, b.chest, 0);

    if (!this.paint) return;
    const uniform = staff ? ROLE_COLOURS[role] : null;
    const clothes = !online ? OFFLINE : (uniform?.body ?? CLOTHING_COLOURS[a.clothing]);
    const trousers = !online ? OFFLINE : (uniform?.legs ?? UNIFORM_TROUSERS);
    torso.setColorAt(t, colour.set(clothes));
    arms.setColorAt(2 * i, colour);
    arms.setColorAt(2 * i + 1, colour);
    legs.setColorAt(2 * i, colour.set(trousers));
    legs.setColorAt(2 * i + 1, colour);
    head.setColorAt(i, colour.set(SKIN));
    if (hairMesh) hairMesh.setColorAt(h, colour.set(online ? HAIR_COLOURS[a.hairColour] : OFFLINE));
    if (cap) set.cap!.setColorAt(c, colour.set(online ? CAP : OFFLINE));
    if (staff) set.badge!.setColorAt(g, colour.set(BADGE));
  }

  /** Sets each mesh's count and marks what changed for upload; empty meshes are not drawn at all. */
  end(): void {
    const set = this.set!;
    this.finish(set.head, this.count);
    this.finish(set.legs, 2 * this.count);
    this.finish(set.arms, 2 * this.count);
    this.finish(set.cap, this.capCount);
    this.finish(set.badge, this.badgeCount);
    for (let k = 0; k < set.torsos.length; k++) this.finish(set.torsos[k]!, this.torsoCount[k]!);
    for (let k = 0; k < set.hairs.length; k++) this.finish(set.hairs[k]!, this.hairCount[k]!);
  }

  private finish(m: InstancedMesh | null, n: number): void {
    if (!m) return;
    m.count = n;
    m.visible = n > 0;
    m.instanceMatrix.needsUpdate = true;
    if (this.paint && m.instanceColor) m.instanceColor.needsUpdate = true;
  }
}

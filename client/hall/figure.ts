import {
  BoxGeometry,
  BufferAttribute,
  type InstancedBufferAttribute,
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
import { uploadFirst } from './uploadFirst.ts';

/**
 * The low-poly figures everyone is drawn as, in the hall and at the meeting table: their parts, and a batch
 * that places and dresses any number of them in four instanced meshes. Scratch objects are shared: no allocation per frame.
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
export function compose(
  target: InstancedMesh,
  index: number,
  x: number,
  y: number,
  z: number,
  swing: number,
  size: Vector3 = one,
): void {
  q.setFromAxisAngle(xAxis, swing);
  v.set(x, y, z);
  part.compose(v, q, size);
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

/**
 * The figure's parts, merged so a crowd is four instanced meshes: every torso shape in one geometry, the
 * hair styles and the officer's cap in another, the head, and one box for the limbs and the staff badge
 * (each sized by its instance). Each instance carries `aVariant`, the variant it shows; each vertex carries
 * `aPart`, a bit set of the variants it belongs to, and the vertex shader folds away the rest
 * (FigureMeshes.tsx): a crown shared by three hair styles is there once.
 */
export interface Parts {
  /** Variants: the body shapes, in the order of BODY_SHAPES. */
  torso: BufferGeometry;
  head: BufferGeometry;
  /** Variants: the drawn hair styles, in the order of HAIR_STYLES, then the cap. */
  hair: BufferGeometry;
  /** Variants: a leg, an arm, the badge; one box hanging from its joint, sized per instance. */
  limbs: BufferGeometry;
}

/** The cap's variant in the hair mesh. */
const CAP = DRAWN_HAIR;
const LEG = 0;
const ARM = 1;
const BADGE = 2;
const LEG_SIZE = new Vector3(0.13, 0.66, 0.15);
const ARM_SIZE = new Vector3(0.09, 0.56, 0.1);
const BADGE_SIZE = new Vector3(0.09, 0.11, 0.03);
/** Variants from this one on cast no shadow: in the limbs mesh, the badge (as before, too small to). */
export const LIMBS_SHADOWLESS_FROM = BADGE;
/** Instances each mesh may need per figure. */
export const PER_FIGURE = { torso: 1, head: 1, hair: 2, limbs: 5 } as const;
/** Roughness of each variant, in the order of the variants. */
export const ROUGHNESS = {
  torso: BODY_SHAPES.map(() => 0.7),
  head: [0.8],
  hair: [...HAIR_STYLES.slice(0, DRAWN_HAIR).map(() => 0.9), 0.6],
  limbs: [0.8, 0.7, 0.3],
} as const;

/** One geometry of pieces, each tagged with the bit set of the variants it belongs to. */
function variants(pieces: [BufferGeometry, number][]): BufferGeometry {
  for (const [g, mask] of pieces) {
    g.deleteAttribute('uv');
    g.setAttribute('aPart', new BufferAttribute(new Float32Array(g.getAttribute('position').count).fill(mask), 1));
  }
  const merged = mergeGeometries(pieces.map(([g]) => g))!;
  for (const [g] of pieces) g.dispose();
  return merged;
}

const bit = (k: number) => 1 << k;

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
  // Hair sits on the head (placed at the head's centre): a crown that leaves the face free, and more.
  const [SHORT, LONG, BUN] = [0, 1, 2].map(bit) as [number, number, number];
  const crown = new SphereGeometry(0.225, 12, 6, 0, Math.PI * 2, 0, Math.PI * 0.52).translate(0, 0.01, -0.02);
  const hair: [BufferGeometry, number][] = [
    [crown, SHORT | LONG | BUN],
    [new BoxGeometry(0.42, 0.46, 0.13).translate(0, -0.17, -0.14), LONG],
    [new SphereGeometry(0.11, 8, 6).translate(0, 0.2, -0.14), BUN],
    [new CylinderGeometry(0.235, 0.22, 0.13, 12).translate(0, 0.16, 0), bit(CAP)],
    [new BoxGeometry(0.3, 0.025, 0.15).translate(0, 0.1, 0.2), bit(CAP)],
  ];
  // Limbs hang from their joint, so rotating them swings about the hip or shoulder.
  const limb = new BoxGeometry(1, 1, 1).translate(0, -0.5, 0);
  return {
    torso: variants(torsos.map((g, k) => [g, bit(k)])),
    head,
    hair: variants(hair),
    limbs: variants([[limb, bit(LEG) | bit(ARM) | bit(BADGE)]]),
  };
}

/** The instanced meshes of one crowd of figures, filled in by FigureMeshes as they mount. */
export class FigureMeshSet {
  torso: InstancedMesh | null = null;
  head: InstancedMesh | null = null;
  hair: InstancedMesh | null = null;
  limbs: InstancedMesh | null = null;

  /** Whether every mesh is mounted. */
  ready(): boolean {
    return !!(this.torso && this.head && this.hair && this.limbs);
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
const CAP_COLOUR = '#16233a';
const BADGE_COLOUR = '#e3b341';

/** The per-instance variant attribute of a figure mesh. */
function variantsOf(m: InstancedMesh): InstancedBufferAttribute {
  return m.geometry.getAttribute('aVariant') as InstancedBufferAttribute;
}

/**
 * Places figures in a FigureMeshSet, one after another each frame: `begin`, `add` per person, `end`.
 * Colours and variants are written only when `paint` is set, since they change only when someone arrives,
 * leaves or changes how they look; the slots stay the same as long as the same people come in the same order.
 */
export class FigureBatch {
  private count = 0;
  private hairCount = 0;
  private limbCount = 0;
  private set: FigureMeshSet | null = null;
  private paint = false;

  /** False while the meshes are not mounted yet: draw nothing this frame. */
  begin(set: FigureMeshSet, paint: boolean): boolean {
    if (!set.ready()) return false;
    this.set = set;
    this.paint = paint;
    this.count = this.hairCount = this.limbCount = 0;
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
    const torso = set.torso!;
    const head = set.head!;
    const hair = set.hair!;
    const parts = set.limbs!;
    compose(torso, i, 0, 1.06, 0, 0);
    compose(head, i, 0, HEAD_Y, 0, 0);
    const l = this.limbCount;
    this.limbCount += staff ? 5 : 4;
    compose(parts, l, -b.hip, 0.7, 0, limbs.legL, LEG_SIZE);
    compose(parts, l + 1, b.hip, 0.7, 0, limbs.legR, LEG_SIZE);
    compose(parts, l + 2, -b.shoulder, 1.38, 0, limbs.armL, ARM_SIZE);
    compose(parts, l + 3, b.shoulder, 1.38, 0, limbs.armR, ARM_SIZE);
    // The badge box hangs from its top too: its centre on the chest.
    if (staff) compose(parts, l + 4, 0.1, 1.24 + BADGE_SIZE.y / 2, b.chest, 0, BADGE_SIZE);
    const style = HAIR_STYLES.indexOf(a.hair);
    // An officer's cap covers the crown: long hair and a bun still show beneath it, short hair does not.
    const cap = role === Role.officer;
    const drawsHair = style < DRAWN_HAIR && !(cap && style === 0);
    const h = drawsHair ? this.hairCount++ : -1;
    if (drawsHair) compose(hair, h, 0, HEAD_Y, 0, 0);
    const c = cap ? this.hairCount++ : -1;
    if (cap) compose(hair, c, 0, HEAD_Y, 0, 0);

    if (!this.paint) return;
    const uniform = staff ? ROLE_COLOURS[role] : null;
    const clothes = !online ? OFFLINE : (uniform?.body ?? CLOTHING_COLOURS[a.clothing]);
    const trousers = !online ? OFFLINE : (uniform?.legs ?? UNIFORM_TROUSERS);
    variantsOf(torso).setX(i, shape);
    torso.setColorAt(i, colour.set(clothes));
    const kinds = variantsOf(parts);
    kinds.setX(l, LEG);
    kinds.setX(l + 1, LEG);
    kinds.setX(l + 2, ARM);
    kinds.setX(l + 3, ARM);
    parts.setColorAt(l + 2, colour);
    parts.setColorAt(l + 3, colour);
    parts.setColorAt(l, colour.set(trousers));
    parts.setColorAt(l + 1, colour);
    if (staff) {
      kinds.setX(l + 4, BADGE);
      parts.setColorAt(l + 4, colour.set(BADGE_COLOUR));
    }
    head.setColorAt(i, colour.set(SKIN));
    if (drawsHair) {
      variantsOf(hair).setX(h, style);
      hair.setColorAt(h, colour.set(online ? HAIR_COLOURS[a.hairColour] : OFFLINE));
    }
    if (cap) {
      variantsOf(hair).setX(c, CAP);
      hair.setColorAt(c, colour.set(online ? CAP_COLOUR : OFFLINE));
    }
  }

  /** Sets each mesh's count and marks what changed for upload; empty meshes are not drawn at all. */
  end(): void {
    const set = this.set!;
    this.finish(set.torso, this.count);
    this.finish(set.head, this.count);
    this.finish(set.hair, this.hairCount);
    this.finish(set.limbs, this.limbCount);
  }

  private finish(m: InstancedMesh | null, n: number): void {
    if (!m) return;
    m.count = n;
    m.visible = n > 0;
    uploadFirst(m.instanceMatrix, n);
    if (!this.paint) return;
    if (m.instanceColor) uploadFirst(m.instanceColor, n);
    const kinds = m.geometry.getAttribute('aVariant');
    if (kinds instanceof BufferAttribute) uploadFirst(kinds, n);
  }
}

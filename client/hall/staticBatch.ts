import {
  BufferAttribute,
  type BufferGeometry,
  Color,
  Euler,
  Matrix4,
  MeshBasicMaterial,
  MeshDepthMaterial,
  MeshStandardMaterial,
  Quaternion,
  ShaderChunk,
  type Texture,
  Vector3,
  type WebGLProgramParametersWithUniforms,
} from 'three';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';

/**
 * The hall's static scenery drawn in a handful of draw calls: every wall, counter, chair, bench, plant,
 * frame and post is baked, in place, into one geometry whose vertices carry their own colour, roughness,
 * metalness, glow and shadow flags, so a single material (and a single shadow pass) draws them all. The
 * signs share one texture atlas the same way.
 *
 * What still moves is done in the vertex shader by groups: each wall, window and the entrance lintel is a
 * group whose height scale sits in one uniform array — 1 drawn as built, 0 hidden, anything between cuts a
 * wall down to a kerb (walls stand on the floor, so scaling y is cutting them down).
 */

/** Group numbers: 0 is everything that never moves. */
export const GROUPS = 32;
export const groupScale = { value: new Float32Array(GROUPS).fill(1) };

/** What a piece is made of and how it takes part in shadows. */
export interface Finish {
  color: string;
  roughness?: number;
  metalness?: number;
  emissive?: string;
  emissiveIntensity?: number;
  /** Casts a shadow (at high quality). */
  cast?: boolean;
  /** Has shadows fall on it. */
  receive?: boolean;
  group?: number;
}

const e = new Euler();
const q = new Quaternion();
const p = new Vector3();
const s = new Vector3(1, 1, 1);

/** A placement matrix: translation, then turned about y (and x), as a mesh's position and rotation would. */
export function place(x: number, y: number, z: number, ry = 0, rx = 0): Matrix4 {
  return new Matrix4().compose(p.set(x, y, z), q.setFromEuler(e.set(rx, ry, 0)), s);
}

/** `parent × child`, as a mesh inside a group. */
export function within(parent: Matrix4, child: Matrix4): Matrix4 {
  return new Matrix4().multiplyMatrices(parent, child);
}

const c = new Color();

function bake(geometry: BufferGeometry, matrix: Matrix4): BufferGeometry {
  const g = geometry.index ? geometry.toNonIndexed() : geometry.clone();
  geometry.dispose();
  g.applyMatrix4(matrix);
  return g;
}

function fill(n: number, size: number, values: number[]): BufferAttribute {
  const a = new Float32Array(n * size);
  for (let i = 0; i < n; i++) for (let k = 0; k < size; k++) a[i * size + k] = values[k]!;
  return new BufferAttribute(a, size);
}

/** Collects solid pieces, each in its place, into one geometry for {@link makeSolidMaterial}. */
export class SolidBatch {
  private readonly parts: BufferGeometry[] = [];

  /** Adds `geometry` (consumed) at `matrix` with its finish. */
  add(geometry: BufferGeometry, matrix: Matrix4, f: Finish): void {
    const g = bake(geometry, matrix);
    g.deleteAttribute('uv');
    const n = g.getAttribute('position').count;
    c.set(f.color);
    g.setAttribute('color', fill(n, 3, [c.r, c.g, c.b]));
    g.setAttribute('aRM', fill(n, 2, [f.roughness ?? 1, f.metalness ?? 0]));
    if (f.emissive) c.set(f.emissive).multiplyScalar(f.emissiveIntensity ?? 1);
    else c.setRGB(0, 0, 0);
    g.setAttribute('aEmissive', fill(n, 3, [c.r, c.g, c.b]));
    g.setAttribute('aShade', fill(n, 3, [f.cast ? 1 : 0, f.receive ? 1 : 0, f.group ?? 0]));
    this.parts.push(g);
  }

  build(): BufferGeometry {
    return mergeParts(this.parts);
  }
}

/** One geometry of all the parts (which are disposed of), with its bounds. */
function mergeParts(parts: BufferGeometry[]): BufferGeometry {
  const merged = mergeGeometries(parts)!;
  for (const g of parts) g.dispose();
  merged.computeBoundingSphere();
  return merged;
}

/** A region of a texture atlas, in texture coordinates (v upwards). */
export interface UvRect {
  u: number;
  v: number;
  w: number;
  h: number;
}

/** Collects textured planes, each showing its region of one atlas, into one geometry. */
export class SignBatch {
  private readonly parts: BufferGeometry[] = [];

  add(geometry: BufferGeometry, matrix: Matrix4, rect: UvRect, group = 0): void {
    const g = bake(geometry, matrix);
    const uv = g.getAttribute('uv') as BufferAttribute;
    for (let i = 0; i < uv.count; i++) uv.setXY(i, rect.u + uv.getX(i) * rect.w, rect.v + uv.getY(i) * rect.h);
    g.deleteAttribute('normal');
    const n = g.getAttribute('position').count;
    g.setAttribute('aShade', fill(n, 3, [0, 0, group]));
    this.parts.push(g);
  }

  build(): BufferGeometry {
    return mergeParts(this.parts);
  }
}

const GROUP_VERTEX = /* glsl */ `
attribute vec3 aShade;
uniform float uGroupScale[${GROUPS}];
`;
const GROUP_SCALE = /* glsl */ `
#include <begin_vertex>
{
  float groupScale = uGroupScale[int(aShade.z + 0.5)];
  if (groupScale <= 0.0) transformed = vec3(0.0);
  else transformed.y *= groupScale;
}
`;

function withGroups(shader: WebGLProgramParametersWithUniforms): void {
  shader.uniforms.uGroupScale = groupScale;
  shader.vertexShader = GROUP_VERTEX + shader.vertexShader.replace('#include <begin_vertex>', GROUP_SCALE);
}

/**
 * The one material of the solid scenery: MeshStandardMaterial, with colour, roughness, metalness and glow
 * taken from each vertex, and shadows received only where a piece asked for them.
 */
export function makeSolidMaterial(): MeshStandardMaterial {
  const m = new MeshStandardMaterial({ vertexColors: true });
  m.onBeforeCompile = (shader) => {
    withGroups(shader);
    shader.vertexShader = shader.vertexShader.replace(
      'void main() {',
      'attribute vec2 aRM;\nattribute vec3 aEmissive;\nvarying vec2 vRM;\nvarying vec3 vEmissive;\nvarying float vReceive;\nvoid main() {\nvRM = aRM;\nvEmissive = aEmissive;\nvReceive = aShade.y;',
    );
    shader.fragmentShader = shader.fragmentShader
      .replace('void main() {', 'varying vec2 vRM;\nvarying vec3 vEmissive;\nvarying float vReceive;\nvoid main() {')
      .replace('#include <roughnessmap_fragment>', 'float roughnessFactor = vRM.x;')
      .replace('#include <metalnessmap_fragment>', 'float metalnessFactor = vRM.y;')
      .replace('#include <emissivemap_fragment>', 'totalEmissiveRadiance = vEmissive;')
      .replace(
        '#include <lights_fragment_begin>',
        ShaderChunk.lights_fragment_begin.replaceAll('receiveShadow )', 'receiveShadow && vReceive > 0.5 )'),
      );
  };
  m.customProgramCacheKey = () => 'hall-solid';
  return m;
}

/** The shadow pass of the solid scenery: only pieces that cast, walls cut down as they are on screen. */
export function makeSolidDepthMaterial(): MeshDepthMaterial {
  const m = new MeshDepthMaterial();
  m.onBeforeCompile = (shader) => {
    withGroups(shader);
    shader.vertexShader = shader.vertexShader.replace(
      '#include <project_vertex>',
      'if (aShade.x < 0.5) transformed = vec3(0.0);\n#include <project_vertex>',
    );
  };
  m.customProgramCacheKey = () => 'hall-solid-depth';
  return m;
}

/** The signs' material: the atlas as it was painted, unlit, hidden with their group. */
export function makeSignMaterial(map: Texture | null): MeshBasicMaterial {
  const m = new MeshBasicMaterial({ map, toneMapped: false });
  m.onBeforeCompile = withGroups;
  m.customProgramCacheKey = () => 'hall-sign';
  return m;
}

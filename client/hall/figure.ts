import {
  BoxGeometry,
  CylinderGeometry,
  IcosahedronGeometry,
  type InstancedMesh,
  Matrix4,
  Quaternion,
  Vector3,
  type BufferGeometry,
} from 'three';

/**
 * The low-poly figure everyone is drawn as, in the hall and at the meeting table: its parts, and a way to
 * place one part of one figure in an instanced mesh. Scratch objects are shared: no allocation per frame.
 */

/** The figure's own frame (where it stands, which way it faces); parts are placed relative to it. */
export const base = new Matrix4();
const part = new Matrix4();
const out = new Matrix4();
export const q = new Quaternion();
export const v = new Vector3();
export const one = new Vector3(1, 1, 1);
export const yAxis = new Vector3(0, 1, 0);
const xAxis = new Vector3(1, 0, 0);

/** Place part `index` of `target` at (x, y, z) in the figure's frame, swung about its joint by `swing`. */
export function compose(target: InstancedMesh, index: number, x: number, y: number, z: number, swing: number): void {
  q.setFromAxisAngle(xAxis, swing);
  v.set(x, y, z);
  part.compose(v, q, one);
  out.multiplyMatrices(base, part);
  target.setMatrixAt(index, out);
}

export interface Parts {
  torso: BufferGeometry;
  head: BufferGeometry;
  leg: BufferGeometry;
  arm: BufferGeometry;
}

export function makeParts(): Parts {
  const torso = new CylinderGeometry(0.2, 0.27, 0.72, 8);
  const head = new IcosahedronGeometry(0.2, 1);
  // Limbs hang from their joint, so rotating them swings about the hip or shoulder.
  const leg = new BoxGeometry(0.13, 0.66, 0.15).translate(0, -0.33, 0);
  const arm = new BoxGeometry(0.09, 0.56, 0.1).translate(0, -0.28, 0);
  return { torso, head, leg, arm };
}

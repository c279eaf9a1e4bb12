import { describe, expect, it } from 'vitest';
import { PerspectiveCamera, Vector3 } from 'three';
import { eyeFor, lensFor, MIN_HORIZONTAL_FOV, visiblePart } from '../../client/hall/framing.ts';

/** A camera at the origin looking down -z, with the lens for a canvas of `w`×`h` of which `view` shows. */
function cameraFor(w: number, h: number, view: ReturnType<typeof visiblePart>, eye: number) {
  const lens = lensFor(w, h, view, eye);
  const camera = new PerspectiveCamera(lens.fov, w / h, 0.1, 100);
  camera.setViewOffset(lens.fullWidth, lens.fullHeight, lens.offsetX, lens.offsetY, w, h);
  camera.updateMatrixWorld();
  camera.updateProjectionMatrix();
  const toScreen = (p: Vector3) => {
    const v = p.clone().project(camera);
    return { x: ((v.x + 1) / 2) * w, y: ((1 - v.y) / 2) * h };
  };
  return { toScreen };
}

const rect = (left: number, top: number, width: number, height: number) =>
  ({ left, top, width, height, right: left + width, bottom: top + height, x: left, y: top }) as DOMRect;

describe('the camera frames the part of the screen the panels leave free', () => {
  it('on a phone, puts the followed point low in the uncovered part, not at the sheet’s edge', () => {
    // Pixel 7 portrait: the sheet covers the bottom 38 %, the top bar the first 56 px.
    const view = visiblePart(rect(0, 0, 412, 915), rect(0, 567, 412, 348), rect(0, 0, 412, 56));
    expect(view).toEqual({ left: 0, top: 56, width: 412, height: 511 });
    const { toScreen } = cameraFor(412, 915, view, 0.7);
    const centre = toScreen(new Vector3(0, 0, -10));
    expect(centre.x).toBeCloseTo(206, 3);
    expect(centre.y).toBeCloseTo(56 + 0.7 * 511, 3);
    // The visible width spans at least the minimum horizontal field of view.
    const half = Math.tan(((MIN_HORIZONTAL_FOV / 2) * Math.PI) / 180) * 10;
    expect(toScreen(new Vector3(-half, 0, -10)).x).toBeGreaterThanOrEqual(-0.01);
    expect(toScreen(new Vector3(half, 0, -10)).x).toBeLessThanOrEqual(412.01);
  });

  it('on a desktop, centres the view left of the side column of panels', () => {
    const view = visiblePart(rect(0, 0, 1280, 800), rect(948, 80, 320, 708), null);
    expect(view.width).toBe(948);
    const { toScreen } = cameraFor(1280, 800, view, 0.55);
    expect(toScreen(new Vector3(0, 0, -5)).x).toBeCloseTo(474, 3);
  });

  it('lowers the followed point until the far wall’s top meets the top of the view, within bounds', () => {
    const view = { left: 0, top: 0, width: 412, height: 511 };
    const steep = eyeFor(view, 0.9, 0.6);
    const shallow = eyeFor(view, 0.9, 0.1);
    expect(steep).toBeLessThan(shallow);
    expect(steep).toBeGreaterThanOrEqual(0.5);
    expect(shallow).toBeLessThanOrEqual(0.78);
  });
});

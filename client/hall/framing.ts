/**
 * How the hall's camera frames the part of the screen a person can actually see. On a phone the panels
 * cover the bottom of the canvas (and the top bar its top); on a desktop they cover its right side. A
 * plain camera centres the view on the whole canvas, so on a phone the followed avatar sat at the sheet's
 * edge and a quarter of what showed was sky. The lens here is shifted (like a tilt-shift lens: vertical
 * lines stay vertical) so the view is centred in the uncovered part, and widened so a narrow portrait view
 * still spans the row of desks.
 */

/** The part of the canvas not covered by the page, in CSS pixels from the canvas's top-left corner. */
export interface ViewRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A perspective camera's field of view and view offset (see `PerspectiveCamera.setViewOffset`). */
export interface Lens {
  /** Vertical field of view of the full (virtual) view, degrees. */
  fov: number;
  fullWidth: number;
  fullHeight: number;
  offsetX: number;
  offsetY: number;
}

/** Narrowest horizontal field of view across the visible part, degrees: the row of desks fits a phone. */
export const MIN_HORIZONTAL_FOV = 58;
/** Narrowest vertical field of view across the visible part, degrees: a wide desktop view as before. */
export const MIN_VERTICAL_FOV = 50;
/**
 * Where the point the camera follows may sit, as a share of the visible height from its top: at most this
 * low in a portrait view (so what lies ahead, the desks and the calling screen, fills the view above the
 * person) and in a landscape one.
 */
export const PORTRAIT_EYE = 0.78;
export const LANDSCAPE_EYE = 0.68;
/** Room left above the far wall's top, as a share of the visible height. */
const TOP_MARGIN = 0.1;
/** Never above the middle of the visible part. */
const MIN_EYE = 0.5;

const DEG = 180 / Math.PI;

/** Focal length in CSS pixels that gives the visible part at least the minimum fields of view. */
export function focalFor(view: ViewRect): number {
  const halfH = Math.tan(MIN_HORIZONTAL_FOV / 2 / DEG);
  const halfV = Math.tan(MIN_VERTICAL_FOV / 2 / DEG);
  return Math.min(Math.max(1, view.width) / 2 / halfH, Math.max(1, view.height) / 2 / halfV);
}

/**
 * Where the followed point sits (share of the visible height from its top) so the view's top edge stops at
 * the top of the far wall instead of showing the sky over it: `axisDown` is how far the camera looks below
 * the horizon, `wallTopDown` how far below the horizon the far wall's top is (radians; negative when the
 * wall's top is above the camera). Kept between the middle and the lowest place for the view's shape.
 */
export function eyeFor(view: ViewRect, axisDown: number, wallTopDown: number): number {
  const lowest = isPortrait(view) ? PORTRAIT_EYE : LANDSCAPE_EYE;
  // The wall's top a little below the view's top edge, clear of the badges that float over it.
  const above = focalFor(view) * Math.tan(Math.max(0, axisDown - wallTopDown)) + TOP_MARGIN * view.height;
  return Math.min(lowest, Math.max(MIN_EYE, above / Math.max(1, view.height)));
}

/**
 * The lens for a canvas of `width`×`height` CSS pixels of which `view` is visible: the followed point
 * across the visible part's middle at `eye` of its height, and at least the minimum fields of view.
 */
export function lensFor(width: number, height: number, view: ViewRect, eye: number): Lens {
  const focal = focalFor(view);
  const cx = view.left + Math.max(1, view.width) / 2;
  const cy = view.top + Math.max(1, view.height) * eye;
  // A virtual view twice the canvas, centred on (cx, cy); the canvas is the window of it at the offset.
  return {
    fov: 2 * Math.atan(height / focal) * DEG,
    fullWidth: 2 * width,
    fullHeight: 2 * height,
    offsetX: width - cx,
    offsetY: height - cy,
  };
}

/** Whether the view is a portrait one (a phone held upright), where the camera starts higher and further. */
export function isPortrait(view: ViewRect): boolean {
  return view.width < view.height * 0.9;
}

/**
 * The visible part of `canvas`: its rectangle minus the bottom sheet or side column of `panels` and the
 * strip under `topbar`, when they are on show. Elements that are missing or hidden cover nothing.
 */
export function visiblePart(canvas: DOMRect, panels: DOMRect | null, topbar: DOMRect | null): ViewRect {
  let top = 0;
  let bottom = canvas.height;
  let right = canvas.width;
  if (panels && panels.width > 0 && panels.height > 0) {
    if (panels.width >= canvas.width * 0.8) bottom = Math.min(bottom, panels.top - canvas.top);
    else if (panels.left > canvas.left + canvas.width / 2) right = Math.min(right, panels.left - canvas.left);
  }
  if (topbar && topbar.height > 0 && topbar.bottom - canvas.top < canvas.height * 0.3) {
    top = Math.max(0, topbar.bottom - canvas.top);
  }
  // Never frame a sliver: whatever the page covers, a third of the canvas stays the view.
  bottom = Math.max(bottom, top + canvas.height / 3);
  right = Math.max(right, canvas.width / 3);
  return { left: 0, top, width: right, height: bottom - top };
}

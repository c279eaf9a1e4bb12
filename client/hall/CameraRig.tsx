import { useRef, type ComponentRef } from 'react';
import { useFrame } from '@react-three/fiber';
import { Vector3, type Camera, type PerspectiveCamera } from 'three';
import { OrbitControls } from '@react-three/drei';
import { local } from '../net/localWalker.ts';
import { selfTrack } from './followTarget.ts';
import type { HallLayout } from '../../shared/layout.ts';
import { pageLayout } from '../net/layoutStore.ts';
import { keepDrawing } from './framePacer.ts';
import { eyeFor, isPortrait, lensFor, visiblePart, type Lens, type ViewRect } from './framing.ts';

/**
 * A third-person camera that follows the local avatar. It can be turned and zoomed, but only within a
 * comfortable band: never under the floor, never straight down, never so close it swims. Its lens keeps the
 * followed person in the part of the screen the panels leave free (see framing.ts).
 */
const MIN_DISTANCE = 5;
const MAX_DISTANCE = 24;
/** Keyboard turn speed, radians per second, and zoom speed, share of the distance per second. */
const TURN_SPEED = 1.6;
const ZOOM_SPEED = 0.9;
/**
 * Where a portrait view starts: metres from the person and angle from straight down (radians), high and
 * far enough that the four desks and the calling screen are in view and little sky.
 */
const PORTRAIT_START = { distance: 11, polar: 0.6 };
/** How often the uncovered part of the screen is measured, seconds; the lens eases to it in between. */
const MEASURE_EVERY = 0.25;
/** Height of the point the camera looks at, metres: about a person's chest. */
const EYE_Y = 1.2;
const offset = new Vector3();

function isPerspective(camera: Camera): camera is PerspectiveCamera {
  return (camera as PerspectiveCamera).isPerspectiveCamera === true;
}

const rectOf = (selector: string): DOMRect | null => document.querySelector(selector)?.getBoundingClientRect() ?? null;

/** The part of the canvas the page's panels and top bar leave visible. */
function measureView(canvas: HTMLCanvasElement): ViewRect {
  return visiblePart(canvas.getBoundingClientRect(), rectOf('.panels:not(.panels-centre)'), rectOf('.topbar'));
}

export function CameraRig() {
  const controls = useRef<ComponentRef<typeof OrbitControls>>(null);
  const state = useRef({
    measuredAt: -Infinity,
    view: null as ViewRect | null,
    goal: null as Lens | null,
    placed: false,
  });
  useFrame(({ camera, size, gl, clock }, delta) => {
    const c = controls.current;
    if (!c) return;
    const dt = Math.min(delta, 0.1);
    const s = state.current;
    if (clock.elapsedTime - s.measuredAt > MEASURE_EVERY) {
      s.measuredAt = clock.elapsedTime;
      s.view = measureView(gl.domElement);
      s.goal = lensFor(
        size.width,
        size.height,
        s.view,
        eyeFor(s.view, ...downAngles(camera.position, c.target, pageLayout())),
      );
    }
    if (s.goal && isPerspective(camera) && ease(camera, s.goal, s.measuredAt === clock.elapsedTime && !s.placed, dt))
      keepDrawing(); // the view glides on
    if (local.view.turn !== 0) c.setAzimuthalAngle(c.getAzimuthalAngle() - local.view.turn * TURN_SPEED * dt);
    if (local.view.zoom !== 0) {
      offset.subVectors(camera.position, c.target);
      const d = offset.length() * (1 - local.view.zoom * ZOOM_SPEED * dt);
      offset.setLength(Math.min(MAX_DISTANCE, Math.max(MIN_DISTANCE, d)));
      camera.position.copy(c.target).add(offset);
    }
    const me = selfTrack();
    if (me) {
      if (!s.placed && s.view) {
        // The first view of the hall: a phone held upright starts higher and further back.
        s.placed = true;
        if (isPortrait(s.view)) {
          const az = c.getAzimuthalAngle();
          const { distance: d, polar: p } = PORTRAIT_START;
          c.target.set(me.rx, EYE_Y, me.rz);
          camera.position.set(
            me.rx + d * Math.sin(p) * Math.sin(az),
            EYE_Y + d * Math.cos(p),
            me.rz + d * Math.sin(p) * Math.cos(az),
          );
        }
      }
      // Move target and camera together so the follow keeps the person's chosen angle and distance.
      const dx = me.rx - c.target.x;
      const dz = me.rz - c.target.z;
      const dy = EYE_Y - c.target.y;
      c.target.set(me.rx, EYE_Y, me.rz);
      camera.position.x += dx;
      camera.position.y += dy;
      camera.position.z += dz;
      c.update();
    }
    local.cameraYaw = Math.atan2(camera.position.x - c.target.x, camera.position.z - c.target.z);
  });
  return (
    <OrbitControls
      ref={controls}
      makeDefault
      enablePan={false}
      enableDamping
      dampingFactor={0.12}
      minDistance={MIN_DISTANCE}
      maxDistance={MAX_DISTANCE}
      minPolarAngle={0.45}
      maxPolarAngle={1.25}
      rotateSpeed={0.6}
      zoomSpeed={0.8}
    />
  );
}

/**
 * How far below the horizon the camera looks at its target, and how far below it the top of the wall
 * straight ahead is (radians), for {@link eyeFor}.
 */
function downAngles(eye: Vector3, target: Vector3, layout: HallLayout): [number, number] {
  const dx = target.x - eye.x;
  const dz = target.z - eye.z;
  const flat = Math.hypot(dx, dz) || 1e-6;
  const { minX, maxX, minZ, maxZ } = layout.bounds;
  // Where the line of sight, carried on along the floor, leaves the hall: the far wall.
  const tx = dx > 0 ? (maxX - eye.x) / dx : dx < 0 ? (minX - eye.x) / dx : Infinity;
  const tz = dz > 0 ? (maxZ - eye.z) / dz : dz < 0 ? (minZ - eye.z) / dz : Infinity;
  const far = Math.max(0.1, Math.min(tx, tz) * flat);
  return [Math.atan2(eye.y - target.y, flat), Math.atan2(eye.y - layout.wallHeight, far)];
}

/**
 * Bring the camera's lens towards `goal`: at once the first time (and whenever the canvas size changes),
 * smoothly when a panel grows or shrinks, so the view glides instead of jumping. True while it still moves.
 */
function ease(camera: PerspectiveCamera, goal: Lens, snap: boolean, dt: number): boolean {
  const view = camera.view;
  const resized = !view || view.fullWidth !== goal.fullWidth || view.fullHeight !== goal.fullHeight;
  const k = snap || resized ? 1 : 1 - Math.exp(-dt * 6);
  const fov = camera.fov + (goal.fov - camera.fov) * k;
  const ox = (view?.offsetX ?? goal.offsetX) + (goal.offsetX - (view?.offsetX ?? goal.offsetX)) * k;
  const oy = (view?.offsetY ?? goal.offsetY) + (goal.offsetY - (view?.offsetY ?? goal.offsetY)) * k;
  const moved =
    resized ||
    Math.abs(fov - camera.fov) > 1e-3 ||
    Math.abs(ox - view.offsetX) > 0.05 ||
    Math.abs(oy - view.offsetY) > 0.05;
  if (!moved) return false;
  camera.fov = fov;
  camera.setViewOffset(goal.fullWidth, goal.fullHeight, ox, oy, goal.fullWidth / 2, goal.fullHeight / 2);
  camera.updateProjectionMatrix();
  return true;
}

import { useEffect, useSyncExternalStore } from 'react';
import { tracksChanged } from '../net/avatars.ts';
import { useFrame, useThree } from '@react-three/fiber';

/**
 * How often the hall is drawn while nothing in it moves and nobody touches it, per second. A standing hall
 * drawn sixty times a second heats a phone and drains its battery for a picture that does not change. What
 * moves says so (keepDrawing: a walk, a touch, the camera's glide, a calling desk, a speaking halo, a repainted
 * screen); these few frames only catch up with what settles by itself (a name tag sliding aside).
 */
export const IDLE_FPS = 2;
/**
 * After a touch, a press, a wheel or a key, the hall is drawn at the screen's rate this long (the camera's glide
 * after a drag settles within it), ms.
 */
const INPUT_AWAKE_MS = 1500;
/** After something in the hall moved on a frame, it is drawn at the screen's rate this much longer, ms. */
const MOTION_AWAKE_MS = 250;

let awakeUntil = 0;
let awake = false;
let draw: (() => void) | null = null;
const listeners = new Set<() => void>();

function setAwake(now: boolean): void {
  if (now === awake) return;
  awake = now;
  for (const l of listeners) l();
}

/**
 * Something in the hall moves or is about to (a figure walks, the camera glides, a desk calls, a call's
 * halo pulses): draw at the screen's rate for `ms` more. Called from frames and from input alike.
 */
export function keepDrawing(ms = MOTION_AWAKE_MS): void {
  const until = performance.now() + ms;
  if (until <= awakeUntil) return;
  awakeUntil = until;
  setAwake(true);
  draw?.();
}

/** Whether the hall is drawn at the screen's rate now (read in a frame). */
export function drawingAwake(): boolean {
  return awake;
}

/** Whether the hall is being drawn at the screen's rate now (it changes only when that starts or stops). */
export function useDrawingAwake(): boolean {
  return useSyncExternalStore(subscribe, drawingAwake);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A key typed into a form field is not a move in the hall. */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName ?? ''));
}

/**
 * Paces a canvas whose frame loop is "demand": every frame while something moves or the person touches the
 * page, IDLE_FPS frames a second otherwise. Changes React makes to the scene draw a frame of their own.
 */
export function FramePacer() {
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    draw = () => invalidate();
    tracksChanged.notify = () => keepDrawing();
    const onPointer = (e: PointerEvent) => {
      if (e.type !== 'pointermove' || e.buttons !== 0 || e.pointerType === 'touch') keepDrawing(INPUT_AWAKE_MS);
    };
    const onInput = () => keepDrawing(INPUT_AWAKE_MS);
    const onKey = (e: KeyboardEvent) => {
      if (!typing(e.target)) keepDrawing(INPUT_AWAKE_MS);
    };
    const opts = { capture: true, passive: true } as const;
    window.addEventListener('pointerdown', onPointer, opts);
    window.addEventListener('pointermove', onPointer, opts);
    window.addEventListener('wheel', onInput, opts);
    window.addEventListener('touchmove', onInput, opts);
    window.addEventListener('resize', onInput, opts);
    window.addEventListener('keydown', onKey, opts);
    const idle = setInterval(() => invalidate(), 1000 / IDLE_FPS);
    keepDrawing(INPUT_AWAKE_MS);
    return () => {
      draw = null;
      tracksChanged.notify = () => {};
      clearInterval(idle);
      window.removeEventListener('pointerdown', onPointer, opts);
      window.removeEventListener('pointermove', onPointer, opts);
      window.removeEventListener('wheel', onInput, opts);
      window.removeEventListener('touchmove', onInput, opts);
      window.removeEventListener('resize', onInput, opts);
      window.removeEventListener('keydown', onKey, opts);
    };
  }, [invalidate]);
  // The scene's own frame callbacks call keepDrawing when something of theirs moved (a positive priority here
  // would take the drawing over from the canvas).
  useFrame(() => {
    if (performance.now() < awakeUntil) invalidate();
    else setAwake(false);
  });
  return null;
}

import { useRef, useState, type PointerEvent } from 'react';
import { local } from '../net/localWalker.ts';

const RADIUS = 48;

/**
 * An on-screen stick for touch screens. Pushing it up walks the way the camera looks; the hall reads the
 * direction each frame, so nothing here re-renders while walking except the knob.
 */
export function Joystick() {
  const base = useRef<HTMLDivElement>(null);
  const [knob, setKnob] = useState({ x: 0, y: 0 });
  const active = useRef<number | null>(null);

  function move(e: PointerEvent<HTMLDivElement>) {
    const rect = base.current!.getBoundingClientRect();
    let dx = e.clientX - (rect.left + rect.width / 2);
    let dy = e.clientY - (rect.top + rect.height / 2);
    const len = Math.hypot(dx, dy);
    if (len > RADIUS) {
      dx = (dx / len) * RADIUS;
      dy = (dy / len) * RADIUS;
    }
    setKnob({ x: dx, y: dy });
    local.stick.x = dx / RADIUS;
    local.stick.y = -dy / RADIUS;
  }

  function end() {
    active.current = null;
    setKnob({ x: 0, y: 0 });
    local.stick.x = 0;
    local.stick.y = 0;
  }

  return (
    <div
      ref={base}
      className="joystick"
      // A touch surface only: the keyboard walks with WASD and the arrows, and a screen reader with "Go to".
      aria-hidden="true"
      data-testid="joystick"
      onPointerDown={(e) => {
        active.current = e.pointerId;
        e.currentTarget.setPointerCapture(e.pointerId);
        move(e);
      }}
      onPointerMove={(e) => {
        if (active.current === e.pointerId) move(e);
      }}
      onPointerUp={end}
      onPointerCancel={end}
    >
      <div className="joystick-knob" style={{ transform: `translate(${knob.x}px, ${knob.y}px)` }} />
    </div>
  );
}

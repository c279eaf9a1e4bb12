import { hallLayout } from '../../shared/layout.ts';
import { createWalker, type Walker } from '../../shared/movement.ts';
import { createNavGrid } from '../../shared/navgrid.ts';

/** The same floor grid the server judges movement with, for predicting the local avatar. */
export const navGrid = createNavGrid(hallLayout);

/**
 * The local person's predicted walk and live input. Predicting with the server's own rules makes the
 * avatar answer a key or a tap at once instead of one round trip later; the server's position still wins.
 */
export const local = {
  walker: null as Walker | null,
  /** Direction from keys, in camera space: x = right, y = forward. */
  keys: { x: 0, y: 0 },
  /** Direction from the touch joystick, in camera space. */
  stick: { x: 0, y: 0 },
  /** Camera yaw about y, radians, written by the camera rig. */
  cameraYaw: 0,
  /** Camera turn (-1 left … 1 right) and zoom (-1 out … 1 in) held on the keyboard. */
  view: { turn: 0, zoom: 0 },
};

export function resetLocalWalker(x: number, z: number, ry: number): void {
  local.walker = createWalker(x, z, ry);
}

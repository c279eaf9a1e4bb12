import type { TFunction } from 'i18next';
import { BoxGeometry, CylinderGeometry, PlaneGeometry } from 'three';
import type { HallLayout } from '../../shared/layout.ts';
import type { LabelOptions } from './labelTexture.ts';
import { PARTY_COLOURS } from './palette.ts';
import { place, within, type SignBatch, type SolidBatch, type UvRect } from './staticBatch.ts';

const SEATS = 12;

/** The meeting room sign's slot in the sign atlas, canvas pixels. */
export const MEETING_SIGN_LABEL = { w: 512, h: 160 };

export function meetingSignLabel(t: TFunction): Omit<LabelOptions, 'width' | 'height'> {
  return {
    background: '#2f8a5b',
    lines: [
      { text: t('signs.meetingRoom'), size: 54, weight: 700, color: '#ffffff' },
      { text: t('signs.meetingRoomSub'), size: 34, color: '#e0f2e8' },
    ],
  };
}

/**
 * The three-party meeting room: a round table with seats in three colours, one arc per party, and a
 * signed double door in the partition, standing open. The glass of the door leaves goes to `glass`.
 */
export function addMeetingRoom(
  solid: SolidBatch,
  glass: SolidBatch,
  signs: SignBatch,
  sign: UvRect,
  layout: HallLayout,
): void {
  const { area, door, table } = layout.meetingRoom;
  for (let i = 0; i < SEATS; i++) {
    const a = (i / SEATS) * Math.PI * 2;
    const r = table.r + 0.55;
    const color = PARTY_COLOURS[Math.floor((i / SEATS) * 3)]!;
    const x = table.x + Math.sin(a) * r;
    const z = table.z + Math.cos(a) * r;
    solid.add(new BoxGeometry(0.45, 0.08, 0.45), place(x, 0.45, z, a + Math.PI), { color, cast: true });
    // The back sits on the far side of the seat from the table.
    solid.add(
      new BoxGeometry(0.45, 0.55, 0.06),
      place(x + Math.sin(a) * 0.2, 0.75, z + Math.cos(a) * 0.2, a + Math.PI),
      { color, cast: true },
    );
  }
  solid.add(new PlaneGeometry(area.w, area.d), place(area.x, 0.004, area.z, 0, -Math.PI / 2), {
    color: '#c9b79c',
    roughness: 0.9,
    receive: true,
  });
  solid.add(new CylinderGeometry(table.r, table.r, 0.06, 32), place(table.x, 0.74, table.z), {
    color: '#8a6a4f',
    roughness: 0.5,
    cast: true,
    receive: true,
  });
  solid.add(new CylinderGeometry(0.2, 0.35, 0.72, 12), place(table.x, 0.37, table.z), { color: '#5d4636' });
  // Door frame, two leaves standing open into the room, and the sign on the hall side.
  const at = place(door.x, 0, door.z);
  solid.add(new BoxGeometry(0.26, 0.2, door.w + 0.2), within(at, place(0, 2.3, 0)), { color: '#5d4636' });
  for (const side of [-1, 1]) {
    const jamb = within(at, place(0, 0, (side * door.w) / 2));
    solid.add(new BoxGeometry(0.26, 2.4, 0.1), within(jamb, place(0, 1.2, side * 0.05)), {
      color: '#5d4636',
      cast: true,
    });
    // The leaf is hinged at the jamb and turned a little past square, into the room.
    const leaf = within(jamb, place(0, 0, 0, side * -1.75));
    solid.add(new BoxGeometry(0.05, 2.1, door.w / 2 - 0.04), within(leaf, place(0, 1.05, (-side * door.w) / 4)), {
      color: '#9b7653',
      roughness: 0.6,
      cast: true,
    });
    glass.add(new BoxGeometry(0.06, 0.9, door.w / 2 - 0.3), within(leaf, place(0, 1.35, (-side * door.w) / 4)), {
      color: '#cfe3ee',
      roughness: 0.1,
    });
    solid.add(new BoxGeometry(0.04, 0.04, 0.16), within(leaf, place(0.05, 1.0, -side * (door.w / 2 - 0.12))), {
      color: '#c9ccd1',
      metalness: 0.8,
      roughness: 0.3,
    });
  }
  signs.add(new PlaneGeometry(1.5, 0.47), within(at, place(-0.12, 1.8, -(door.w / 2 + 0.85), -Math.PI / 2)), sign);
}

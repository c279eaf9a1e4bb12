import { deskAt, HALL_SERVICES, type HallLayout } from '../layout.ts';

/**
 * A smaller park's hall: 20 m by 16 m, three desks, and the services such a park's station handles itself.
 * Renovation guidance is not among them: a small park sends it to its district's (standard) hall, so its
 * merchants are not given a number no desk here would call.
 *
 * Same coordinates as the standard hall (metres, x east, z south towards the entrance). Its calling screen
 * hangs by the west wall facing the desks' side of the hall, so nothing hangs between the waiting area and
 * the officers; the notice board stands west of the benches; the meeting room takes the south-east corner.
 */

const HALF_W = 10;
const HALF_D = 8;
const WALL = 0.3;
const ENTRANCE_W = 3.2;

// The catalogue's own entries (same ids, prefixes and names as every hall), so a ticket, a case or a figure on
// the dashboard means the same service in every station.
const services = HALL_SERVICES.filter((s) => s.id !== 'renovation');
const desk = (id: string, service: string, x: number) => deskAt(id, service, x, -5);

/** Meeting room in the south-east corner, entered through a door in its west partition. */
const MEETING = { minX: 4.5, maxX: HALF_W, minZ: 1, maxZ: HALF_D };
const MEETING_DOOR_Z = 3;
const MEETING_DOOR_W = 1.6;

export const compactLayout: HallLayout = {
  bounds: { minX: -HALF_W, maxX: HALF_W, minZ: -HALF_D, maxZ: HALF_D },
  wallHeight: 4.2,
  spawn: { x: 0, z: 6.5 },
  entrance: { x: 0, z: HALF_D, w: ENTRANCE_W },
  services,
  desks: [desk('desk-1', 'signboard', -6), desk('desk-2', 'concerns', 0), desk('desk-3', 'consultation', 6)],
  walls: [
    // Outer walls; the south wall leaves the entrance open.
    { x: 0, z: -HALF_D - WALL / 2, w: 2 * HALF_W + 2 * WALL, d: WALL, h: 4.2 },
    { x: -HALF_W - WALL / 2, z: 0, w: WALL, d: 2 * HALF_D, h: 4.2 },
    { x: HALF_W + WALL / 2, z: 0, w: WALL, d: 2 * HALF_D, h: 4.2 },
    {
      x: (-HALF_W - ENTRANCE_W / 2) / 2 - WALL / 2,
      z: HALF_D + WALL / 2,
      w: HALF_W - ENTRANCE_W / 2 + WALL,
      d: WALL,
      h: 4.2,
    },
    {
      x: (HALF_W + ENTRANCE_W / 2) / 2 + WALL / 2,
      z: HALF_D + WALL / 2,
      w: HALF_W - ENTRANCE_W / 2 + WALL,
      d: WALL,
      h: 4.2,
    },
    // Meeting room partitions: north side, and the west side split by its door.
    { x: (MEETING.minX + MEETING.maxX) / 2, z: MEETING.minZ, w: MEETING.maxX - MEETING.minX, d: 0.2, h: 2.8 },
    {
      x: MEETING.minX,
      z: (MEETING.minZ + MEETING_DOOR_Z - MEETING_DOOR_W / 2) / 2,
      w: 0.2,
      d: MEETING_DOOR_Z - MEETING_DOOR_W / 2 - MEETING.minZ,
      h: 2.8,
    },
    {
      x: MEETING.minX,
      z: (MEETING_DOOR_Z + MEETING_DOOR_W / 2 + MEETING.maxZ) / 2,
      w: 0.2,
      d: MEETING.maxZ - (MEETING_DOOR_Z + MEETING_DOOR_W / 2),
      h: 2.8,
    },
  ],
  windows: [
    { x: -6, z: HALF_D, w: 3, wall: 'south' },
    { x: -HALF_W, z: 5, w: 3, wall: 'west' },
    { x: HALF_W, z: -4, w: 3, wall: 'east' },
  ],
  benches: [
    { x: -3.4, z: 1, w: 3.6, d: 0.6 },
    { x: 1, z: 1, w: 3.6, d: 0.6 },
    { x: -3.4, z: 3.4, w: 3.6, d: 0.6 },
    { x: 1, z: 3.4, w: 3.6, d: 0.6 },
  ],
  plants: [
    { x: -9.2, z: -7.2 },
    { x: 9.2, z: -7.2 },
    { x: -9.2, z: 7.2 },
    { x: -2.4, z: 7.2 },
    { x: 2.4, z: 7.2 },
  ],
  // Hung close to the west wall, turned to face east across the hall: read from the benches and the desks'
  // line alike, and never between a merchant and an officer. Drawn on the same canvas as the standard screen,
  // so it keeps that screen's proportions (5.2 : 2.1).
  queueBoard: { x: -9.75, z: -2.2, y: 2.75, w: 4.16, h: 1.68, ry: Math.PI / 2, tilt: 0.15 },
  // Freestanding west of the benches, its face turned east to them; the standard board's proportions (4.2 : 2.4).
  noticeBoard: {
    x: -7.5,
    z: 2.4,
    y: 1.6,
    w: 3.5,
    h: 2,
    ry: Math.PI / 2,
    footprint: { x: -7.5, z: 2.4, w: 0.8, d: 3.2 },
  },
  meetingRoom: {
    area: {
      x: (MEETING.minX + MEETING.maxX) / 2,
      z: (MEETING.minZ + MEETING.maxZ) / 2,
      w: MEETING.maxX - MEETING.minX,
      d: MEETING.maxZ - MEETING.minZ,
    },
    door: { x: MEETING.minX, z: MEETING_DOOR_Z, w: MEETING_DOOR_W },
    table: { x: 7.4, z: 5.2, r: 1.3 },
  },
  places: [
    { id: 'entrance', name: { zh: '入口', en: 'Entrance' }, x: 0, z: 6.5 },
    { id: 'waiting', name: { zh: '等候区', en: 'Waiting area' }, x: -1.2, z: 2.2 },
    { id: 'notice', name: { zh: '公告栏', en: 'Notice board' }, x: -6, z: 2.4 },
    { id: 'meeting', name: { zh: '会议室', en: 'Meeting room' }, x: 5.6, z: 3 },
  ],
};

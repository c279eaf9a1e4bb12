/**
 * The hall's floor plan and service catalogue as data. The 3D scene, the server's movement checks and the
 * path finder are all built from this one object, so a station can move a desk or open another one by
 * editing data, not components.
 *
 * Coordinates are metres on the floor plane: x grows to the east, z grows to the south (towards the
 * entrance), y is up. Every obstacle is an axis-aligned rectangle given by its centre and full size.
 */

export interface Localized {
  zh: string;
  en: string;
}

export interface Rect {
  x: number;
  z: number;
  w: number;
  d: number;
}

export interface ServiceDef {
  id: string;
  /** Ticket prefix shown on the queue board, e.g. `R` gives `R-012`. */
  prefix: string;
  name: Localized;
}

export interface DeskDef {
  id: string;
  /** The desk's own services, on its sign; the officer opening it may choose any the hall offers. */
  services: string[];
  /** The counter itself (an obstacle). */
  counter: Rect;
  /** Where a merchant stands to be served, in front of the counter. */
  servicePoint: { x: number; z: number };
  /** Where the officer stands, behind the counter. */
  staffPoint: { x: number; z: number };
}

export interface WallDef extends Rect {
  /** Height in metres; short partitions are lower than outer walls. */
  h: number;
}

export interface WindowDef {
  /** Centre of the window on the wall's inner face. */
  x: number;
  z: number;
  /** Along-wall width in metres. */
  w: number;
  /** Which way the window faces into the hall (the wall it sits on). */
  wall: 'north' | 'south' | 'east' | 'west';
}

export interface BoardDef {
  x: number;
  z: number;
  /** Height of the board's centre above the floor, metres. */
  y: number;
  /** Width and height of the face, metres. */
  w: number;
  h: number;
  /** Rotation about y in radians; 0 faces south (+z). */
  ry: number;
  /**
   * How far a hung board leans forward, radians: its top back and its bottom out, so that its face looks down
   * at the people below instead of straight ahead over their heads. None for a board that stands upright.
   */
  tilt?: number;
  /** Where a freestanding board's feet stand (an obstacle); none for a board on a wall or hung from above. */
  footprint?: Rect;
}

export interface PlaceDef {
  id: string;
  name: Localized;
  x: number;
  z: number;
}

export interface HallLayout {
  /** Inner floor bounds. */
  bounds: { minX: number; maxX: number; minZ: number; maxZ: number };
  wallHeight: number;
  spawn: { x: number; z: number };
  entrance: { x: number; z: number; w: number };
  services: ServiceDef[];
  desks: DeskDef[];
  walls: WallDef[];
  windows: WindowDef[];
  /** Waiting-area benches (obstacles) with the seats drawn on them. */
  benches: Rect[];
  plants: { x: number; z: number }[];
  queueBoard: BoardDef;
  noticeBoard: BoardDef;
  meetingRoom: { area: Rect; door: { x: number; z: number; w: number }; table: { x: number; z: number; r: number } };
  /** Named destinations offered in the 2D "go to" list. */
  places: PlaceDef[];
}

/**
 * Height over width of the calling screen's face and of the notice board's, in every layout: the page paints
 * each on a canvas of one size (client/hall/callingScreen.ts, noticeBoardLines.ts), so a layout may make a
 * board larger or smaller, never squatter or taller. The standard hall's boards set them.
 */
export const QUEUE_BOARD_ASPECT = 2.1 / 5.2;
export const NOTICE_BOARD_ASPECT = 2.4 / 4.2;

const HALF_W = 16;
const HALF_D = 11;
const WALL = 0.3;

/** The services a hall may offer, each with the same id, prefix and name in every station's layout. */
export const HALL_SERVICES: readonly ServiceDef[] = [
  { id: 'renovation', prefix: 'R', name: { zh: '装修指导', en: 'Renovation guidance' } },
  { id: 'signboard', prefix: 'S', name: { zh: '招牌备案', en: 'Signboard filing' } },
  { id: 'concerns', prefix: 'C', name: { zh: '诉求反映', en: 'Concerns' } },
  { id: 'consultation', prefix: 'G', name: { zh: '综合咨询', en: 'Consultation' } },
];

/** A desk with its counter at (x, z), its merchant's spot in front of it and its officer's behind. */
export function deskAt(id: string, service: string, x: number, z: number): DeskDef {
  return {
    id,
    services: [service],
    counter: { x, z, w: 3.2, d: 0.9 },
    servicePoint: { x, z: z + 1.4 },
    staffPoint: { x, z: z - 1.2 },
  };
}

const desk = (id: string, service: string, x: number) => deskAt(id, service, x, -7);

/** Meeting room in the south-east corner, entered through a door in its west partition. */
const MEETING = { minX: 8.5, maxX: HALF_W, minZ: 1.5, maxZ: HALF_D };
const MEETING_DOOR_Z = 4.5;
const MEETING_DOOR_W = 1.6;

export const hallLayout: HallLayout = {
  bounds: { minX: -HALF_W, maxX: HALF_W, minZ: -HALF_D, maxZ: HALF_D },
  wallHeight: 4.2,
  spawn: { x: 0, z: 9.5 },
  entrance: { x: 0, z: HALF_D, w: 4 },
  services: [...HALL_SERVICES],
  desks: [
    // Desks 2 and 3 stand wide of the calling screen hung between them, so it never hides their officers.
    desk('desk-1', 'renovation', -11.3),
    desk('desk-2', 'signboard', -4.3),
    desk('desk-3', 'concerns', 4.3),
    desk('desk-4', 'consultation', 11.3),
  ],
  walls: [
    // Outer walls; the south wall leaves the entrance open.
    { x: 0, z: -HALF_D - WALL / 2, w: 2 * HALF_W + 2 * WALL, d: WALL, h: 4.2 },
    { x: -HALF_W - WALL / 2, z: 0, w: WALL, d: 2 * HALF_D, h: 4.2 },
    { x: HALF_W + WALL / 2, z: 0, w: WALL, d: 2 * HALF_D, h: 4.2 },
    { x: (-HALF_W - 2) / 2 - WALL / 2, z: HALF_D + WALL / 2, w: HALF_W - 2 + WALL, d: WALL, h: 4.2 },
    { x: (HALF_W + 2) / 2 + WALL / 2, z: HALF_D + WALL / 2, w: HALF_W - 2 + WALL, d: WALL, h: 4.2 },
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
    { x: -10, z: HALF_D, w: 5, wall: 'south' },
    { x: -HALF_W, z: -3, w: 5, wall: 'west' },
    { x: -HALF_W, z: 5, w: 4, wall: 'west' },
    { x: HALF_W, z: -5, w: 5, wall: 'east' },
    { x: 12, z: HALF_D, w: 4, wall: 'south' },
  ],
  benches: [
    { x: -3, z: 1, w: 4, d: 0.6 },
    { x: 3, z: 1, w: 4, d: 0.6 },
    { x: -3, z: 3.6, w: 4, d: 0.6 },
    { x: 3, z: 3.6, w: 4, d: 0.6 },
  ],
  plants: [
    { x: -15.2, z: -10.2 },
    { x: 15.2, z: -10.2 },
    { x: -15.2, z: 10.2 },
    { x: -2.8, z: 10.2 },
    { x: 2.8, z: 10.2 },
    { x: 7.8, z: -1 },
    { x: -7.8, z: -1 },
  ],
  // The calling screen hangs from the ceiling in front of the desks, facing the waiting area and the
  // entrance, above the heads of those walking under it: close enough to read from the benches, and leaning
  // forward like a real hall's screens, so its face looks down at them.
  queueBoard: { x: 0, z: -3.2, y: 3.05, w: 5.2, h: 2.1, ry: 0, tilt: 0.3 },
  // The notice board stands just west of the benches, its face turned east to them: read face-on from the
  // waiting area. Big, like a poster, because the benches see it from a phone's view at 15 m or so.
  noticeBoard: {
    x: -7.4,
    z: 2.3,
    y: 1.75,
    w: 4.2,
    h: 2.4,
    ry: Math.PI / 2,
    footprint: { x: -7.4, z: 2.3, w: 0.8, d: 3.8 },
  },
  meetingRoom: {
    area: {
      x: (MEETING.minX + MEETING.maxX) / 2,
      z: (MEETING.minZ + MEETING.maxZ) / 2,
      w: MEETING.maxX - MEETING.minX,
      d: MEETING.maxZ - MEETING.minZ,
    },
    door: { x: MEETING.minX, z: MEETING_DOOR_Z, w: MEETING_DOOR_W },
    table: { x: 12.4, z: 6.3, r: 1.6 },
  },
  places: [
    { id: 'entrance', name: { zh: '入口', en: 'Entrance' }, x: 0, z: 9.5 },
    // Each desk's service point is a destination too; see deskPlaces() below.
    { id: 'waiting', name: { zh: '等候区', en: 'Waiting area' }, x: 0, z: 2.3 },
    { id: 'notice', name: { zh: '公告栏', en: 'Notice board' }, x: -5.6, z: 2.3 },
    { id: 'meeting', name: { zh: '会议室', en: 'Meeting room' }, x: 9.6, z: 3.6 },
  ],
};

/** Every destination of the "go to" list: the named places, with one per desk after the entrance. */
export function destinations(layout: HallLayout): PlaceDef[] {
  const desks = layout.desks.map((d, i): PlaceDef => {
    const names = layout.services.filter((s) => d.services.includes(s.id));
    return {
      id: d.id,
      name: {
        zh: `${i + 1}号窗口 ${names.map((s) => s.name.zh).join('·')}`,
        en: `Desk ${i + 1} ${names.map((s) => s.name.en).join(' · ')}`,
      },
      x: d.servicePoint.x,
      z: d.servicePoint.z,
    };
  });
  const [first, ...rest] = layout.places;
  return first ? [first, ...desks, ...rest] : desks;
}

/** All rectangles a person cannot stand in: walls, counters, benches, plants, the meeting table, a standing board. */
export function obstacles(layout: HallLayout): Rect[] {
  const { table } = layout.meetingRoom;
  return [
    ...layout.walls,
    ...layout.desks.map((d) => d.counter),
    ...layout.benches,
    ...layout.plants.map((p) => ({ x: p.x, z: p.z, w: 0.7, d: 0.7 })),
    { x: table.x, z: table.z, w: table.r * 2, d: table.r * 2 },
    ...[layout.queueBoard, layout.noticeBoard].flatMap((b) => (b.footprint ? [b.footprint] : [])),
  ];
}

export function serviceById(layout: HallLayout, id: string): ServiceDef | undefined {
  return layout.services.find((s) => s.id === id);
}

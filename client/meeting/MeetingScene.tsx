import { useEffect, useMemo, useRef } from 'react';
import { Canvas, useFrame } from '@react-three/fiber';
import { OrbitControls } from '@react-three/drei';
import { useTranslation } from 'react-i18next';
import { BoxGeometry, type Group, type Mesh, type Texture } from 'three';
import { PARTIES, type MeetingParty } from '../../shared/meetings.ts';
import { useMeeting, type MeetingView, type SeatView } from '../net/meetingConnection.ts';
import { agendaTitle } from '../panels/meetings/agendaTitle.ts';
import { FigureBatch, type Limbs } from '../hall/figure.ts';
import { FigureMeshes, useFigureSet } from '../hall/FigureMeshes.tsx';
import { Role } from '../../shared/roles.ts';
import { makeLabelTexture } from '../hall/labelTexture.ts';
import { PARTY_COLOURS } from '../hall/palette.ts';
import { StaticInstances, type Placement } from '../hall/StaticInstances.tsx';
import { useVoice } from '../voice/voiceStore.ts';
import { alongPath, DOOR_Z, pathToSeat, seatPose, tableRadius, WALK_SPEED } from './seating.ts';
import { SpeakingMarks } from './SpeakingMarks.tsx';
import { FramePacer, keepDrawing } from '../hall/framePacer.ts';

const ROOM_W = 16;
const ROOM_D = 14;
/** Most figures drawn: every seat of the largest session. */
const MAX_FIGURES = 80;
const SEAT_Y = 0.47;

const partyColour = (p: MeetingParty) => PARTY_COLOURS[PARTIES.indexOf(p)] ?? '#888888';

/** Per-person walk into the room, kept outside React and read every frame. */
interface Arrival {
  path: { x: number; z: number }[];
  startedAt: number;
}
const arrivals = new Map<string, Arrival>();

/**
 * Who walks in: everyone who appears after the room was first shown (the person themself too), so those
 * already seated when one arrives are not made to walk in again.
 */
function useArrivals(view: MeetingView | null, selfId: string | null): void {
  const seen = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!view) return;
    const present = view.participants.filter((p) => p.present);
    const now = performance.now();
    const first = seen.current === null;
    const before = seen.current ?? new Set<string>();
    const count = view.seats.length;
    for (const p of present) {
      if (before.has(p.id)) continue;
      if (!first || p.id === selfId) arrivals.set(p.id, { path: pathToSeat(p.seat, count), startedAt: now });
    }
    seen.current = new Set(present.map((p) => p.id));
    for (const id of arrivals.keys()) if (!seen.current.has(id)) arrivals.delete(id);
  }, [view, selfId]);
  useEffect(() => () => arrivals.clear(), []);
}

interface Pose {
  x: number;
  z: number;
  ry: number;
  walking: boolean;
  phase: number;
}

function poseOf(p: SeatView, count: number, now: number, out: Pose): Pose {
  const arrival = arrivals.get(p.id);
  if (arrival) {
    const walked = ((now - arrival.startedAt) / 1000) * WALK_SPEED;
    const at = alongPath(arrival.path, walked);
    if (!at.done) {
      out.x = at.x;
      out.z = at.z;
      out.ry = at.ry;
      out.walking = true;
      out.phase = walked * 4;
      return out;
    }
    arrivals.delete(p.id);
  }
  const seat = seatPose(p.seat, count);
  out.x = seat.x;
  out.z = seat.z;
  out.ry = seat.ry;
  out.walking = false;
  out.phase = 0;
  return out;
}

const limbs: Limbs = { legL: 0, legR: 0, armL: 0, armR: 0 };
const PARTY_ROLES: Record<MeetingParty, Role> = {
  officer: Role.officer,
  property: Role.parkManager,
  merchant: Role.merchant,
};

/** Everyone at the table as the hall's figures: seated, walking in, a hand up, the speaker gesturing. */
function Figures({ view }: { view: MeetingView }) {
  const set = useFigureSet();
  const batch = useMemo(() => new FigureBatch(), []);
  const pose = useMemo<Pose>(() => ({ x: 0, z: 0, ry: 0, walking: false, phase: 0 }), []);
  useFrame(({ clock }) => {
    // Painted every frame: a table holds a few dozen people at most.
    if (!batch.begin(set, true)) return;
    const now = performance.now();
    const count = view.seats.length;
    let i = 0;
    // Someone walking in, or the speaker's gesture: drawn at the screen's rate.
    let moving = view.speaker !== '';
    for (const p of view.participants) {
      if (!p.present || i >= MAX_FIGURES) continue;
      poseOf(p, count, now, pose);
      if (pose.walking) moving = true;
      const seated = !pose.walking;
      const swing = pose.walking ? Math.sin(pose.phase) * 0.6 : 0;
      const hand = view.hands.includes(p.id);
      const speaking = view.speaker === p.id;
      const talk = speaking ? Math.sin(clock.elapsedTime * 3) * 0.25 - 0.5 : 0;
      // Seated legs reach forward from the hip, under the table.
      limbs.legL = seated ? -1.45 : swing;
      limbs.legR = seated ? -1.45 : -swing;
      limbs.armL = seated ? talk * 0.6 : -swing * 0.8;
      // A raised hand: the right arm straight up.
      limbs.armR = hand ? Math.PI - 0.15 : seated ? talk : swing * 0.8;
      const y = seated ? -0.22 : Math.abs(Math.cos(pose.phase)) * 0.04;
      batch.add(pose.x, y, pose.z, pose.ry, p.look, PARTY_ROLES[p.party], p.online, limbs);
      i++;
    }
    batch.end();
    if (moving) keepDrawing();
  });
  return <FigureMeshes set={set} capacity={MAX_FIGURES} shadows={false} />;
}

/** A name above each head, with the place in the speaking queue when a hand is up. */
function NameTag({ person, view }: { person: SeatView; view: MeetingView }) {
  const { t } = useTranslation();
  const group = useRef<Group>(null);
  const queue = view.hands.indexOf(person.id);
  const speaking = view.speaker === person.id;
  // Heard now (their voice's level), whether they hold the floor or speak in open discussion.
  const voiced = useVoice((s) => s.speaking[person.id] ?? false);
  const floor = speaking ? t('meeting.speaking') : queue >= 0 ? t('meeting.handNumber', { n: queue + 1 }) : '';
  // Words only: a phone without an emoji font would paint a symbol as an empty box.
  const status = voiced ? t('meetingVoice.speakingNow') : floor;
  const texture = useMemo(
    () =>
      makeLabelTexture({
        width: 320,
        height: status ? 112 : 72,
        background: voiced ? '#dcf7e7' : speaking ? '#fff3c4' : '#ffffff',
        band: { color: partyColour(person.party), height: 8 },
        lines: [
          { text: person.name, size: 30, weight: 700, color: '#1b2430' },
          ...(status
            ? [{ text: status, size: 26, weight: 700, color: voiced ? '#17693d' : speaking ? '#9a5b00' : '#1f4e8c' }]
            : []),
        ],
      }),
    [person.name, person.party, status, speaking, voiced],
  );
  useEffect(() => () => texture.dispose(), [texture]);
  const pose = useMemo<Pose>(() => ({ x: 0, z: 0, ry: 0, walking: false, phase: 0 }), []);
  useFrame(() => {
    const g = group.current;
    if (!g) return;
    poseOf(person, view.seats.length, performance.now(), pose);
    g.position.set(pose.x, pose.walking ? 2.25 : 2.0, pose.z);
  });
  return (
    <group ref={group}>
      <sprite scale={[1.1, status ? 0.385 : 0.25, 1]}>
        <spriteMaterial map={texture} toneMapped={false} depthTest={false} />
      </sprite>
    </group>
  );
}

/** The board on the back wall: the session, the item under discussion, who speaks and who waits. */
function AgendaBoard({ view }: { view: MeetingView }) {
  const { t } = useTranslation();
  const names = new Map(view.participants.map((p) => [p.id, p.name]));
  const item = view.current >= 0 ? view.agenda[view.current] : undefined;
  // A string, so the board repaints only when who speaks changes, not on every level reading.
  const voiced = useVoice((s) =>
    Object.keys(s.speaking)
      .filter((id) => s.speaking[id])
      .sort()
      .join(','),
  );
  const speakingNames = voiced
    .split(',')
    .map((id) => names.get(id))
    .filter((name): name is string => Boolean(name));
  const mode = view.discussion === 'open' ? t('meetingVoice.boardOpen') : t('meetingVoice.boardModerated');
  const lines = [
    view.title,
    item
      ? t('meeting.itemOf', { n: view.current + 1, total: view.agenda.length, title: agendaTitle(t, item) })
      : t(`meeting.phase.${view.phase}`),
    view.speaker ? t('meeting.floorTo', { name: names.get(view.speaker) ?? '' }) : t('meeting.floorOpen'),
    view.hands.length
      ? t('meeting.queueLine', { names: view.hands.map((h) => names.get(h) ?? '').join(t('meetings.listSep')) })
      : t('meeting.queueEmpty'),
    `${mode} · ${
      speakingNames.length
        ? t('meetingVoice.speakingList', { names: speakingNames.join(t('meetings.listSep')) })
        : t('meetingVoice.nobodySpeaking')
    }`,
  ];
  const key = lines.join('\n');
  const texture = useMemo<Texture>(
    () =>
      makeLabelTexture({
        width: 1024,
        height: 448,
        background: '#16324f',
        band: { color: '#2f8a5b', height: 18 },
        align: 'left',
        lines: key.split('\n').map((text, i) => ({
          text,
          size: i === 0 ? 54 : 42,
          weight: i < 2 ? 700 : 400,
          color: i === 1 ? '#ffe08a' : i === 4 ? '#8ff0b8' : '#ffffff',
        })),
      }),
    [key],
  );
  useEffect(() => () => texture.dispose(), [texture]);
  return (
    <mesh position={[0, 2.45, -ROOM_D / 2 + 0.08]}>
      <planeGeometry args={[6, 2.625]} />
      <meshBasicMaterial map={texture} toneMapped={false} />
    </mesh>
  );
}

const seatGeo = new BoxGeometry(0.46, 0.08, 0.46);
const backGeo = new BoxGeometry(0.46, 0.6, 0.06);

/** The round table, and a chair for every seat in its party's colour. */
function Table({ seats }: { seats: MeetingParty[] }) {
  const r = tableRadius(seats.length);
  // The plan changes only when the session is edited: keyed by its content, not by each patch's new array.
  const plan = seats.join(',');
  const chairs = useMemo(() => {
    const parties = plan.split(',') as MeetingParty[];
    const seatItems: Placement[] = [];
    const backs: Placement[] = [];
    parties.forEach((party, i) => {
      const s = seatPose(i, parties.length);
      const color = partyColour(party);
      seatItems.push({ position: [s.x, SEAT_Y - 0.02, s.z], rotationY: s.ry, color });
      // The back is on the far side of the seat from the table.
      backs.push({
        position: [s.x - Math.sin(s.ry) * 0.24, SEAT_Y + 0.3, s.z - Math.cos(s.ry) * 0.24],
        rotationY: s.ry,
        color,
      });
    });
    return { seatItems, backs };
  }, [plan]);
  return (
    <group>
      <StaticInstances key={`s${seats.length}`} geometry={seatGeo} items={chairs.seatItems} />
      <StaticInstances key={`b${seats.length}`} geometry={backGeo} items={chairs.backs} />
      <mesh position={[0, 0.74, 0]}>
        <cylinderGeometry args={[r, r, 0.07, 48]} />
        <meshStandardMaterial color="#8a6a4f" roughness={0.5} />
      </mesh>
      <mesh position={[0, 0.37, 0]}>
        <cylinderGeometry args={[0.25, 0.4, 0.72, 16]} />
        <meshStandardMaterial color="#5d4636" />
      </mesh>
    </group>
  );
}

/** A soft pool of light on the floor under whoever has the floor. */
function SpeakerLight({ view }: { view: MeetingView }) {
  const ring = useRef<Mesh>(null);
  const speaker = view.participants.find((p) => p.id === view.speaker && p.present);
  useFrame(({ clock }) => {
    if (ring.current) ring.current.scale.setScalar(1 + Math.sin(clock.elapsedTime * 2.5) * 0.06);
  });
  if (!speaker) return null;
  const s = seatPose(speaker.seat, view.seats.length);
  return (
    <mesh ref={ring} rotation-x={-Math.PI / 2} position={[s.x, 0.02, s.z]}>
      <ringGeometry args={[0.45, 0.62, 40]} />
      <meshBasicMaterial color="#ffc94d" transparent opacity={0.85} />
    </mesh>
  );
}

function Room() {
  return (
    <group>
      <mesh rotation-x={-Math.PI / 2}>
        <planeGeometry args={[ROOM_W, ROOM_D]} />
        <meshStandardMaterial color="#c9b79c" roughness={0.9} />
      </mesh>
      {/* Back and side walls, and the front wall either side of the door. */}
      <mesh position={[0, 1.6, -ROOM_D / 2]}>
        <boxGeometry args={[ROOM_W, 3.2, 0.15]} />
        <meshStandardMaterial color="#eef1ec" />
      </mesh>
      {[-1, 1].map((side) => (
        <group key={side}>
          <mesh position={[(side * ROOM_W) / 2, 1.6, 0]}>
            <boxGeometry args={[0.15, 3.2, ROOM_D]} />
            <meshStandardMaterial color="#e6ebe5" />
          </mesh>
          {/* Windows along the side walls. */}
          {[-3.5, 0, 3.5].map((z) => (
            <mesh key={z} position={[side * (ROOM_W / 2 - 0.09), 1.8, z]} rotation-y={-side * (Math.PI / 2)}>
              <planeGeometry args={[2.2, 1.3]} />
              <meshStandardMaterial color="#bfe0f2" emissive="#9fd0ea" emissiveIntensity={0.35} />
            </mesh>
          ))}
          <mesh position={[side * (ROOM_W / 4 + 0.45), 1.6, ROOM_D / 2]}>
            <boxGeometry args={[ROOM_W / 2 - 0.9, 3.2, 0.15]} />
            <meshStandardMaterial color="#eef1ec" />
          </mesh>
        </group>
      ))}
      <mesh position={[0, 1.05, DOOR_Z + 0.49]}>
        <boxGeometry args={[1.6, 2.1, 0.05]} />
        <meshStandardMaterial color="#7a5a3f" />
      </mesh>
    </group>
  );
}

/** A session's meeting room: the table with seats by party, everyone at it, and the agenda on the wall. */
export default function MeetingScene() {
  const { t } = useTranslation();
  const view = useMeeting((s) => s.view);
  const selfId = useMeeting((s) => s.selfId);
  useArrivals(view, selfId);
  const r = tableRadius(view?.seats.length ?? 12);
  return (
    // A named landmark (it sits outside the panels); everything in it is in the meeting panel too.
    <section className="scene" aria-label={t('meeting.sceneLabel', { title: view?.title ?? '' })}>
      <Canvas frameloop="demand" dpr={[1, 1.5]} camera={{ fov: 50, near: 0.1, far: 80, position: [0, r + 5, r + 7] }}>
        <color attach="background" args={['#dfe9ef']} />
        <hemisphereLight args={['#fffaf0', '#c9c2b5', 1.1]} />
        <ambientLight intensity={0.4} />
        <directionalLight position={[4, 9, 6]} intensity={1.1} />
        <Room />
        {view && (
          <>
            <Table seats={view.seats} />
            <Figures view={view} />
            {view.participants
              .filter((p) => p.present)
              .map((p) => (
                <NameTag key={p.id} person={p} view={view} />
              ))}
            <SpeakerLight view={view} />
            <SpeakingMarks view={view} />
            <AgendaBoard view={view} />
          </>
        )}
        <OrbitControls
          makeDefault
          target={[0, 0.8, 0]}
          enablePan={false}
          minDistance={4}
          maxDistance={r + 12}
          minPolarAngle={0.35}
          maxPolarAngle={1.3}
        />
        <FramePacer />
      </Canvas>
    </section>
  );
}

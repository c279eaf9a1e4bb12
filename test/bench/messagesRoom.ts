import { Room, type Client } from '@colyseus/core';
import { hallLayout } from '../../shared/layout.ts';
import type { Walk } from '../../shared/walk.ts';
import { HallFloor } from '../../server/hall/rules.ts';
import { keepRank, nextView, SpatialGrid, viewChanges, type Placed } from '../../server/hall/interest.ts';
import { BENCH_MOVE, destinationOf } from './benchMove.ts';
import { MESSAGES_NAME_MAX, MESSAGES_VIEW, packWalk, type ViewMessage, type WireEntry } from './messagesWire.ts';

/** As the hall: a patch every 50 ms, each page's view chosen again every 250 ms, a fifth of the pages a patch. */
const TICK_MS = 50;
const VIEW_SLICES = 250 / TICK_MS;
/** Each page's nearest, as the hall's HALL_VIEW_NEAREST (the same setting, the same default). */
const VIEW_NEAREST = Number(process.env.HALL_VIEW_NEAREST ?? 60);

interface Person {
  client: Client;
  /** A small number for the wire, given on joining; entries carry it with the session id once. */
  n: number;
  name: string;
  shop: string;
  /** Session ids in this person's view (themselves included), and whose views hold this person. */
  view: Set<string>;
  watchers: Set<string>;
  slice: number;
  /** What goes to this page at the end of the patch. */
  out: ViewMessage;
}

const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, MESSAGES_NAME_MAX) : '');

/**
 * The hall's walks and views delivered as per-client messages, to measure against the hall's StateView (issue
 * 16 asks for the choice to be measured). The same floor plans the same walks (HallFloor, server/hall/rules.ts)
 * and the same rule chooses each page's view (server/hall/interest.ts, at the same rate and in the same slices);
 * only the delivery differs: at each patch, each page whose view changed gets one msgpack message with the walks
 * that came into view (with the person's name and shop) or changed in it and the numbers of those who left —
 * and nothing when nothing changed. No state, no schema, no sign-in (names come with the join); desks and the
 * queue are not here, the bots do not use them.
 */
export class MessagesRoom extends Room {
  override maxClients = 5000;
  override autoDispose = false;

  private readonly floor = new HallFloor(hallLayout);
  private readonly people = new Map<string, Person>();
  private readonly pendingWalks = new Map<string, { x: number; z: number }>();
  /** Walks started this patch, sent to everyone who has the walker in view. */
  private readonly changed = new Map<string, Walk>();
  private readonly openedAt = performance.now();
  private nextNumber = 1;
  private nextSlice = 0;
  private patches = 0;
  private peopleChanged = false;

  override onCreate(): void {
    this.onMessage(BENCH_MOVE, (client: Client, payload: unknown) => {
      const target = destinationOf(payload);
      if (target) this.pendingWalks.set(client.sessionId, target);
    });
    this.onMessage('*', () => undefined);
    this.setSimulationInterval(() => this.tick(), TICK_MS);
  }

  private hallNow(): number {
    return Math.round(performance.now() - this.openedAt);
  }

  override onJoin(client: Client, options: { name?: unknown; shop?: unknown } = {}): void {
    const now = this.hallNow();
    this.floor.enter(client.sessionId, now);
    const person: Person = {
      client,
      n: this.nextNumber++,
      name: text(options.name),
      shop: text(options.shop),
      view: new Set(),
      watchers: new Set(),
      slice: this.nextSlice++ % VIEW_SLICES,
      out: {},
    };
    this.people.set(client.sessionId, person);
    this.peopleChanged = true;
    // The newcomer hears of the people around them at once, as in the hall's first state.
    this.updateView(person, now, new SpatialGrid(this.placedNow(now)));
    this.flush(person);
  }

  override onLeave(client: Client): void {
    const id = client.sessionId;
    const person = this.people.get(id);
    if (!person) return;
    for (const w of person.watchers) {
      const watcher = this.people.get(w);
      if (!watcher || w === id) continue;
      watcher.view.delete(id);
      (watcher.out.l ??= []).push(person.n);
    }
    for (const seen of person.view) this.people.get(seen)?.watchers.delete(id);
    this.people.delete(id);
    this.floor.leave(id);
    this.pendingWalks.delete(id);
    this.changed.delete(id);
    this.peopleChanged = true;
  }

  /** One patch: plan the walks asked for, choose this slice's views, then send each page what changed for it. */
  private tick(): void {
    const now = this.hallNow();
    for (const [id, target] of this.pendingWalks) {
      const result = this.floor.moveTo(id, target.x, target.z, now);
      if (result.ok) this.changed.set(id, result.value.walk);
    }
    this.pendingWalks.clear();
    const slice = this.patches++ % VIEW_SLICES;
    let placed: Placed[] | undefined;
    let grid: SpatialGrid | undefined;
    for (const person of this.people.values()) {
      if (person.slice !== slice) continue;
      placed ??= this.placedNow(now);
      grid ??= new SpatialGrid(placed);
      this.updateView(person, now, grid);
    }
    for (const [id, walk] of this.changed) {
      const mover = this.people.get(id);
      if (!mover) continue;
      const wire = packWalk(walk);
      for (const w of mover.watchers) {
        const out = this.people.get(w)?.out;
        // Someone who came into view this patch already has the walk in their entry.
        if (out && !out.e?.some((e) => e[0] === mover.n)) (out.w ??= []).push([mover.n, wire]);
      }
    }
    this.changed.clear();
    const count = this.peopleChanged ? this.people.size : undefined;
    this.peopleChanged = false;
    for (const person of this.people.values()) {
      if (count !== undefined) person.out.p = count;
      this.flush(person);
    }
  }

  private placedNow(now: number): Placed[] {
    const placed: Placed[] = [];
    const pose = { x: 0, z: 0, ry: 0, moving: false };
    for (const [id, kept] of this.floor.entries()) {
      kept.replay.poseAt(now, pose);
      placed.push({ id, x: pose.x, z: pose.z });
    }
    return placed;
  }

  /** The hall's rule (nearest VIEW_NEAREST, kept until keepRank), with nobody at a desk. */
  private updateView(person: Person, now: number, grid: SpatialGrid): void {
    const self = person.client.sessionId;
    const here = this.floor.poseAt(self, now);
    if (!here) return;
    const ranked = grid.nearest(here.x, here.z, keepRank(VIEW_NEAREST), self);
    const next = nextView(self, person.view, ranked, [], VIEW_NEAREST, (id) => this.people.has(id));
    const { add, remove } = viewChanges(person.view, next);
    for (const id of remove) {
      const other = this.people.get(id);
      if (!other) continue;
      other.watchers.delete(self);
      (person.out.l ??= []).push(other.n);
    }
    for (const id of add) {
      const other = this.people.get(id);
      const walk = this.floor.walkOf(id);
      if (!other || !walk) {
        next.delete(id);
        continue;
      }
      other.watchers.add(self);
      const entry: WireEntry = [other.n, id, other.name, other.shop, packWalk(walk)];
      (person.out.e ??= []).push(entry);
    }
    person.view = next;
  }

  private flush(person: Person): void {
    const { out } = person;
    if (!out.e && !out.w && !out.l && out.p === undefined) return;
    person.client.send(MESSAGES_VIEW, out);
    person.out = {};
  }
}

import { randomUUID } from 'node:crypto';
import {
  CloseCode,
  matchMaker,
  OnMessageException,
  Room,
  ServerError,
  type Client,
  type RoomException,
  type RoomMethodName,
} from '@colyseus/core';
import { ArraySchema } from '@colyseus/schema';
import { DEFAULT_OPEN_MINUTES, type FollowUp, type MeetingParty, type MeetingSummary } from '../../shared/meetings.ts';
import {
  CHAT_HISTORY,
  CLOSE_REMOVED,
  joinMeetingSchema,
  MeetingIntent,
  MeetingNotice,
  MeetingReason,
  MeetingState,
  parseMeetingIntent,
  AgendaFollowUp,
  Participant,
  seatPlan,
  type MeetingChatLine,
  type MeetingNoticePayloads,
} from '../../shared/meetingRoom.ts';
import { chairs, keepsMinutes, maySpeak } from '../../shared/meetingRules.ts';
import { Action, actionForMeetingIntent, decide } from '../../shared/permissions.ts';
import { CLOSE_ACCOUNT_CHANGED, RoomName } from '../../shared/protocol.ts';
import { Role } from '../../shared/roles.ts';
import { defaultAppearance, encodeLook } from '../../shared/appearance.ts';
import { MEETING_VOICE_MAX, type VoiceSignalIntent } from '../../shared/voice.ts';
import { unhandled } from '../../shared/wire.ts';
import {
  DEFAULT_STATION_SLUG,
  isStationSlug,
  STATION_OPTION,
  StationRefusal,
  stationAsKnown,
} from '../../shared/stations.ts';
import { mayActIn } from '../stations/rules.ts';
import { actorOf, type Accounts } from '../accounts/accounts.ts';
import * as rules from './rules.ts';
import { log } from '../log.ts';
import { LiveSaver } from './liveSaver.ts';
import { SessionVoice } from './voice.ts';
import { countSignal } from '../voice/counters.ts';
import type { HostAction, MeetingService } from './service.ts';
import type { SavedRun } from './store.ts';
import {
  backstopRate,
  ClientGuard,
  DEFAULT_ROOM_LIMITS,
  describeError,
  intentName,
  type RoomLimits,
} from '../rooms/badInput.ts';
import { signedInOf, signInHolds, watchStaff, type SignedIn } from '../rooms/staffWatch.ts';
import { DUE_CHECK_MS, DueTimes, holdForReconnection, type Now } from '../rooms/roomClock.ts';
import type { StaffWhereabouts } from '../queue/whereabouts.ts';

export interface MeetingRoomOptions {
  accounts: Accounts;
  meetings: MeetingService;
  /** Seconds a dropped participant's seat (and raised hand) is held for them. */
  reconnectSeconds: number;
  /** Minutes before the start the door opens. */
  openMinutes: number;
  /** Most people in the session's voice at once (MEETING_VOICE_MAX). */
  voiceMax?: number;
  /** Told who sits at this table, so the hall pauses an officer's desk while they are here. */
  whereabouts?: StaffWhereabouts;
  /** What one connection may send before it is shown out (server/config.ts); default the shared values. */
  limits?: RoomLimits;
  /**
   * The station's clock (ms since the epoch) for the door, held seats and the floor kept over a restart;
   * default the wall clock. A test moves its own instead of waiting out a grace time.
   */
  now?: Now;
}

interface MeetingUser extends SignedIn {
  role: Role;
  name: string;
  shop: string;
  party: MeetingParty;
  /** How the figure looks at the table (shared/appearance.ts); staff are drawn in uniform anyway. */
  look: number;
}

/** A connection at the table: what the room sends it is typed by the meeting's notice map. */
type MeetingClient = Client<{ auth: MeetingUser; messages: MeetingNoticePayloads }>;

/** Refusals that mean the client sent what it should not have; a rule of the meeting is not bad input. */
const BAD_INPUT: ReadonlySet<MeetingReason> = new Set([
  MeetingReason.invalidPayload,
  MeetingReason.unknownMessage,
  MeetingReason.notPermitted,
]);

/** Room connections are capped by seats in onAuth, with a clear reason; this is only a backstop. */
const MAX_CONNECTIONS = 250;
/**
 * Chat lines accepted and not yet stored, beyond which a room refuses more (storage_failed): while storage is
 * away the lines wait in memory, and this bounds them; normally a write takes them within 50 ms.
 */
const MAX_UNSTORED_CHAT = 5 * CHAT_HISTORY;

/** What a meeting room keeps of its table: the run and the staff who sat in uninvited. */
interface Live {
  run: rules.MeetingRun;
  attended: NonNullable<SavedRun['attended']>;
}

/**
 * One three-party session while it runs: created for its meeting id by the first participant to walk in
 * and disposed when the last one leaves. Every change at the table (the agenda item, the floor, hands in
 * order, muted and removed people) and every chat line is stored before anyone is shown it (see LiveSaver:
 * writes are coalesced, at most one under way per room), so a restart or a room made again for the session
 * resumes where it stood and nothing anyone saw is lost; seats follow from the invitation, so a returning
 * participant always finds their own.
 */
export class MeetingRoom extends Room<{ state: MeetingState; client: MeetingClient }> {
  /** Colyseus' own limit, a backstop at twice the room's (see {@link backstopRate}); set from the station's limits. */
  override maxMessagesPerSecond = backstopRate(DEFAULT_ROOM_LIMITS);
  override state = new MeetingState();

  private options!: MeetingRoomOptions;
  private meeting!: MeetingSummary;
  /** The station the session belongs to (a session never changes station). */
  private station = DEFAULT_STATION_SLUG;
  /** The run as accepted: intents are checked against it. Shown once stored (see `told`). */
  private run!: rules.MeetingRun;
  /** The run as stored and shown to everyone (the shared state follows it). */
  private told!: rules.MeetingRun;
  private saver!: LiveSaver<Live, MeetingChatLine>;
  /** The server is shutting down: people leave because the hall goes, not of their own accord. */
  private closing = false;
  /** Chat as stored and shown, the last CHAT_HISTORY lines. */
  private chat: MeetingChatLine[] = [];
  private chatSeq = 0;
  /** Connections per person (two tabs of one person share their seat). */
  private present = new Map<string, number>();
  private guard = new ClientGuard('meeting', DEFAULT_ROOM_LIMITS);
  /** Chair moves are applied one at a time, each saved before the next. */
  private chain: Promise<unknown> = Promise.resolve();
  private stopListening: () => void = () => undefined;
  /** Station staff who sat in without an invitation, kept with the run. */
  private attended: NonNullable<SavedRun['attended']> = [];
  private now: Now = Date.now;
  /** Held seats and the floor kept over a restart, due on the station's clock. */
  private due = new DueTimes(() => this.now());
  /** Which connection carries whose voice, and its epoch; never stored (a connection does not outlive a restart). */
  private voice!: SessionVoice;

  override async onCreate(options: Partial<MeetingRoomOptions> & { meetingId?: unknown }): Promise<void> {
    if (!options.accounts || !options.meetings) throw new Error('the meeting room needs accounts and meetings');
    this.options = {
      accounts: options.accounts,
      meetings: options.meetings,
      reconnectSeconds: options.reconnectSeconds ?? 60,
      openMinutes: options.openMinutes ?? DEFAULT_OPEN_MINUTES,
      whereabouts: options.whereabouts,
    };
    this.voice = new SessionVoice(options.voiceMax ?? MEETING_VOICE_MAX);
    if (options.limits) {
      this.guard = new ClientGuard('meeting', options.limits);
      this.maxMessagesPerSecond = backstopRate(options.limits);
    }
    if (options.now) this.now = options.now;
    this.maxClients = MAX_CONNECTIONS;
    const parsed = joinMeetingSchema.safeParse({ meetingId: options.meetingId });
    const found = parsed.success ? await this.options.meetings.forRoom(parsed.data.meetingId) : null;
    if (!found) throw new ServerError(404, MeetingReason.unknownMeeting);
    this.meeting = found.meeting;
    this.station = found.meeting.station;
    const m = found.meeting;
    this.run = rules.resume({ ...rules.newRun(m, m.agenda), phase: m.status }, found.run);
    this.told = this.run;
    this.attended = found.run?.attended ?? [];
    this.chat = found.chat;
    this.chatSeq = found.chat.at(-1)?.id ?? 0;
    this.saver = new LiveSaver<Live, MeetingChatLine>({
      store: (live, lines) => this.options.meetings.keepLive(m.id, live && this.saved(live), lines),
      stored: (live, lines) => this.show(live, lines),
      failed: (err, attempt) =>
        log.error(attempt > 0 ? 'meeting.store.failed' : 'meeting.show.failed', {
          meeting: m.id,
          attempt,
          error: String(err),
        }),
    });
    // Hands and the floor come back as they were; like a dropped connection's, they are held for those who
    // were at the table for the reconnection time, then let go if they have not come back.
    if (this.run.hands.length > 0 || this.run.speakerId) {
      this.due.after('release-absent', this.options.reconnectSeconds * 1000, () => this.releaseAbsent());
    }
    this.clock.setInterval(() => this.due.check(), DUE_CHECK_MS);
    this.seatInvitees();
    this.sync();
    const stopSession = this.options.meetings.onSession((meeting) => {
      if (meeting.id === this.meeting.id) this.onMeetingChanged(meeting);
    });
    // Staff whose account no longer holds leave the table at once, chair or not (as in the hall).
    const stopStaff = watchStaff(this, this.options.accounts, (client) => {
      if (this.guard.isDropped(client.sessionId)) return;
      log.warn('meeting.staff.dropped', { meeting: this.meeting.id, person: client.auth?.personId });
      this.guard.drop(client, CLOSE_ACCOUNT_CHANGED, MeetingReason.accountChanged);
    });
    this.stopListening = () => {
      stopSession();
      stopStaff();
    };

    for (const type of Object.values(MeetingIntent)) {
      this.onMessage(type, (client: MeetingClient, payload: unknown) => this.handle(client, type, payload));
    }
    // Colyseus hands this handler the type, or the payload in its place when the type is "*" itself.
    this.onMessage('*', (client: MeetingClient, type: unknown) => {
      if (!this.guard.overRate(client)) this.refuse(client, intentName(type), MeetingReason.unknownMessage);
    });
    log.info('meeting.room.open', { meeting: m.id });
  }

  /**
   * The host and the invitees, each in a seat of their party's arc, in the order of the invitation; staff who
   * came uninvited keep their spare seat. Rows are changed in place, so a seat that did not move is not sent
   * again and nobody is seen leaving and coming back when the session is edited or roles are named.
   */
  private seatInvitees(): void {
    const m = this.meeting;
    const people = [...m.invitees];
    if (!people.some((p) => p.id === m.hostId)) people.unshift({ id: m.hostId, name: m.hostName, party: 'property' });
    const counts = { property: 0, officer: 0, merchant: 0 };
    for (const p of people) counts[p.party]++;
    const plan = seatPlan(counts);
    if (plan.length !== this.state.seats.length || plan.some((party, i) => this.state.seats[i] !== party)) {
      this.state.seats = new ArraySchema(...plan);
    }
    const next = {
      property: plan.indexOf('property'),
      officer: plan.indexOf('officer'),
      merchant: plan.indexOf('merchant'),
    };
    const rows = this.state.participants;
    const invited = new Set(people.map((p) => p.id));
    const guests = [...rows.entries()].filter(([id]) => !invited.has(id));
    const taken = new Set<number>();
    for (const p of people) {
      const seat = next[p.party]++;
      taken.add(seat);
      let row = rows.get(p.id);
      if (!row) {
        row = new Participant();
        row.shop = '';
        row.present = false;
        rows.set(p.id, row);
      }
      if (row.name !== p.name) row.name = p.name;
      if (row.party !== p.party) row.party = p.party;
      if (row.seat !== seat) row.seat = seat;
    }
    // Uninvited staff keep their own seat while it is still a spare one of their party, else take another;
    // someone with no seat left (a merchant dropped from the invitation) loses their row.
    for (const [id, row] of guests) {
      const own = plan[row.seat] === row.party && !taken.has(row.seat);
      const seat = own ? row.seat : plan.findIndex((party, i) => party === row.party && !taken.has(i));
      if (seat < 0) {
        rows.delete(id);
        continue;
      }
      taken.add(seat);
      if (row.seat !== seat) row.seat = seat;
    }
  }

  private freeSpareSeat(party: MeetingParty): number | null {
    const taken = new Set([...this.state.participants.values()].map((p) => p.seat));
    const index = this.state.seats.findIndex((p, i) => p === party && !taken.has(i));
    return index >= 0 ? index : null;
  }

  /**
   * Anything a handler, a timer or a room hook throws unexpectedly ends up here (Colyseus wraps them all once
   * this is defined): one log line with the reason, and the sender of a message is answered. It never stops
   * the process or the session. A ServerError is a refusal thrown on purpose and already answered.
   */
  override onUncaughtException(error: RoomException, method: RoomMethodName): void {
    if (error.cause instanceof ServerError) return;
    const fields = {
      meeting: this.meeting?.id,
      method,
      reason: MeetingReason.internal,
      error: describeError(error.cause),
    };
    if (!(error instanceof OnMessageException)) return log.error('meeting.failed', fields);
    const client = error.client as MeetingClient;
    const intent = intentName(error.type);
    log.error('meeting.intent.failed', { ...fields, session: client.sessionId, intent });
    client.send(MeetingNotice.rejected, { intent, reason: MeetingReason.internal });
  }

  /**
   * The door as the table stands now. Matchmaking admitted the person against the stored session (see
   * {@link stationMeetings}); since then the chair may have removed them, or the spare seats filled.
   */
  private doorNow(user: MeetingUser): rules.DoorRefusal | null {
    return rules.doorRefusal(
      this.run,
      {
        personId: user.personId,
        seated: this.state.participants.has(user.personId),
        staff: user.role !== Role.merchant,
      },
      {
        open: this.now() >= Date.parse(this.meeting.opensAt),
        spareSeat: user.role !== Role.merchant && this.freeSpareSeat(user.party) !== null,
      },
    );
  }

  override onJoin(client: MeetingClient): void {
    const user = client.auth!;
    const refusal = this.doorNow(user);
    if (refusal) {
      // Shown out at once, with the reason for the page; no seat is held for them.
      this.guard.drop(client, refusal === 'removed' ? CLOSE_REMOVED : CloseCode.WITH_ERROR, refusal);
      return;
    }
    let row = this.state.participants.get(user.personId);
    if (!row) {
      // Uninvited staff: a spare seat in their party's arc (checked free in onAuth; taken now).
      const seat = this.freeSpareSeat(user.party);
      if (seat === null) {
        this.guard.drop(client, CloseCode.WITH_ERROR, MeetingReason.meetingFull);
        return;
      }
      row = new Participant();
      row.party = user.party;
      row.seat = seat;
      this.state.participants.set(user.personId, row);
    }
    this.noteAttendance(user);
    row.name = user.name;
    row.shop = user.shop;
    row.look = user.look;
    row.present = true;
    row.online = true;
    this.present.set(user.personId, (this.present.get(user.personId) ?? 0) + 1);
    this.options.whereabouts?.sat(this.roomId, user.personId);
    this.guard.watch(client);
    this.sync();
    client.send(MeetingNotice.chatHistory, this.chat);
    log.info('meeting.join', { meeting: this.meeting.id, person: user.personId, party: user.party });
  }

  override async onDrop(client: MeetingClient): Promise<void> {
    // Dropped on purpose, or the room is going (a shutdown): no seat can be held.
    if (this.guard.isDropped(client.sessionId) || this.guard.closedForBadFrame(client) || this.closing) return;
    if (client.auth) this.showOnline(client.auth.personId);
    await holdForReconnection(this, client, this.options.reconnectSeconds, this.due);
  }

  override async onReconnect(client: MeetingClient): Promise<void> {
    const id = client.auth?.personId ?? '';
    // The seat was held without a token: the account may have been disabled or signed out meanwhile.
    if (!(await signInHolds(this.options.accounts, client.auth)))
      return this.guard.drop(client, CLOSE_ACCOUNT_CHANGED, MeetingReason.accountChanged);
    // Removed, or dropped from the invitation, while the connection was down: the door stays shut.
    const refusal = rules.stayRefusal(this.run, id, this.state.participants.has(id));
    if (refusal) {
      this.guard.drop(client, refusal === 'removed' ? CLOSE_REMOVED : CloseCode.WITH_ERROR, refusal);
      return;
    }
    this.guard.watch(client);
    this.showOnline(id);
    client.send(MeetingNotice.chatHistory, this.chat);
  }

  /**
   * Everyone who sat at the table is remembered, in the order they first sat down: the minutes list them, and
   * uninvited staff who sat in read the minutes and may own action items.
   */
  private noteAttendance(user: MeetingUser): void {
    if (this.attended.some((a) => a.id === user.personId)) return;
    this.attended = [...this.attended, { id: user.personId, name: user.name, party: user.party }];
    this.keep();
  }

  /** Online while any of the person's connections is live: a second tab keeps them at the table. */
  private showOnline(personId: string): void {
    const row = this.state.participants.get(personId);
    const online = this.clients.some((c) => c.auth?.personId === personId);
    if (row && row.online !== online) row.online = online;
  }

  override onLeave(client: MeetingClient): void {
    this.guard.forget(client.sessionId);
    const user = client.auth;
    if (!user) return;
    // The connection carrying their voice takes it with it; another tab of theirs may take it up again.
    if (this.voice.leave(user.personId, client.sessionId)) this.showVoice();
    const left = (this.present.get(user.personId) ?? 1) - 1;
    if (left > 0) {
      this.present.set(user.personId, left);
      this.showOnline(user.personId);
      return;
    }
    this.present.delete(user.personId);
    this.options.whereabouts?.stood(this.roomId, user.personId);
    // Gone for good: their hand goes down and the floor is free. An invitee's seat waits for them. Not so when
    // the hall shuts down: they did not leave, and find their hand and the floor as they were after a restart.
    if (!this.closing) {
      const next = rules.left(this.run, user.personId);
      if (next !== this.run) {
        this.run = next;
        this.keep();
      }
    }
    const row = this.state.participants.get(user.personId);
    if (row) {
      if (this.meeting.invitees.some((i) => i.id === user.personId) || user.personId === this.meeting.hostId) {
        row.present = false;
        row.online = true;
      } else this.state.participants.delete(user.personId);
    }
    this.sync();
  }

  override onBeforeShutdown(): void {
    this.closing = true;
    super.onBeforeShutdown();
  }

  /** Colyseus waits for what this returns: the last saves land before storage closes on a shutdown. */
  override async onDispose(): Promise<void> {
    this.stopListening();
    log.info('meeting.room.closed', { meeting: this.meeting?.id });
    await this.chain; // a start or an end under way, which hands its run to the saver
    // Only what nobody was shown can be left unstored; it is named in the log.
    if (this.saver && !(await this.saver.close())) {
      log.error('meeting.store.abandoned', { meeting: this.meeting.id, lines: this.saver.waitingLines });
    }
    await this.chain; // the audit of moves stored just now
  }

  /** Edited, roles named, ended or cancelled from elsewhere (the scheduling page, the HTTP API). */
  private onMeetingChanged(meeting: MeetingSummary): void {
    this.meeting = meeting;
    this.state.title = meeting.title;
    // The chairs and the agenda are the record's, already stored: shown at once.
    this.run = { ...this.run, ...rules.partsOf(meeting) };
    if (this.run.phase === 'scheduled') this.run = { ...this.run, agenda: meeting.agenda };
    this.told = rules.atTable(this.run, this.told);
    if ((meeting.status === 'ended' || meeting.status === 'cancelled') && this.run.phase !== meeting.status) {
      this.run = { ...this.run, phase: meeting.status, speakerId: null, hands: [] };
      this.keep();
    }
    this.seatInvitees();
    this.sync();
    // Someone left without a seat (a merchant dropped from the invitation) is shown out.
    for (const c of this.clients) {
      if (!c.auth || this.state.participants.has(c.auth.personId) || this.guard.isDropped(c.sessionId)) continue;
      this.guard.drop(c, CloseCode.WITH_ERROR, MeetingReason.notInvited);
    }
  }

  /** Write the run as stored into the shared state, touching only what changed. */
  private sync(): void {
    const s = this.state;
    const r = this.told;
    s.meetingId = this.meeting.id;
    s.title = this.meeting.title;
    s.host = this.meeting.hostId;
    s.phase = r.phase;
    s.current = r.current;
    s.speaker = r.speakerId ?? '';
    if (s.discussion !== r.discussion) s.discussion = r.discussion;
    if (s.agenda.length !== r.agenda.length || r.agenda.some((a, i) => s.agenda[i] !== a.title)) {
      s.agenda = new ArraySchema(...r.agenda.map((a) => a.title));
    }
    if (r.agenda.some((a, i) => !sameFollowUp(s.followUps[i], a.followUp)) || s.followUps.length !== r.agenda.length) {
      s.followUps = new ArraySchema(...r.agenda.map((a) => followUpEntry(a.followUp)));
    }
    if (s.hands.length !== r.hands.length || r.hands.some((h, i) => s.hands[i] !== h)) {
      s.hands = new ArraySchema(...r.hands);
    }
    for (const [id, p] of s.participants) {
      const chair = chairs(r, id);
      const secretary = keepsMinutes(r, id);
      const muted = r.muted.includes(id);
      if (p.chair !== chair) p.chair = chair;
      if (p.secretary !== secretary) p.secretary = secretary;
      if (p.muted !== muted) p.muted = muted;
    }
    // Once the session is over nobody may be heard, and nobody stays linked.
    if (r.phase === 'ended' || r.phase === 'cancelled') this.voice.clear();
    this.showVoice();
  }

  /** Who is in the voice, and each one's epoch, into the shared state. */
  private showVoice(): void {
    for (const [id, p] of this.state.participants) {
      const voice = this.voice.inVoice(id);
      const epoch = this.voice.epochOf(id);
      if (p.voice !== voice) p.voice = voice;
      if (p.voiceEpoch !== epoch) p.voiceEpoch = epoch;
    }
  }

  private handle(client: MeetingClient, type: MeetingIntent, payload: unknown): void {
    const signal = type === MeetingIntent.voiceSignal;
    if (signal ? this.guard.overSignalRate(client) : this.guard.overRate(client)) return;
    const user = client.auth!;
    const action = actionForMeetingIntent(type);
    if (!action || !decide(user.role, action).allowed) return this.refuse(client, type, MeetingReason.notPermitted);
    const parsed = parseMeetingIntent(type, payload ?? undefined);
    if (!parsed.ok) return this.refuse(client, type, MeetingReason.invalidPayload);
    const intent = parsed.intent;
    const me = user.personId;
    switch (intent.type) {
      case MeetingIntent.chat:
        return this.say(client, intent.payload.text);
      case MeetingIntent.raiseHand:
        return void this.apply(client, type, rules.raiseHand(this.run, me));
      case MeetingIntent.lowerHand:
        return void this.apply(client, type, rules.lowerHand(this.run, me));
      case MeetingIntent.endTurn:
        return void this.apply(client, type, rules.endTurn(this.run, me));
      case MeetingIntent.giveFloor: {
        const to = intent.payload?.to;
        if (to && !this.present.has(to)) return this.refuse(client, type, MeetingReason.notHere);
        const step = rules.giveFloor(this.run, me, to);
        const speaker = step.ok ? step.value.speakerId : null;
        return void this.apply(client, type, step, () => this.audit(me, 'meeting.floor', { to: speaker }));
      }
      case MeetingIntent.nextItem: {
        const step = rules.nextItem(this.run, me);
        const item = step.ok ? step.value.current : null;
        return void this.apply(client, type, step, () => this.audit(me, 'meeting.next_item', { item }));
      }
      case MeetingIntent.mute: {
        const { personId, muted } = intent.payload;
        if (!this.state.participants.has(personId)) return this.refuse(client, type, MeetingReason.notHere);
        return void this.apply(client, type, rules.setMuted(this.run, me, personId, muted), () =>
          this.audit(me, muted ? 'meeting.mute' : 'meeting.unmute', { person: personId }),
        );
      }
      case MeetingIntent.remove: {
        const { personId } = intent.payload;
        if (!this.state.participants.has(personId)) return this.refuse(client, type, MeetingReason.notHere);
        // Refused at once (hand, chat, coming back); shown the door once the removal is stored.
        return void this.apply(client, type, rules.remove(this.run, me, personId), () => {
          this.audit(me, 'meeting.remove', { person: personId });
          this.sendOff(personId);
        });
      }
      case MeetingIntent.start:
        return this.chairMove(
          client,
          type,
          (run) => rules.start(run, me),
          () => this.options.meetings.start(me, this.meeting.id),
        );
      case MeetingIntent.end:
        return this.chairMove(
          client,
          type,
          (run) => rules.end(run, me),
          () => this.options.meetings.end(me, this.meeting.id),
        );
      case MeetingIntent.discussion: {
        const { open } = intent.payload;
        return void this.apply(client, type, rules.setDiscussion(this.run, me, open), () =>
          this.audit(me, 'meeting.discussion', { open }),
        );
      }
      case MeetingIntent.voiceJoin:
        return this.joinVoice(client);
      case MeetingIntent.voiceLeave:
        if (this.voice.leave(me, client.sessionId)) this.showVoice();
        return;
      case MeetingIntent.voiceSignal:
        return this.relaySignal(client, intent.payload);
      default:
        return unhandled(intent);
    }
  }

  /**
   * Accept a step of the rules, or tell the sender why not. Accepted, it is stored, then shown to everyone,
   * then `then` runs (the audit, showing someone out). Every refusal of the rules is a MeetingReason (no cast:
   * the compiler checks the client has a word for each).
   */
  private apply(client: MeetingClient, type: string, step: rules.Step, then?: () => void): boolean {
    if (!step.ok) {
      this.refuse(client, type, step.reason);
      return false;
    }
    if (step.value === this.run) {
      then?.(); // nothing changed (a hand raised twice): nothing to store
      return true;
    }
    this.run = step.value;
    this.keep(then);
    return true;
  }

  /**
   * The chair's moves go in the audit log like other staff actions, once the move is stored; a failed write
   * is logged, not undone. Written one after the other, so a shutdown waits for them before storage closes.
   */
  private audit(actorId: string, action: HostAction, detail: Record<string, unknown>): void {
    this.chain = this.chain.then(() =>
      this.options.meetings
        .recordHostAction(actorId, this.meeting.id, action, { ...detail, station: this.station })
        .catch((err: unknown) => {
          log.error('meeting.audit.failed', { meeting: this.meeting.id, action, error: String(err) });
        }),
    );
  }

  /** Starting and ending change the session's record: stored first, then shown to everyone. */
  private chairMove(
    client: MeetingClient,
    type: string,
    step: (run: rules.MeetingRun) => rules.Step,
    store: () => Promise<{ ok: boolean; error?: string }>,
  ): void {
    const first = step(this.run);
    if (!first.ok) return this.refuse(client, type, first.reason);
    this.chain = this.chain.then(async () => {
      if (!step(this.run).ok) return; // a move just before this one settled it (two taps on "start")
      let stored: { ok: boolean; error?: string };
      try {
        stored = await store();
      } catch (err) {
        log.error('meeting.store.failed', { meeting: this.meeting.id, error: String(err) });
        return this.refuse(client, type, MeetingReason.storageFailed);
      }
      if (!stored.ok) {
        return this.refuse(
          client,
          type,
          stored.error === 'not_host' ? MeetingReason.notHost : MeetingReason.meetingOver,
        );
      }
      // The stored change may already have reached the room (an ended session): apply what is left.
      const next = step(this.run);
      if (!next.ok) return;
      // The move itself is stored; the run with it (the first item) is shown once it is stored too.
      this.run = next.value;
      this.keep();
    });
  }

  private saved({ run, attended }: Live): SavedRun {
    const { current, speakerId, hands, muted, removed, discussion } = run;
    return { current, speakerId, hands, muted, removed, discussion, attended };
  }

  /** Store the run as accepted now (coalesced with other changes), then show it; `then` runs after. */
  private keep(then?: () => void): void {
    this.saver.update({ run: this.run, attended: this.attended }, then);
  }

  /** What was stored is shown: the run (its record side as it now stands) and the chat lines, in order. */
  private show(live: Live | null, lines: readonly MeetingChatLine[]): void {
    if (live) {
      this.told = rules.atTable(this.run, live.run);
      this.sync();
    }
    for (const line of lines) {
      this.chat.push(line);
      this.broadcast(MeetingNotice.chat, line);
    }
    if (this.chat.length > CHAT_HISTORY) this.chat.splice(0, this.chat.length - CHAT_HISTORY);
  }

  /** Hands and the floor kept over a restart for people who did not come back in time are let go. */
  private releaseAbsent(): void {
    const next = rules.releaseAbsent(this.run, new Set(this.present.keys()));
    if (next === this.run) return;
    this.run = next;
    this.keep();
  }

  private say(client: MeetingClient, text: string): void {
    const user = client.auth!;
    const refusal = rules.mayChat(this.run, user.personId);
    if (refusal) return this.refuse(client, MeetingIntent.chat, refusal);
    if (this.saver.waitingLines >= MAX_UNSTORED_CHAT) {
      return this.refuse(client, MeetingIntent.chat, MeetingReason.storageFailed);
    }
    const line: MeetingChatLine = {
      id: ++this.chatSeq,
      from: user.personId,
      name: user.name,
      party: user.party,
      text,
      at: new Date(this.now()).toISOString(),
    };
    // Heard by everyone once stored, in the order said (see show).
    this.saver.add(line);
  }

  /** This connection carries the sender's voice from now on, in a new epoch (taken over from another tab). */
  private joinVoice(client: MeetingClient): void {
    const me = client.auth!.personId;
    const phase = this.run.phase;
    if (phase === 'ended' || phase === 'cancelled') {
      return this.refuse(client, MeetingIntent.voiceJoin, MeetingReason.meetingOver);
    }
    if (this.run.removed.includes(me)) return this.refuse(client, MeetingIntent.voiceJoin, MeetingReason.removed);
    const before = this.voice.carrierOf(me);
    const refusal = this.voice.join(me, client.sessionId);
    if (refusal) return this.refuse(client, MeetingIntent.voiceJoin, refusal);
    this.showVoice();
    // The connection that carried it until now is told at once, not at its next signal.
    if (before !== undefined && before !== client.sessionId) {
      const notice = { intent: MeetingIntent.voiceJoin, reason: MeetingReason.elsewhere };
      this.clients.getById(before)?.send(MeetingNotice.rejected, notice);
    }
    log.info('meeting.voice.join', { meeting: this.meeting.id, person: me, epoch: this.voice.epochOf(me) });
  }

  /**
   * An offer, answer or candidate, relayed to the one connection carrying the target's voice. Whether the
   * sender may be heard is asked of the table as accepted and as shown: a floor given is heard once everyone
   * sees it, a floor taken back is silent at once.
   */
  private relaySignal(client: MeetingClient, signal: VoiceSignalIntent): void {
    const me = client.auth!.personId;
    const heard = maySpeak(this.run, me) && maySpeak(this.told, me);
    const sender = { personId: me, sessionId: client.sessionId, maySpeak: heard, removed: this.run.removed };
    const decision = this.voice.signal(sender, signal);
    if (decision.kind === 'stale') return;
    if (decision.kind === 'refuse') {
      countSignal('refused');
      return this.refuse(client, MeetingIntent.voiceSignal, decision.reason, decision.bad);
    }
    // A carrying connection that is down (its seat held) gets nothing: its page restarts the link on return.
    const target = this.clients.getById(decision.sessionId);
    if (!target) return;
    target.send(MeetingNotice.voiceSignal, decision.notice);
    countSignal('relayed');
  }

  /** A removed participant is shown the door, on every connection they have here. */
  private sendOff(personId: string): void {
    for (const c of this.clients) {
      if (c.auth?.personId !== personId) continue;
      this.guard.drop(c, CLOSE_REMOVED, MeetingReason.removed);
    }
    log.info('meeting.removed', { meeting: this.meeting.id, person: personId });
  }

  private refuse(client: MeetingClient, intent: string, reason: MeetingReason, bad = BAD_INPUT.has(reason)): void {
    log.warn('meeting.intent.refused', { meeting: this.meeting.id, session: client.sessionId, intent, reason });
    client.send(MeetingNotice.rejected, { intent, reason });
    if (bad) this.guard.badMessage(client);
  }
}

/** What a meeting room's door needs: who the pass names and the stored session. */
type MeetingDoor = Pick<MeetingRoomOptions, 'accounts' | 'meetings' | 'now'>;

/**
 * Who may come to a session's table, decided at matchmaking before any seat is reserved or any room made:
 * a valid room pass, a session that exists and whose door is open (from `opensAt` until it ends), and a
 * person it admits — an invitee or the host, or station staff sitting in; never someone the chair removed.
 * The spare seats for staff are counted by the room itself when they walk in.
 */
async function admitToMeeting(door: MeetingDoor, pass: unknown, options: unknown): Promise<MeetingUser> {
  const parsed = joinMeetingSchema.safeParse(options);
  if (!parsed.success) throw new ServerError(404, MeetingReason.unknownMeeting);
  // The page's station; a join naming none is the default station's (one-station deployments unchanged).
  const named: unknown = parsed.data[STATION_OPTION] ?? DEFAULT_STATION_SLUG;
  if (!isStationSlug(named)) {
    log.warn('meeting.join.refused', { reason: StationRefusal.unknown, station: stationAsKnown(named) });
    throw new ServerError(404, StationRefusal.unknown);
  }
  let result: Awaited<ReturnType<Accounts['authenticateRoomPass']>>;
  let found: Awaited<ReturnType<MeetingService['forRoom']>>;
  try {
    result = await door.accounts.authenticateRoomPass(pass);
    found = result.ok ? await door.meetings.forRoom(parsed.data.meetingId) : null;
  } catch (err) {
    log.error('meeting.join.failed', { reason: MeetingReason.internal, error: describeError(err) });
    throw new ServerError(503, MeetingReason.internal);
  }
  if (!result.ok) throw new ServerError(401, result.error);
  const p = result.value;
  // The station's admin manages accounts; the table keeps them out of sessions as out of the hall.
  if (!decide(actorOf(p), Action.attendMeeting).allowed) throw new ServerError(403, MeetingReason.notInvited);
  if (!found) throw new ServerError(404, MeetingReason.unknownMeeting);
  const m = found.meeting;
  if (m.station !== named) {
    // Those who take part already know the session: they are told to come in from its own station's page.
    // Anyone else learns nothing of another station's session.
    const knows = m.hostId === p.id || m.invitees.some((i) => i.id === p.id);
    log.warn('meeting.join.refused', { meeting: m.id, person: p.id, station: named, reason: 'other_station' });
    if (knows) throw new ServerError(403, MeetingReason.otherStation);
    throw new ServerError(404, MeetingReason.unknownMeeting);
  }
  // Staff sit at their own station's tables only, as they walk its hall only.
  const member = mayActIn(p, m.station);
  if (!member.ok) {
    log.warn('meeting.join.refused', { meeting: m.id, person: p.id, station: m.station, reason: member.error });
    throw new ServerError(403, member.error);
  }
  const staffParty: MeetingParty | null = p.kind === 'merchant' ? null : p.role === 'officer' ? 'officer' : 'property';
  const invited = m.invitees.find((i) => i.id === p.id);
  const refusal = rules.doorRefusal(
    { ...rules.newRun(m, m.agenda), phase: m.status, removed: found.run?.removed ?? [] },
    { personId: p.id, seated: Boolean(invited) || m.hostId === p.id, staff: staffParty !== null },
    { open: (door.now ?? Date.now)() >= Date.parse(m.opensAt), spareSeat: true },
  );
  if (refusal) {
    log.warn('meeting.join.refused', { meeting: m.id, person: p.id, reason: refusal });
    throw new ServerError(403, refusal);
  }
  const party: MeetingParty = invited?.party ?? staffParty ?? 'merchant';
  const look = encodeLook(p.kind === 'merchant' ? p.appearance : defaultAppearance(p.id));
  if (p.kind === 'merchant') return { role: Role.merchant, name: p.name, shop: p.shop, party, look, ...signedInOf(p) };
  const role = p.role === 'officer' ? Role.officer : Role.parkManager;
  return { role, name: p.name, shop: '', party, look, ...signedInOf(p) };
}

/**
 * The meeting room as one station defines it: one room per session, always. Matchmaking admits a person
 * first (static onAuth: Colyseus runs it when a seat is asked for, before any room is found or made), then
 * the station makes the session's room if it has none, once, however many people arrive together; a room
 * made any other way (a client's joinOrCreate or create, a second room for a full table) is refused.
 */
/**
 * Runs `fn` with no other one of the same name running meanwhile, in this process or (with several processes
 * on Redis) in any other: the look for a session's room and its making are one step.
 */
export type Exclusive = <T>(name: string, fn: () => Promise<T>) => Promise<T>;

/**
 * Whether a listed meeting room still lives. A room answers on its own channel while its process runs; the
 * listing of a room whose process died (killed, with no time to unlist it) stays until someone cleans it up,
 * and every join would be sent to the dead process. Such a process is asked once more, and if it does not
 * answer, its rooms leave the listing, so the session's room can be opened again here from storage.
 */
async function alive(listed: { roomId: string; processId: string }): Promise<boolean> {
  if (listed.processId === matchMaker.processId) return true;
  const answering = await matchMaker.presence.channels(`$${listed.roomId}`);
  if (answering.length > 0) return true;
  return Boolean(await matchMaker.healthCheckProcessId(listed.processId));
}

export function stationMeetings(door: MeetingDoor & { exclusive?: Exclusive }): { room: typeof MeetingRoom } {
  const key = randomUUID();
  const alone: Exclusive = door.exclusive ?? ((_name, fn) => fn());
  /** Rooms being made, by session: everyone arriving meanwhile waits for the same one. */
  const making = new Map<string, Promise<void>>();
  const ensureRoom = (meetingId: string): Promise<void> => {
    let made = making.get(meetingId);
    if (!made) {
      // Rooms are made on the process that asks (the listing is shared), so the opening key is this one's.
      made = alone(`meeting:${meetingId}`, async () => {
        const [listed] = await matchMaker.query({ name: RoomName.meeting, meetingId });
        if (listed && (await alive(listed))) return;
        await matchMaker.createRoom(RoomName.meeting, { meetingId, opening: key });
      }).finally(() => making.delete(meetingId));
      making.set(meetingId, made);
    }
    return made;
  };
  class StationMeeting extends MeetingRoom {
    static override async onAuth(pass: unknown, options: unknown): Promise<MeetingUser> {
      const user = await admitToMeeting(door, pass, options);
      await ensureRoom((options as { meetingId: string }).meetingId);
      return user;
    }

    override onCreate(
      options: Partial<MeetingRoomOptions> & { meetingId?: unknown; opening?: unknown },
    ): Promise<void> {
      if (options.opening !== key) {
        log.warn('meeting.create.refused', { reason: MeetingReason.meetingFull });
        throw new ServerError(503, MeetingReason.meetingFull);
      }
      return super.onCreate(options);
    }
  }
  return { room: StationMeeting };
}

/** A follow-up's data as the room shows it; empty for an item of the session's own. */
function followUpEntry(f: FollowUp | undefined): AgendaFollowUp {
  const entry = new AgendaFollowUp();
  entry.what = f?.what ?? '';
  entry.ownerName = f?.ownerName ?? '';
  entry.due = f?.due ?? '';
  return entry;
}

function sameFollowUp(shown: AgendaFollowUp | undefined, f: FollowUp | undefined): boolean {
  return (
    shown !== undefined &&
    shown.what === (f?.what ?? '') &&
    shown.ownerName === (f?.ownerName ?? '') &&
    shown.due === (f?.due ?? '')
  );
}

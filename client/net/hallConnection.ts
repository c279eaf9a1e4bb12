import { Callbacks, CloseCode, type Room } from '@colyseus/sdk';
import {
  CLOSE_ACCOUNT_CHANGED,
  CLOSE_BAD_INPUT,
  CLOSE_FLOOD,
  CLOSE_MESSAGE_TOO_BIG,
  HallIntent,
  HallNotice,
  HALL_RECONNECT_TRIES,
  RECONNECT_MIN_UPTIME_MS,
  RoomName,
  type HallIntentPayloads,
  type HallRoomContract,
  type LineRoomContract,
} from '../../shared/protocol.ts';
import { roleFromCode } from '../../shared/roles.ts';
import { STATION_OPTION, type StationJoinOptions } from '../../shared/stations.ts';
import { HallState, LineState, walkOf, type Avatar, type DeskBoard, type ServiceLine } from '../../shared/state.ts';
import { addTrack, clearTracks, removeTrack, setWalk, trackVersion } from './avatars.ts';
import { clockAnswered, hallClock, hallNow, startClock, stopClock } from './clock.ts';
import { local, resetLocalWalker, selfWalkChanged, walkRefused } from './localWalker.ts';
import { onNotice, type Sends } from './notices.ts';
import { loadReconnectionToken, saveReconnectionToken } from './profileStore.ts';
import { getClient } from './roomClient.ts';
import { pageStation } from './stationSlug.ts';
import { roomPass } from './roomPass.ts';
import { reportTokenRefused } from './sessionLink.ts';
import { atTable, useMeeting } from './meetingConnection.ts';
import { useBoard, useQueue } from './queueStore.ts';
import { signalCall } from './callSignal.ts';
import { useConnection, useNotices, usePeople } from './stores.ts';
import { features, invalidate, invalidateFile } from './queries.ts';
import { deskCallNotice, deskVoiceRefused, deskVoiceSignal, resetDeskCall } from '../voice/deskCall.ts';
import { concernNews } from './concernNews.ts';
import { dayWords, deadlineLanguage } from '../i18n/deadlines.ts';

/** The hall or the line: both carry the public queue board. */
type QueueRoom = Room<HallRoomContract> | Room<LineRoomContract>;

/** How often a merchant following the queue from the line tries the hall again, ms. */
const HALL_RETRY_MS = 30_000;

/** The room the page is in: the hall, or the line while the hall is full. Intents go to it. */
let room: QueueRoom | null = null;
let lastToken: string | null = null;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
/**
 * Bumped by every enter and leave. A join that finishes after the person signed out (or started another
 * join) belongs to an old generation: it is left at once instead of leaving a ghost avatar in the hall.
 */
let generation = 0;

/** The hall and the line are the page's station's: the join names it, and the station's room takes it. */
function stationOption(): StationJoinOptions {
  return { [STATION_OPTION]: pageStation() };
}

/** Send a movement intent; typed by the shared contract, so a misspelt name does not compile. */
export function sendIntent<K extends HallIntent>(type: K, payload: HallIntentPayloads[K]): boolean {
  const to: Sends | null = room;
  if (!to) return false;
  to.send(type, payload);
  return true;
}

/** Join the hall as the person this token names, or take back this tab's held place after a reload. */
export async function enterHall(token: string): Promise<void> {
  const mine = ++generation;
  lastToken = token;
  clearTimeout(retryTimer);
  // From the line, trying the hall again: the panels keep working meanwhile, so the status stays.
  const fromLine = useConnection.getState().status === 'line' && room !== null;
  if (!fromLine) useConnection.getState().setStatus('connecting');
  const seat = loadReconnectionToken();
  if (seat) {
    try {
      const r = await joinFresh(token, mine, (c) => c.reconnect<HallRoomContract>(seat, HallState));
      if (r) walkIn(r, fromLine);
      return;
    } catch {
      if (mine !== generation) return;
      saveReconnectionToken(null); // the held place is gone; walk in afresh
    }
  }
  try {
    const r = await joinFresh(token, mine, (c) => c.join<HallRoomContract>(RoomName.hall, stationOption(), HallState));
    if (r) walkIn(r, fromLine);
  } catch (err) {
    if (mine !== generation) return;
    const message = err instanceof Error ? err.message : String(err);
    if (/invalid_token|expired_token|account_disabled|not_permitted/.test(message)) {
      // The token no longer admits this person: back to the sign-in form, which says nothing was lost.
      useConnection.getState().setStatus('refused');
      reportTokenRefused();
    } else if (fromLine) {
      scheduleHallRetry(); // still full, or not reached this time: the line carries on meanwhile
    } else if (/hall_full|no rooms/i.test(message)) {
      // `hall_full` by name; "no rooms found" when the last place went between the check and the seat.
      await enterLine(token, mine);
    } else {
      useConnection.getState().setStatus('lost');
      scheduleRetry();
    }
  }
}

/**
 * Join a room with a pass fetched right before (every socket is admitted with a short-lived pass, never
 * with the sign-in token). Null when a newer enter or a sign-out came meanwhile: the room is then left at
 * once instead of leaving a ghost behind.
 */
async function joinFresh<R extends { leave(consented?: boolean): Promise<unknown> }>(
  token: string,
  mine: number,
  join: (client: ReturnType<typeof getClient>) => Promise<R>,
): Promise<R | null> {
  getClient().auth.token = await roomPass(token);
  if (mine !== generation) return null;
  const r = await join(getClient());
  if (mine === generation) return r;
  void r.leave(true);
  return null;
}

/** Into the hall; out of the line if the page was following from it (the tickets are the station's). */
function walkIn(r: Room<HallRoomContract>, fromLine: boolean): void {
  const line = fromLine ? room : null;
  attach(r);
  if (line) void line.leave(true).catch(() => undefined);
}

/** Leave on purpose (sign out): the place is released at once. */
export async function leaveHall(): Promise<void> {
  generation++;
  clearTimeout(retryTimer);
  lastToken = null;
  const r = room;
  room = null;
  saveReconnectionToken(null);
  resetState();
  resetDeskCall();
  useConnection.getState().setStatus('idle');
  if (r) await r.leave(true).catch(() => undefined);
}

/**
 * The hall is full: follow the queue from the line (a merchant takes a number, follows their place, is
 * called and served by desk chat from the 2D panels), and try the hall again every HALL_RETRY_MS. Staff
 * have places kept in the hall and never come here; a full line says so.
 */
async function enterLine(token: string, mine: number): Promise<void> {
  try {
    const r = await joinFresh(token, mine, (c) => c.join<LineRoomContract>(RoomName.line, stationOption(), LineState));
    if (!r) return;
    attachLine(r);
    scheduleHallRetry();
  } catch {
    if (mine !== generation) return;
    useConnection.getState().setStatus('full');
  }
}

function scheduleHallRetry(): void {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => {
    if (lastToken && useConnection.getState().status === 'line') void enterHall(lastToken);
  }, HALL_RETRY_MS);
}

function scheduleRetry(): void {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => {
    if (lastToken && useConnection.getState().status === 'lost') void enterHall(lastToken);
  }, 3000);
}

function resetState(keepTickets = false): void {
  stopClock();
  clearTracks();
  usePeople.getState().clear();
  useBoard.getState().clear();
  useQueue.getState().clear(keepTickets);
  useConnection.getState().setSelf(null);
  local.walker = null;
}

/** In the hall: everyone's avatar, one's own place on the floor, and the queue. */
function attach(r: Room<HallRoomContract>): void {
  // One's numbers stay until the hall's own list of them (sent on entering) replaces them.
  resetState(true);
  room = r;
  saveReconnectionToken(r.reconnectionToken);
  const conn = useConnection.getState();
  conn.setSelf(r.sessionId);
  conn.setStatus('connected');

  // The hall clock, to replay everyone's walk in step with the hall.
  const askClock = (c: number) => r.send(HallIntent.clock, { c });
  onNotice(r, HallNotice.clock, (n) => clockAnswered(n.c, n.s));
  startClock(askClock);
  r.onDrop(stopClock);
  r.onReconnect(() => startClock(askClock, true));

  const callbacks = Callbacks.get(r);
  callbacks.listen('people', (count) => usePeople.getState().setInHall(count));
  callbacks.onAdd('avatars', (avatar: Avatar, id: string) => {
    const info = { role: roleFromCode(avatar.role), name: avatar.name, shop: avatar.shop, online: avatar.online };
    const walk = walkOf(avatar);
    const track = addTrack(id, { ...info, look: avatar.look }, walk);
    usePeople.getState().upsert({ id, ...info });
    if (id === r.sessionId) {
      // One's own arrival just happened on the hall: a first guess at its clock until it answers.
      hallClock.seed(walk.t0, performance.now());
      const at = track.replay.poseAt(hallNow());
      resetLocalWalker(at.x, at.z, at.ry);
    }
    callbacks.onChange(avatar, () => {
      if (setWalk(track, walkOf(avatar)) && id === r.sessionId) selfWalkChanged();
      const { online, name, shop, look } = avatar;
      if (online !== track.online || name !== track.name || shop !== track.shop || look !== track.look) {
        track.look = avatar.look;
        track.online = avatar.online;
        track.name = avatar.name;
        track.shop = avatar.shop;
        trackVersion.value++; // figures, colours and name tags are redrawn
        usePeople
          .getState()
          .upsert({ id, role: track.role, name: avatar.name, shop: avatar.shop, online: avatar.online });
      }
    });
  });
  callbacks.onRemove('avatars', (_avatar: Avatar, id: string) => {
    removeTrack(id);
    usePeople.getState().remove(id);
  });
  followQueue(r, 'connected');
  r.onReconnect(() => saveReconnectionToken(r.reconnectionToken));
}

/** In the line: the queue only, no avatar (the page keeps no seat to take back after a reload). */
function attachLine(r: Room<LineRoomContract>): void {
  resetState(true);
  room = r;
  useConnection.getState().setStatus('line');
  followQueue(r, 'line');
}

/**
 * What the hall and the line share: the public board (desks and lines), one's own tickets, desk and
 * conversation, news of filings, visits, guidance and sessions, refusals, and what happens when the
 * connection drops or the room shows the person out.
 */
function followQueue(r: QueueRoom, settled: 'connected' | 'line'): void {
  r.reconnection.minUptime = RECONNECT_MIN_UPTIME_MS;
  r.reconnection.maxRetries = HALL_RECONNECT_TRIES;
  // The board's part of either state: desks and lines, the same schema in both.
  const callbacks = Callbacks.get(r as Room<unknown, LineState>);

  const showDesk = (id: string, d: DeskBoard) =>
    useBoard.getState().setDesk(id, {
      open: d.open,
      paused: d.paused,
      hold: d.hold,
      officer: d.officer,
      services: d.services ? d.services.split(',') : [],
      serving: d.serving,
      calling: d.calling,
      callCount: d.callCount,
    });
  callbacks.onAdd('desks', (desk: DeskBoard, id: string) => {
    showDesk(id, desk);
    callbacks.onChange(desk, () => showDesk(id, desk));
  });
  callbacks.onAdd('lines', (line: ServiceLine, service: string) => {
    useBoard.getState().setWaiting(service, line.waiting);
    callbacks.onChange(line, () => useBoard.getState().setWaiting(service, line.waiting));
  });

  const queue = useQueue.getState();
  onNotice(r, HallNotice.myTickets, (n) => queue.setTickets(n.tickets));
  onNotice(r, HallNotice.deskView, (n) => queue.setDesk(n));
  onNotice(r, HallNotice.deskChat, (n) => queue.chatNotice(n));
  onNotice(r, HallNotice.caseCompleted, (n) => {
    queue.completed(n);
    invalidate(features.cases, features.dashboard);
  });
  onNotice(r, HallNotice.filingChanged, (n) => {
    invalidate(features.filings, features.cases, features.dashboard);
    // The merchant hears of every step on their own filing wherever the panels are scrolled: an item to
    // follow answered or overdue in its own words, any other change by the filing's new state.
    // Their own hand-in was said by the form that sent it.
    if (n.signText === undefined || n.news?.kind === 'handedIn') return;
    const sign = n.signText;
    const { tell } = useNotices.getState();
    // The day an item was due by, with its weekday, in the page's language as it is now.
    const due = (day: string) => dayWords(day, deadlineLanguage(document.documentElement.lang));
    if (!n.news) tell('filing.changedNotice', { sign, state: n.state });
    else if (n.news.kind === 'overdue')
      tell('followUp.notices.overdue', {
        ...n.news,
        sign,
        items: String(n.news.items),
        deadline: due(n.news.deadline),
      });
    else if (n.news.kind === 'askedAgain')
      tell('followUp.notices.askedAgain', { ...n.news, sign, deadline: due(n.news.deadline) });
    else tell(`followUp.notices.${n.news.kind}`, { ...n.news, sign });
  });
  onNotice(r, HallNotice.guidanceConfirmed, (n) => {
    invalidate(features.guidance, features.cases); // the merchant's sheets and cases
    useNotices.getState().tell('guidance.toldMerchant', { number: n.caseNumber });
  });
  onNotice(r, HallNotice.meetingChanged, (n) => {
    invalidate(features.meetings);
    // At that session's table the change is seen as it happens; no need to announce it as news.
    const meeting = useMeeting.getState();
    if (atTable(meeting.status) && meeting.view?.meetingId === n.id) return;
    const key =
      'removed' in n
        ? 'meetings.uninvitedNotice'
        : n.status === 'cancelled'
          ? 'meetings.cancelledNotice'
          : 'meetings.changedNotice';
    useNotices.getState().tell(key, { title: n.title });
  });
  onNotice(r, HallNotice.visitChanged, (n) => {
    invalidate(features.visits, features.cases, features.dashboard);
    // Worded as the visit lists word it (en-GB: day before month, a 24-hour clock), not as US English would.
    const locale = document.documentElement.lang === 'en' ? 'en-GB' : 'zh-CN';
    const time = new Date(n.startsAt).toLocaleString(locale, {
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
    useNotices.getState().tell(`visits.changed.${n.change}`, { time });
  });
  onNotice(r, HallNotice.concernChanged, (n) => {
    invalidate(features.concerns, features.dashboard);
    // Staff hear whose concern it is: that merchant's file, if open here, shows the change (filings reload
    // every file already, with the cases feature).
    if (n.merchantId) invalidateFile(n.merchantId);
    // Who this page is, as the hall drew them; only merchants wait in the line, where nobody is drawn.
    const self = usePeople.getState().people[r.sessionId];
    const news = concernNews(!self || self.role === 'merchant', n);
    if (news) useNotices.getState().tell(news, { number: n.number });
  });
  // A notice posted or changed: the board and the list read it again; one newly posted is announced once.
  onNotice(r, HallNotice.noticeChanged, (n) => {
    invalidate(features.notices);
    if (n.notice && n.notice.state === 'current' && n.notice.postedAt === n.notice.updatedAt)
      useNotices.getState().tell('boardNotices.posted', { title: n.notice.title });
  });
  onNotice(r, HallNotice.deskChanged, (n) => queue.deskChanged(n));
  onNotice(r, HallNotice.deskCall, (n) => deskCallNotice(n, sendIntent));
  onNotice(r, HallNotice.voiceSignal, (n) => deskVoiceSignal(n));
  onNotice(r, HallNotice.rejected, (n) => deskVoiceRefused(n));
  onNotice(r, HallNotice.called, (n) => {
    queue.called(n);
    signalCall();
  });

  onNotice(r, HallNotice.rejected, (notice) => {
    useNotices.getState().push(notice.reason);
    queue.refuse(notice.intent, notice.reason);
    // The server refused the walk: stop predicting it so the avatar settles where the server has it.
    if (notice.intent === HallIntent.moveTo || notice.intent === HallIntent.steer) walkRefused();
  });

  r.onDrop(() => useConnection.getState().setStatus('reconnecting'));
  r.onReconnect(() => useConnection.getState().setStatus(settled));
  r.onLeave((code) => {
    if (room !== r) return;
    room = null;
    if (code === CloseCode.CONSENTED) return;
    // The SDK gave up knocking at the room's process: the held place (if the room still lives, elsewhere or
    // after a network change) is asked back through matchmaking, which any process answers; else a fresh join.
    if (code !== CloseCode.FAILED_TO_RECONNECT) saveReconnectionToken(null);
    // The person's own numbers stay in sight while the page walks back in (the banner says their place is
    // kept); the hall's answer replaces them as soon as it is back.
    resetState(true);
    // Dropped for what this client sent: coming straight back would only repeat it.
    if (code === CLOSE_ACCOUNT_CHANGED) {
      useQueue.getState().clear();
      useConnection.getState().setStatus('refused');
      reportTokenRefused();
      return;
    }
    if ([CLOSE_BAD_INPUT, CLOSE_FLOOD, CLOSE_MESSAGE_TOO_BIG, CloseCode.WITH_ERROR].includes(code)) {
      useQueue.getState().clear();
      useConnection.getState().setStatus('refused');
      return;
    }
    // Reconnection gave up (or the server restarted): walk back in as the same merchant.
    useConnection.getState().setStatus('lost');
    scheduleRetry();
  });
}

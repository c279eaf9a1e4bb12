/**
 * A desk call's signalling while the storage under the hall hangs: the hall runs as `npm start` runs it, on a
 * PostgreSQL server of the test's own, with an officer and a merchant in a live desk call over real sockets.
 * Every PostgreSQL process is then stopped with SIGSTOP (the connections stay open and nothing answers, as
 * with a disk that stalls), a line of the desk conversation is sent (it waits on storage), and offers and
 * candidates are sent both ways: they must reach the other side within a second, since they pass between the
 * call's two people in memory and never wait behind a stored operation. SIGCONT always follows, and the
 * waiting line then arrives.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Callbacks, Client, type Room } from '@colyseus/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { AccountsRoute } from '../../shared/accounts.ts';
import { HallIntent, HallNotice, RoomName, type RejectedNotice } from '../../shared/protocol.ts';
import type { DeskChatNotice, MyTicketsNotice } from '../../shared/queue.ts';
import { HallState } from '../../shared/state.ts';
import type { DeskCallNotice, VoiceSignalNotice } from '../../shared/voice.ts';
import { signUpMerchant } from '../support/merchants.ts';
import { postgresForTest, startPrivatePostgres, type PrivatePostgres } from '../support/postgresServer.ts';
import { roomPassFor } from '../support/roomPass.ts';
import { addStaffAccountBeside, startHallProcessWithin, type HallProcess } from '../support/server.ts';
import { until } from './helpers.ts';
import { CANDIDATE, opusOffer } from '../support/voiceSdp.ts';

const PASSWORD = 'stalled-storage-password-0123';
/** A first start on a fresh PostgreSQL applies every migration; on a busy machine it takes a while, ms. */
const HALL_START_MS = 90_000;
/** Setting the call up (a desk, a ticket, a visit, an ask) may take this long on a busy machine, ms. */
const SETUP_MS = 20_000;
/** A signal reaches the other side within this while storage hangs (quiet: a few ms). */
const SIGNAL_MS = 1000;
/** How long the stalled chat line is watched for, not arriving, before the signals go, ms. */
const CHAT_WAITS_MS = 300;

const offerSdp = (mark: string) => opusOffer(`a=mark:${mark}`);

interface Conn {
  room: Room<unknown, HallState>;
  told: { type: string; message: unknown; at: number }[];
  rejected: RejectedNotice[];
}

async function enter(url: string, token: string): Promise<Conn> {
  const client = new Client(url);
  client.auth.token = await roomPassFor(url, token);
  const room = await client.join(RoomName.hall, {}, HallState);
  const c: Conn = { room, told: [], rejected: [] };
  room.onMessage('*', (type, message) => {
    c.told.push({ type: String(type), message, at: performance.now() });
    if (type === HallNotice.rejected) c.rejected.push(message as RejectedNotice);
  });
  Callbacks.get(room);
  return c;
}

function all<T>(c: Conn, type: string): T[] {
  return c.told.filter((m) => m.type === type).map((m) => m.message as T);
}
const lastCall = (c: Conn) => all<DeskCallNotice>(c, HallNotice.deskCall).at(-1);
const ticketOf = (c: Conn) => all<MyTicketsNotice>(c, HallNotice.myTickets).at(-1)?.tickets[0];

/**
 * The processes of the PostgreSQL server listening on `port`: its postmaster (started with `-p <port>`) and
 * every process it started (backends, checkpointer, writers), read from /proc.
 */
function postgresProcesses(port: number): number[] {
  const pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  const read = (pid: string, file: string) => {
    try {
      return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
    } catch {
      return ''; // gone meanwhile
    }
  };
  const postmaster = pids.find((pid) => {
    const argv = read(pid, 'cmdline').split('\0');
    return path.basename(argv[0] ?? '') === 'postgres' && argv.includes('-p') && argv.includes(String(port));
  });
  if (!postmaster) throw new Error(`no PostgreSQL server on port ${port}`);
  // The parent's pid is the 2nd field after the command's name, which is in parentheses and may hold spaces.
  const parentOf = (pid: string) => Number(read(pid, 'stat').split(') ')[1]?.split(' ')[1]);
  return [Number(postmaster), ...pids.filter((pid) => parentOf(pid) === Number(postmaster)).map(Number)];
}

function signal(pids: number[], sig: 'SIGSTOP' | 'SIGCONT'): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // A process that ended meanwhile has nothing to stop or continue.
    }
  }
}

const { bin, skip: reason } = postgresForTest('desk call signalling with PostgreSQL stalled');

describe.skipIf(reason !== null)('a desk call while the storage under the hall hangs', () => {
  let pg: PrivatePostgres | undefined;
  let hall: HallProcess | undefined;
  let dataDir: string | undefined;
  afterAll(async () => {
    await hall?.stop();
    await pg?.destroy();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'passes offers and candidates both ways within a second while a stored line waits',
    { timeout: 180_000 },
    async () => {
      pg = await startPrivatePostgres(bin!);
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-stalled-'));
      const env = { DATA_DIR: dataDir, DATABASE_URL: pg.url };
      hall = await startHallProcessWithin(env, HALL_START_MS);
      const url = hall.url;
      const [merchantToken] = await Promise.all([
        signUpMerchant(url, '甲商户', '甲的店'),
        addStaffAccountBeside(env, { role: 'officer', username: 'stall-o1', name: '王警官', password: PASSWORD }),
      ]);
      const login = await fetch(new URL(AccountsRoute.staffLogin, url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'stall-o1', password: PASSWORD }),
      });
      const officer = await enter(url, ((await login.json()) as { token: string }).token);
      const merchant = await enter(url, merchantToken);

      // A visit under way at desk-1, and a live call in it.
      officer.room.send(HallIntent.openDesk, { deskId: 'desk-1', services: ['renovation'] });
      await until(() => merchant.room.state.desks.get('desk-1')?.open, 'the desk open', SETUP_MS);
      merchant.room.send(HallIntent.takeTicket, { service: 'renovation' });
      await until(() => ticketOf(merchant)?.eta, 'a ticket', SETUP_MS);
      officer.room.send(HallIntent.callNext, {});
      await until(() => ticketOf(merchant)?.status === 'called', 'called', SETUP_MS);
      officer.room.send(HallIntent.startService, {});
      await until(() => ticketOf(merchant)?.status === 'serving', 'served', SETUP_MS);
      officer.room.send(HallIntent.voiceAsk, {});
      await until(() => lastCall(merchant)?.state === 'ringing', 'the merchant asked', SETUP_MS);
      merchant.room.send(HallIntent.voiceAnswer, { accept: true });
      const live = await until(() => lastCall(merchant)?.state === 'live' && lastCall(merchant), 'live', SETUP_MS);
      await until(() => lastCall(officer)?.state === 'live', 'live for the officer', SETUP_MS);
      const epoch = live.peer.epoch;
      const officerId = live.peer.personId;
      const merchantId = lastCall(officer)!.peer.personId;
      const ticketId = ticketOf(merchant)!.id;

      /** Send a description or a candidate marked `mark` from one side; how long it took to reach the other, ms. */
      const timed = async (
        from: Conn,
        to: Conn,
        toId: string,
        mark: string,
        kind: 'offer' | 'answer' | 'candidate',
      ): Promise<number> => {
        const start = performance.now();
        from.room.send(HallIntent.voiceSignal, {
          to: toId,
          epoch,
          ...(kind !== 'candidate'
            ? { description: { type: kind, sdp: offerSdp(mark) } }
            : { candidate: { ...CANDIDATE, candidate: `${CANDIDATE.candidate} ${mark}` } }),
        });
        const got = await until(
          () =>
            to.told.find((m) => m.type === HallNotice.voiceSignal && JSON.stringify(m.message).includes(mark)) as
              { message: VoiceSignalNotice; at: number } | undefined,
          `${mark} at the other side`,
          SIGNAL_MS,
        );
        return got.at - start;
      };
      const chatLines = () => all<DeskChatNotice>(merchant, HallNotice.deskChat).flatMap((n) => n.lines);
      // Before the stall: a line is stored and told, and the signals pass.
      merchant.room.send(HallIntent.deskChat, { ticketId, text: '存储正常' });
      await until(() => chatLines().some((l) => l.text === '存储正常'), 'the line before the stall', SETUP_MS);
      await timed(officer, merchant, merchantId, 'before', 'candidate');

      const pids = postgresProcesses(pg.port);
      const took: number[] = [];
      signal(pids, 'SIGSTOP');
      try {
        merchant.room.send(HallIntent.deskChat, { ticketId, text: '存储卡住' });
        await new Promise((r) => setTimeout(r, CHAT_WAITS_MS));
        // The line waits on storage (the proof that storage hangs), and the call's signalling goes on meanwhile.
        expect(chatLines().some((l) => l.text === '存储卡住')).toBe(false);
        took.push(await timed(officer, merchant, merchantId, 'stalled-offer', 'offer'));
        took.push(await timed(merchant, officer, officerId, 'stalled-answer', 'answer'));
        took.push(await timed(officer, merchant, merchantId, 'stalled-candidate-1', 'candidate'));
        took.push(await timed(merchant, officer, officerId, 'stalled-candidate-2', 'candidate'));
        expect(chatLines().some((l) => l.text === '存储卡住')).toBe(false);
      } finally {
        signal(pids, 'SIGCONT');
      }
      console.info(`signals with storage stalled, ms: ${took.map((t) => t.toFixed(1)).join(', ')}`);
      // Storage back: the waiting line is stored and told, nothing was refused.
      await until(() => chatLines().some((l) => l.text === '存储卡住'), 'the line after the stall', SETUP_MS);
      expect([...officer.rejected, ...merchant.rejected]).toEqual([]);
      await officer.room.leave(true);
      await merchant.room.leave(true);
    },
  );
});

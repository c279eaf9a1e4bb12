/**
 * `npm run bench -- voice`: voice in headless Chromium with fake audio devices (a tone as each microphone),
 * one browser and a context per person. A desk call (officer and merchant, through the pages' buttons), then a
 * three-party session of VOICE_SESSION_SIZE people in the meeting room, moderated: the chair speaks, then gives
 * the floor to a raised hand. Reported per person: the audio bitrate up and down (kbit/s, from getStats byte
 * counters over a fixed window), the time from accepting the call (or entering the room, or the floor given)
 * to the first audio received, and the server's signalling per call (/healthz `voice`). Figures
 * only, never asserted. Bounded: every wait has a deadline, the phase a budget.
 */
import type { Browser, Page } from 'playwright-core';
import type { MeetingParty } from '../../shared/meetings.ts';
import { withoutWebgl } from '../support/browser.ts';
import { merchantIdOf, signUpMerchant } from '../support/merchants.ts';
import { openPage, signInMerchant, STAFF_PASSWORD } from '../support/people.ts';
import { addStaffAccountBeside } from '../support/server.ts';
import {
  openDesk,
  pageEpochMs,
  serveNext,
  startDeskCall,
  voiceLinks,
  waitFor,
  type VoiceLinkSample,
} from '../support/voiceCall.ts';
import { addStaff, invitableIds, scheduleSession } from './meetingSetup.ts';
import { cpuMeter, machineCpuMeter, mean, processRssMb, round, table } from './stats.ts';
import { errorText } from './wait.ts';

/** The window over which bitrates are measured, once audio flows, ms. */
export const VOICE_WINDOW_MS = 10_000;
/** People in the measured session: the seat count of the meeting room's table. */
export const VOICE_SESSION_SIZE = 12;
/**
 * The session runs unless BENCH_VOICE_SESSION=0. Its twelve pages are devices without WebGL (the panels serve
 * them): twelve software-WebGL renderers do not fit on two cores, and the audio does not depend on them.
 */
const VOICE_SESSION = process.env.BENCH_VOICE_SESSION !== '0';
/** How long links get to connect and bring their first audio, ms. */
const CONNECT_MS = 60_000;

export interface VoicePerson {
  who: string;
  /** Voice links the page held. */
  links: number;
  upKbps: number;
  downKbps: number;
  /** From the moment named in the section (accepting, the start, the floor) to the first audio received, ms. */
  firstAudioMs: number | null;
  candidateType: string | null;
}

export interface VoiceSignalling {
  relayed: number;
  refused: number;
  calls: number;
}

export interface VoiceSection {
  people: VoicePerson[];
  /** /healthz `voice` counters over the section; null when the hall does not report them. */
  signalling: VoiceSignalling | null;
  /** The whole machine's CPU over the measuring window, % of one core (browser and hall together). */
  machineCpuPercent: number;
  hallCpuPercent: number;
  hallRssMb: number;
  /** Wall time to bring everyone in and connected, s. */
  setupS: number;
  notes: string[];
}

export interface VoiceBenchResult {
  desk: VoiceSection | null;
  session: VoiceSection | null;
  /** The session's second step: the time from the floor given to others hearing the new speaker. */
  floor: VoicePerson[];
  errors: string[];
}

interface Opts {
  url: string;
  dataDir: string;
  hallPid: number;
  browser: Browser;
  deadline: number;
  log: (msg: string) => void;
  /** Where a page that fails is photographed, to tell a slow machine from a broken step. */
  shotsDir?: string;
}

async function voiceCounters(origin: string): Promise<VoiceSignalling | null> {
  const res = await fetch(new URL('/healthz', origin));
  const body = (await res.json()) as { voice?: VoiceSignalling };
  return body.voice && typeof body.voice.relayed === 'number' ? body.voice : null;
}

function counterDelta(a: VoiceSignalling | null, b: VoiceSignalling | null): VoiceSignalling | null {
  if (!a || !b) return null;
  return { relayed: b.relayed - a.relayed, refused: b.refused - a.refused, calls: b.calls - a.calls };
}

/** Every page's links sampled at once: the samples of one moment. */
async function sampleAll(pages: readonly Page[]): Promise<VoiceLinkSample[][]> {
  return Promise.all(pages.map((p) => voiceLinks(p).catch(() => [])));
}

const sum = (links: VoiceLinkSample[], key: 'bytesSent' | 'bytesReceived') => links.reduce((a, l) => a + l[key], 0);

/** Bitrates over the window, per page, from two samples. */
function bitrates(before: VoiceLinkSample[], after: VoiceLinkSample[], seconds: number) {
  const kbps = (bytes: number) => round((bytes * 8) / 1000 / seconds, 1);
  return {
    upKbps: kbps(sum(after, 'bytesSent') - sum(before, 'bytesSent')),
    downKbps: kbps(sum(after, 'bytesReceived') - sum(before, 'bytesReceived')),
  };
}

/** The page's first audio from any of `fromPeers` (all when omitted), as epoch ms; null before any. */
async function firstAudioEpoch(page: Page, fromPeers?: ReadonlySet<string>): Promise<number | null> {
  const links = (await voiceLinks(page)).filter((l) => !fromPeers || fromPeers.has(l.peerId));
  const firsts = links.map((l) => l.firstAudioAt).filter((t): t is number => t !== null);
  return firsts.length ? pageEpochMs(page, Math.min(...firsts)) : null;
}

export class VoiceBench {
  private readonly opts: Opts;
  private readonly origin: string;
  private readonly errors: string[] = [];

  constructor(opts: Opts) {
    this.opts = opts;
    this.origin = new URL(opts.url).origin;
  }

  private left(ms = Infinity): number {
    return Math.max(0, Math.min(ms, this.opts.deadline - Date.now()));
  }

  async run(): Promise<VoiceBenchResult> {
    const result: VoiceBenchResult = { desk: null, session: null, floor: [], errors: this.errors };
    try {
      result.desk = await this.desk();
    } catch (err) {
      this.errors.push(`desk call: ${errorText(err)}`);
    }
    if (!VOICE_SESSION) return result;
    if (this.left() < 90_000) {
      this.errors.push('session: skipped, out of time');
      return result;
    }
    try {
      const s = await this.session();
      result.session = s.section;
      result.floor = s.floor;
    } catch (err) {
      this.errors.push(`session: ${errorText(err)}`);
    }
    return result;
  }

  /** Measure the links of `pages` over the window; `since[i]` is when person i's wait for audio began. */
  private async measure(
    who: readonly string[],
    pages: readonly Page[],
    since: readonly number[],
  ): Promise<Omit<VoiceSection, 'signalling' | 'setupS' | 'notes'>> {
    const firsts = await Promise.all(pages.map((p) => firstAudioEpoch(p)));
    const machine = machineCpuMeter();
    const hall = cpuMeter(this.opts.hallPid);
    const t0 = performance.now();
    const before = await sampleAll(pages);
    await new Promise((r) => setTimeout(r, Math.min(VOICE_WINDOW_MS, this.left())));
    const after = await sampleAll(pages);
    const seconds = (performance.now() - t0) / 1000;
    const machineCpuPercent = round(machine(), 1);
    const hallCpuPercent = round(hall(), 1);
    return {
      people: who.map((w, i) => ({
        who: w,
        links: after[i]!.length,
        ...bitrates(before[i]!, after[i]!, seconds),
        firstAudioMs: firsts[i] === null ? null : round(firsts[i]! - since[i]!, 0),
        candidateType: after[i]![0]?.candidateType ?? null,
      })),
      machineCpuPercent,
      hallCpuPercent,
      hallRssMb: round(processRssMb(this.opts.hallPid), 1),
    };
  }

  /** A desk call: the officer asks, the merchant accepts; both measured once audio flows both ways. */
  private async desk(): Promise<VoiceSection> {
    const t0 = performance.now();
    this.opts.log('voice: a desk call');
    await addStaffAccountBeside(
      { DATA_DIR: this.opts.dataDir },
      { role: 'officer', username: 'voice-officer', name: '语音警官', password: STAFF_PASSWORD },
    );
    const m = await openPage(this.opts.browser, { width: 390, height: 844 }, true);
    const o = await openPage(this.opts.browser, { width: 1280, height: 720 });
    try {
      await signInMerchant(m.page, this.opts.url, '语音商户', '语音测试小店');
      const desk = await openDesk(o.page, this.opts.url, 'voice-officer', STAFF_PASSWORD);
      await serveNext(m.page, desk, 'R-001');
      const counters0 = await voiceCounters(this.origin);
      const call = await startDeskCall(o.page, m.page, this.left(CONNECT_MS));
      const pages = [o.page, m.page];
      const flowing = await waitFor(
        async () => (await Promise.all(pages.map((p) => firstAudioEpoch(p)))).every((t) => t !== null),
        this.left(CONNECT_MS),
      );
      const notes = flowing ? [] : ['audio did not arrive on both sides within the deadline'];
      const setupS = round((performance.now() - t0) / 1000, 1);
      const measured = await this.measure(['officer', 'merchant'], pages, [call.acceptedAt, call.acceptedAt]);
      const signalling = counterDelta(counters0, await voiceCounters(this.origin));
      return { ...measured, signalling, setupS, notes };
    } finally {
      await m.context.close();
      await o.context.close();
    }
  }

  /**
   * A session of VOICE_SESSION_SIZE in the meeting room: a park manager chairs, a colleague, two officers and
   * merchants take the other seats. Everyone enters through the page; the chair opens the microphone and
   * starts the session; measured while the chair speaks; then a merchant raises a hand and is given the floor.
   */
  private async session(): Promise<{ section: VoiceSection; floor: VoicePerson[] }> {
    const t0 = performance.now();
    this.opts.log(`voice: a session of ${VOICE_SESSION_SIZE}`);
    const people = await this.sessionPeople();
    const meeting = await this.schedule(people);
    const opened: Awaited<ReturnType<typeof openPage>>[] = [];
    try {
      for (const p of people) {
        const one = await openPage(this.opts.browser, { width: 800, height: 600 });
        opened.push(one);
        // Twelve software-WebGL renderers do not fit on two cores, and the audio does not depend on them: each
        // page is a device without WebGL, which the hall serves from its panels (see SceneBoundary).
        await withoutWebgl(one.context);
        await one.context.addInitScript((t) => window.localStorage.setItem('hall.token', t), p.token);
      }
      const pages = opened.map((o) => o.page);
      // The whole session's signalling: twelve people joining the voice, the start, the floor given.
      const counters0 = await voiceCounters(this.origin);
      /** When each person tapped "前往会议室", on their page's clock: their wait for the chair's voice starts. */
      const enteredAt: number[] = [];
      // One at a time, as people arrive; the chair first, whose microphone opens as they sit down.
      for (const [i, page] of pages.entries()) {
        const url = new URL(this.opts.url);
        await page.goto(url.toString(), { timeout: this.left(60_000) });
        await page.locator('details.meetings').waitFor({ timeout: this.left(60_000) });
        this.opts.log(`voice: ${people[i]!.role} enters the meeting room`);
        const mine = page.locator('details.meetings');
        if ((await mine.getAttribute('open')) === null) await mine.locator('summary').click();
        enteredAt[i] = await pageEpochMs(page);
        await mine
          .locator('.meeting', { hasText: meeting.title })
          .getByRole('button', { name: '前往会议室' })
          .click({ timeout: this.left(30_000) });
        const seated = await waitFor(
          async () =>
            /参会人员/.test(
              (await page
                .locator('.meeting-panel')
                .textContent()
                .catch(() => '')) ?? '',
            ),
          this.left(60_000),
        );
        if (!seated) throw new Error(`${people[i]!.name} did not reach the meeting room`);
        if (i === 0) await this.micOn(page);
      }
      const chair = pages[0]!;
      await chair.locator('.meeting-panel').getByRole('button', { name: '开始会谈' }).click();
      const others = pages.slice(1);
      const flowing = await waitFor(
        async () => (await Promise.all(others.map((p) => firstAudioEpoch(p)))).every((t) => t !== null),
        this.left(CONNECT_MS),
      );
      const notes = flowing ? [] : ["not every listener received the chair's audio within the deadline"];
      const setupS = round((performance.now() - t0) / 1000, 1);
      const measured = await this.measure(
        people.map((p) => p.role),
        pages,
        pages.map((_, i) => enteredAt[i]!),
      );

      // A merchant raises a hand and is given the floor: from that moment to the others hearing them.
      const speaker = people.findIndex((p) => p.role.startsWith('merchant'));
      const speakerPage = pages[speaker]!;
      // A person's id is the one every other page links to and their own page does not.
      const own = new Set((await voiceLinks(speakerPage)).map((l) => l.peerId));
      const speakerId = (await voiceLinks(chair)).map((l) => l.peerId).find((id) => !own.has(id));
      if (!speakerId) throw new Error("the speaker's voice link was not found");
      await speakerPage.locator('.meeting-panel').getByRole('button', { name: '举手发言' }).click();
      const give = chair.locator('.meeting-panel').getByRole('button', { name: `请 ${people[speaker]!.name} 发言` });
      await give.waitFor({ timeout: this.left(30_000) });
      const givenAt = await pageEpochMs(chair);
      await give.click();
      await this.micOn(speakerPage);
      const listeners = pages.filter((_, i) => i !== speaker);
      const fromSpeaker = new Set([speakerId]);
      let heard: (number | null)[] = [];
      await waitFor(async () => {
        heard = await Promise.all(listeners.map((p) => firstAudioEpoch(p, fromSpeaker)));
        return heard.every((t) => t !== null);
      }, this.left(CONNECT_MS));
      const floor: VoicePerson[] = heard.map((t, i) => ({
        who: people[pages.indexOf(listeners[i]!)]!.role,
        links: 0,
        upKbps: NaN,
        downKbps: NaN,
        firstAudioMs: t === null ? null : round(t - givenAt, 0),
        candidateType: null,
      }));
      const signalling = counterDelta(counters0, await voiceCounters(this.origin));
      return { section: { ...measured, signalling, setupS, notes }, floor };
    } catch (err) {
      const last = opened.at(-1)?.page;
      if (last && this.opts.shotsDir)
        await last.screenshot({ path: `${this.opts.shotsDir}/voice-session-failed.png` }).catch(() => undefined);
      throw err;
    } finally {
      for (const o of opened) await o.context.close().catch(() => undefined);
    }
  }

  /** The person may speak: allow the microphone when the page explains it first, until the page says it is on. */
  private async micOn(page: Page): Promise<void> {
    const voice = page.locator('.meeting-voice');
    const on = await waitFor(async () => {
      const allow = voice.getByRole('button', { name: '允许使用麦克风' });
      if (await allow.count()) await allow.click();
      return /麦克风已打开/.test(
        (await voice
          .locator('.voice-state')
          .textContent()
          .catch(() => '')) ?? '',
      );
    }, this.left(CONNECT_MS));
    if (!on) throw new Error('the microphone did not open');
  }

  private async sessionPeople(): Promise<{ role: string; name: string; token: string; personId: string }[]> {
    const staff = async (role: 'parkManager' | 'officer', n: number) => {
      const name = role === 'officer' ? `语音会谈警官${n}` : `语音会谈经理${n}`;
      const account = { role, username: `voice-${role}-${n}`, name, password: `voice-bench-${role}-${n}` };
      const token = await addStaff(this.opts.dataDir, this.origin, account);
      return { role: role === 'officer' ? `officer ${n}` : 'park manager', name, token, personId: '' };
    };
    const out = [await staff('parkManager', 1), await staff('parkManager', 2)];
    out[0]!.role = 'chair';
    out.push(await staff('officer', 1), await staff('officer', 2));
    for (let n = 1; out.length < VOICE_SESSION_SIZE; n++) {
      const name = `语音会谈商户${n}`;
      const token = await signUpMerchant(this.origin, name, `语音会谈小店${n}`);
      // New to the station, so not on its invite list: invited by their own id.
      out.push({ role: `merchant ${n}`, name, token, personId: await merchantIdOf(this.origin, token) });
    }
    return out;
  }

  private async schedule(people: { role: string; name: string; token: string; personId: string }[]) {
    const host = people[0]!;
    const listed = await invitableIds(this.origin, host.token);
    for (const p of people) p.personId ||= listed.get(p.name) ?? '';
    const party = (role: string): MeetingParty =>
      role.startsWith('officer') ? 'officer' : role.startsWith('merchant') ? 'merchant' : 'property';
    return scheduleSession(this.origin, host.token, {
      title: '语音会谈压测',
      agenda: ['议题 1'],
      invitees: people.slice(1).map((p) => ({ id: p.personId, party: party(p.role) })),
    });
  }
}

function personRows(people: readonly VoicePerson[]): (string | number)[][] {
  return people.map((p) => [p.who, p.links, p.upKbps, p.downKbps, p.firstAudioMs ?? 'none', p.candidateType ?? '-']);
}

function signallingLine(s: VoiceSignalling | null): string {
  return s
    ? `signalling through the hall: ${s.relayed} messages relayed, ${s.refused} refused, ${s.calls} calls`
    : 'signalling through the hall: n/a (/healthz reports no voice counters)';
}

export function voiceReport(r: VoiceBenchResult | null): string[] {
  if (!r) return ['Voice: not measured'];
  const out: string[] = [];
  const headers = ['person', 'links', 'up kbit/s', 'down kbit/s', 'first audio ms', 'pair'];
  if (r.desk) {
    out.push(`Voice — a desk call (${VOICE_WINDOW_MS / 1000} s window; first audio from the merchant's accepting tap)`);
    out.push(table(headers, personRows(r.desk.people)));
    out.push(`  ${signallingLine(r.desk.signalling)}`);
    out.push(
      `  machine CPU ${r.desk.machineCpuPercent} % of a core, hall ${r.desk.hallCpuPercent} %, set-up ${r.desk.setupS} s`,
    );
    for (const n of r.desk.notes) out.push(`  note: ${n}`);
  }
  if (r.session) {
    const s = r.session;
    out.push('');
    out.push(
      `Voice — a session of ${s.people.length}, moderated, the chair speaking (first audio: from the person's tap on 前往会议室 to the chair's voice arriving)`,
    );
    out.push(table(headers, personRows(s.people)));
    const listeners = s.people.filter((p) => p.who !== 'chair');
    out.push(
      `  listeners' mean down ${round(mean(listeners.map((p) => p.downKbps)), 1)} kbit/s; ` +
        `the chair sends ${s.people.find((p) => p.who === 'chair')?.upKbps ?? NaN} kbit/s to ${listeners.length}`,
    );
    const floor = r.floor.map((p) => p.firstAudioMs).filter((t): t is number => t !== null);
    out.push(
      `  the floor given to a merchant → heard by ${floor.length} of ${r.floor.length}: ` +
        `median ${floor.length ? round(floor.sort((a, b) => a - b)[Math.floor(floor.length / 2)]!, 0) : NaN} ms, ` +
        `max ${floor.length ? Math.max(...floor) : NaN} ms`,
    );
    out.push(`  ${signallingLine(s.signalling)}`);
    out.push(
      `  machine CPU ${s.machineCpuPercent} % of a core, hall ${s.hallCpuPercent} % (${s.hallRssMb} MB), set-up ${s.setupS} s`,
    );
    for (const n of s.notes) out.push(`  note: ${n}`);
  }
  if (!r.session && !VOICE_SESSION)
    out.push(`  the session of ${VOICE_SESSION_SIZE} was not run (BENCH_VOICE_SESSION=0)`);
  for (const e of r.errors) out.push(`  error: ${e}`);
  return out;
}

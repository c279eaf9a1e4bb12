import type { Room } from '@colyseus/sdk';
import { describe, expect, it } from 'vitest';
import { en } from '../../client/i18n/en.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';
import { onNotice } from '../../client/net/notices.ts';
import {
  MeetingIntent,
  MeetingNotice,
  parseMeetingIntent,
  type MeetingNoticePayloads,
  type MeetingRoomContract,
} from '../../shared/meetingRoom.ts';
import {
  filingNotice,
  HallIntent,
  HallNotice,
  moveToSchema,
  parseHallIntent,
  Reason,
  steerSchema,
  type HallNoticePayloads,
  type HallRoomContract,
} from '../../shared/protocol.ts';

describe('intent payloads', () => {
  it('accepts well-formed intents', () => {
    expect(moveToSchema.safeParse({ x: 1.5, z: -3 }).success).toBe(true);
    expect(steerSchema.safeParse({ x: 1.5, z: -3, dx: 0, dz: -1, t: 1200 }).success).toBe(true);
  });

  it.each([
    ['a string', '1,2'],
    ['null', null],
    ['missing z', { x: 1 }],
    ['a string number', { x: '1', z: 2 }],
    ['NaN', { x: Number.NaN, z: 0 }],
    ['Infinity', { x: Infinity, z: 0 }],
    ['far outside any hall', { x: 1e9, z: 0 }],
    ['an extra key', { x: 1, z: 1, teleport: true }],
  ])('refuses a move with %s', (_label, payload) => {
    expect(moveToSchema.safeParse(payload).success).toBe(false);
  });

  it('refuses a steer longer than one on either axis', () => {
    expect(steerSchema.safeParse({ x: 0, z: 0, dx: 2, dz: 0, t: 0 }).success).toBe(false);
    expect(steerSchema.safeParse({ x: 0, z: 0, dx: 0, dz: -1.01, t: 0 }).success).toBe(false);
    expect(steerSchema.safeParse({ x: 0, z: -1 }).success).toBe(false); // a direction alone, as before walks
  });
});

describe('message catalogues', () => {
  const keys = (o: object, prefix = ''): string[] =>
    Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : keys(v as object, `${prefix}${k}.`)));

  it('English has every key Chinese has, and no more', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
  });

  it('every refusal reason reads in both languages', () => {
    for (const reason of Object.values(Reason)) {
      expect(zhCN.reasons[reason], reason).toBeTruthy();
      expect(en.reasons[reason], reason).toBeTruthy();
    }
  });
});

describe('notices', () => {
  // Compile-time: every notice name has a payload type (indexing the map by a name it lacks fails), and the
  // map names no notice that does not exist (the keys of `satisfies` must be notice names).
  const hallNames = {
    rejected: true,
    myTickets: true,
    called: true,
    deskView: true,
    deskChat: true,
    caseCompleted: true,
    deskChanged: true,
    filingChanged: true,
    visitChanged: true,
    concernChanged: true,
    guidanceConfirmed: true,
    meetingChanged: true,
    deskCall: true,
    voiceSignal: true,
    clock: true,
    noticeChanged: true,
  } as const satisfies { [K in HallNotice]: HallNoticePayloads[K] extends undefined ? never : true };
  const meetingNames = { rejected: true, chat: true, chatHistory: true, voiceSignal: true } as const satisfies {
    [
      K in keyof typeof MeetingNotice as (typeof MeetingNotice)[K]
    ]: MeetingNoticePayloads[(typeof MeetingNotice)[K]] extends undefined ? never : true;
  };

  it('every notice name has its payload type', () => {
    expect(Object.keys(hallNames).sort()).toEqual(Object.values(HallNotice).sort());
    expect(Object.keys(meetingNames).sort()).toEqual(Object.values(MeetingNotice).sort());
  });

  it("a filing's change tells its merchant exactly its id, state and sign, and an officer its id and state", () => {
    // The stored record, with all a merchant filed and the review's history: none of it travels.
    const stored = {
      id: 'f1',
      merchantId: 'm1',
      caseId: 'c1',
      caseNumber: 'SB-2026-0001',
      state: 'underReview' as const,
      form: { signText: '老王面馆', width: 3, height: 1, address: '科教园区 8 号' },
      items: ['照片'],
      deadline: null,
      visitSlotId: null,
      history: [],
      merchant: { name: '王', shop: '老王面馆' },
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-02T00:00:00Z',
    };
    expect(filingNotice(stored, true)).toStrictEqual({ id: 'f1', state: 'underReview', signText: '老王面馆' });
    expect(filingNotice(stored, false)).toStrictEqual({ id: 'f1', state: 'underReview' });
  });

  // Compile-time only (never run): the page receives through the same maps.
  function _typedReceive(hall: Room<HallRoomContract>, meeting: Room<MeetingRoomContract>): void {
    onNotice(hall, HallNotice.myTickets, (n) => n.tickets.length);
    onNotice(meeting, MeetingNotice.chat, (line) => line.text);
    // @ts-expect-error a notice the hall never sends
    onNotice(hall, 'ticketsChanged', () => undefined);
    // @ts-expect-error the filing notice carries no stored form
    onNotice(hall, HallNotice.filingChanged, (n) => n.form);
    // @ts-expect-error a meeting notice on the hall
    onNotice(hall, MeetingNotice.chatHistory, () => undefined);
  }
  expect(_typedReceive).toBeTypeOf('function');
});

describe('intents arrive tagged', () => {
  it('a hall intent is checked and tagged by its name', () => {
    const parsed = parseHallIntent(HallIntent.moveTo, { x: 1, z: 2 });
    expect(parsed).toEqual({ ok: true, intent: { type: 'moveTo', payload: { x: 1, z: 2 } } });
    if (parsed.ok && parsed.intent.type === HallIntent.moveTo) expect(parsed.intent.payload.x).toBe(1);
    expect(parseHallIntent(HallIntent.takeTicket, { service: 'nowhere' })).toMatchObject({ ok: false });
  });

  it('an intent without payload is accepted with nothing or an empty object', () => {
    expect(parseHallIntent(HallIntent.callNext, undefined)).toEqual({
      ok: true,
      intent: { type: 'callNext', payload: undefined },
    });
    expect(parseHallIntent(HallIntent.callNext, {})).toMatchObject({ ok: true });
    expect(parseHallIntent(HallIntent.callNext, { deskId: 'x' })).toMatchObject({ ok: false });
  });

  it('a meeting intent is checked and tagged by its name', () => {
    expect(parseMeetingIntent(MeetingIntent.mute, { personId: 'p1', muted: true })).toEqual({
      ok: true,
      intent: { type: 'mute', payload: { personId: 'p1', muted: true } },
    });
    expect(parseMeetingIntent(MeetingIntent.mute, { personId: 'p1' })).toMatchObject({ ok: false });
  });
});

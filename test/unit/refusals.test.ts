import i18next, { type i18n as I18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Response as ExpressResponse } from 'express';
import { en } from '../../client/i18n/en.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';
import { refusalOf, unreachable, type Refusal } from '../../client/net/http.ts';
import type { meetingsApi } from '../../client/net/meetingsApi.ts';
import type { visitsApi } from '../../client/net/visitsApi.ts';
import { refusalText, type RefusalScope } from '../../client/panels/refusalText.ts';
import { answer } from '../../server/http/permit.ts';
import { AccountsError, accountsErrorStatus, AdminError, adminErrorStatus } from '../../shared/accounts.ts';
import { FilingRefusal, filingRefusalStatus } from '../../shared/filing.ts';
import { GuidanceError, guidanceErrorStatus } from '../../shared/guidance.ts';
import { MeetingError, meetingErrorStatus } from '../../shared/meetings.ts';
import { CaseError, caseErrorStatus } from '../../shared/queue.ts';
import { ok, refused, type Result } from '../../shared/result.ts';
import { VisitError, visitErrorStatus } from '../../shared/visits.ts';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

let zh: I18n;
let english: I18n;
beforeAll(async () => {
  const make = async (lng: string) => {
    const i = i18next.createInstance();
    await i.init({
      resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
      lng,
      fallbackLng: 'zh-CN',
      interpolation: { escapeValue: false },
    });
    return i;
  };
  zh = await make('zh-CN');
  english = await make('en');
});

describe('a refusal read from the hall’s answer', () => {
  it('keeps the reason, the hall’s message, the wait and the status of a 429 from the request limits', async () => {
    const res = json(
      429,
      { error: 'throttled', retryAfter: 42, message: 'Too many requests. Try again in 1 minute.' },
      { 'Retry-After': '42' },
    );
    expect(await refusalOf(res)).toEqual({
      ok: false,
      error: 'throttled',
      status: 429,
      message: 'Too many requests. Try again in 1 minute.',
      retryAfter: 42,
    });
  });

  it('keeps the numbers of the bound that refused an upload, and the wait from Retry-After', async () => {
    const res = json(
      429,
      { error: 'quota_exceeded', limit: { count: 3, megabytes: 40, hours: 24, note: 'x' } },
      { 'Retry-After': '82800' },
    );
    expect(await refusalOf(res)).toEqual({
      ok: false,
      error: 'quota_exceeded',
      status: 429,
      retryAfter: 82800,
      limit: { count: 3, megabytes: 40, hours: 24 },
    });
  });

  it('reads a Retry-After given as a date', async () => {
    const now = Date.parse('2025-03-01T08:00:00Z');
    const res = json(503, { error: 'busy' }, { 'Retry-After': 'Sat, 01 Mar 2025 08:00:05 GMT' });
    expect((await refusalOf(res, now)).retryAfter).toBe(5);
  });

  it('names a plain-text answer by its status', async () => {
    const tooBig = await refusalOf(new Response('413 bad_request', { status: 413 }));
    expect(tooBig).toEqual({ ok: false, error: 'too_large', status: 413 });
    expect((await refusalOf(new Response('500 server_error', { status: 500 }))).error).toBe('server_error');
    expect((await refusalOf(new Response('', { status: 429, headers: { 'Retry-After': '7' } }))).retryAfter).toBe(7);
  });

  it('keeps the refused fields of a form', async () => {
    const r = await refusalOf(json(400, { error: 'invalid_input', fields: { cookingHeads: 'required' } }));
    expect(r.fields).toEqual({ cookingHeads: 'required' });
  });
});

describe('a refusal in the person’s language', () => {
  const throttled: Refusal = { ok: false, error: 'throttled', status: 429, retryAfter: 42, message: '…' };

  it('says how long to wait after too many requests, in seconds, minutes or hours', () => {
    expect(refusalText(english, throttled)).toBe(
      'Too many requests; this one was not carried out. Try again in 42 seconds.',
    );
    expect(refusalText(zh, throttled)).toBe('操作过于频繁，本次未生效。请 42 秒后再试。');
    expect(refusalText(english, { ...throttled, retryAfter: 60 })).toMatch(/Try again in 1 minute\.$/);
    expect(refusalText(english, { ...throttled, retryAfter: 61 })).toMatch(/Try again in 2 minutes\.$/);
    expect(refusalText(zh, { ...throttled, retryAfter: 3000 })).toMatch(/请 50 分钟后再试。$/);
    expect(refusalText(english, { ...throttled, retryAfter: 82_800 })).toMatch(/Try again in 23 hours\.$/);
  });

  it('names the upload bound with its numbers, for the field it concerns', () => {
    const r: Refusal = {
      ok: false,
      error: 'quota_exceeded',
      status: 429,
      retryAfter: 3600,
      limit: { count: 3, megabytes: 40, hours: 24 },
    };
    expect(refusalText(english, r, { scope: 'filing.errors', field: 'Street photo' })).toBe(
      'Street photo: You have reached the upload allowance for 24 hours. At most 3 pictures or 40 MB in 24 hours. ' +
        'Try again in 60 minutes.',
    );
    expect(refusalText(zh, r, { scope: 'filing.errors', field: '街景照片' })).toBe(
      '街景照片：已达到 24 小时内的上传限额。每 24 小时最多上传 3 张、共 40 MB。请 60 分钟后再试。',
    );
    const open: Refusal = { ok: false, error: 'too_many_open_filings', status: 422, limit: { open: 5 } };
    expect(refusalText(english, open, { scope: 'filing.refused' })).toMatch(/At most 5 filings under way at once\.$/);
  });

  it('uses the panel’s own words for its reasons, then the hall’s message, then a general refusal', () => {
    expect(refusalText(english, { ok: false, error: 'taken', status: 409 }, { scope: 'visits.errors' })).toBe(
      'Someone has just booked that time; please choose another',
    );
    expect(refusalText(english, { ok: false, error: 'new_reason', message: 'Said by the hall' })).toBe(
      'Said by the hall',
    );
    expect(refusalText(zh, { ok: false, error: 'new_reason' })).toBe(zh.t('errors.refused'));
    expect(refusalText(english, { ok: false, error: 'new_reason' }, { fallback: 'Not added' })).toBe('Not added');
    expect(refusalText(english, unreachable())).toBe(english.t('errors.network'));
  });
});

/**
 * Every feature's refusal codes, the status each is answered with, and where the panels word them (the
 * catalogue groups passed to refusalText as its scope; the bounds and the sign-in are worded in common).
 */
const FEATURES: {
  name: string;
  codes: Record<string, string>;
  statuses: Record<string, number>;
  scopes: RefusalScope[];
}[] = [
  {
    name: 'accounts',
    codes: AccountsError,
    statuses: accountsErrorStatus,
    scopes: ['accounts.errors', 'staff.errors'],
  },
  { name: 'cases', codes: CaseError, statuses: caseErrorStatus, scopes: ['cases.errors'] },
  {
    name: 'filings',
    codes: FilingRefusal,
    statuses: filingRefusalStatus,
    scopes: ['filing.errors', 'filing.refused', 'review.errors'],
  },
  { name: 'visits', codes: VisitError, statuses: visitErrorStatus, scopes: ['visits.errors'] },
  { name: 'guidance', codes: GuidanceError, statuses: guidanceErrorStatus, scopes: ['guidance.errors'] },
  { name: 'meetings', codes: MeetingError, statuses: meetingErrorStatus, scopes: ['meetings.errors'] },
];

describe('every refusal code of every feature', () => {
  const cases = FEATURES.flatMap((f) => Object.values(f.codes).map((code) => [f.name, code, f] as const));

  it.each(cases)('%s: %s is answered with an HTTP error status', (_name, code, f) => {
    const status = f.statuses[code];
    expect(Number.isInteger(status) && status! >= 400 && status! <= 599, `status ${status}`).toBe(true);
  });

  it('the administrators’ staff commands have a status for each of theirs too (worded by the hall itself)', () => {
    for (const code of Object.values(AdminError)) expect(adminErrorStatus[code]).toBeGreaterThanOrEqual(400);
  });

  it.each(cases)('%s: %s has words of its own in Chinese and in English', (_name, code, f) => {
    const worded = (i: I18n) =>
      f.scopes
        .map((scope) => refusalText(i, { ok: false, error: code, status: f.statuses[code] }, { scope }))
        .find((text) => text !== i.t('errors.refused'));
    const chinese = worded(zh);
    const english_ = worded(english);
    expect(chinese, 'Chinese words').toBeDefined();
    expect(english_, 'English words').toBeDefined();
    // An English catalogue without the key would show the Chinese words instead.
    expect(english_).not.toBe(chinese);
  });
});

describe('a service’s result answered over HTTP', () => {
  function recorder() {
    const sent: { status?: number; body?: unknown } = {};
    const res = {
      status(code: number) {
        sent.status = code;
        return res;
      },
      json(body: unknown) {
        sent.body = body;
        return res;
      },
    };
    return { res: res as unknown as ExpressResponse, sent };
  }

  it('sends the value with the success status, a refusal with its mapped status and what it carries', () => {
    const a = recorder();
    answer(a.res, ok({ id: 'v1' }), visitErrorStatus, 201);
    expect(a.sent).toEqual({ status: 201, body: { id: 'v1' } });

    const b = recorder();
    const taken: Result<unknown, VisitError> = refused(VisitError.taken);
    answer(b.res, taken, visitErrorStatus);
    expect(b.sent).toEqual({ status: 409, body: { error: 'taken' } });

    const c = recorder();
    const clash = refused(MeetingError.minutesChanged, { fields: { text: 'theirs', version: 'v2' } });
    answer(c.res, clash, meetingErrorStatus);
    expect(c.sent).toEqual({
      status: 409,
      body: { error: 'minutes_changed', fields: { text: 'theirs', version: 'v2' } },
    });
  });
});

/**
 * Never run: it only has to compile. A panel comparing a refusal with a code its API cannot send (a typo)
 * must not compile; if these stop being errors, the API modules' types have widened again.
 */
export function refusalCodesAreChecked(
  minutes: Awaited<ReturnType<typeof meetingsApi.writeMinutes>>,
  booking: Awaited<ReturnType<typeof visitsApi.book>>,
): boolean[] {
  if (minutes.ok || booking.ok) return [];
  return [
    minutes.error === MeetingError.minutesChanged,
    // @ts-expect-error a misspelt code is none of the meetings API's
    minutes.error === 'minutes_chnaged',
    booking.error === 'throttled',
    // @ts-expect-error a meetings code is none of the visits API's
    booking.error === 'minutes_changed',
  ];
}

/**
 * How the page talks to the hall's HTTP API, and what a refusal carries back. Every API module sends
 * through `call` (or `send` for raw bytes), so every refusal, a 429 from the request limits, a filing
 * bound or a plain 404, reaches a panel in the same shape, and one place words it (panels/refusalText.ts).
 */

import type { GateError } from '../../shared/accounts.ts';
import type { Ok, Refused } from '../../shared/result.ts';
import { stationHeader } from './stationSlug.ts';

/**
 * The codes this module gives a refusal whose answer named none: no answer at all (`network`), or an
 * answer in plain text, as the hall's last-resort error handler and the body-size limit send.
 */
export const HttpReason = {
  network: 'network',
  throttled: 'throttled',
  tooLarge: 'too_large',
  notFound: 'not_found',
  badRequest: 'bad_request',
  serverError: 'server_error',
} as const;
export type HttpReason = (typeof HttpReason)[keyof typeof HttpReason];

/**
 * A request the hall refused, or that never reached it: the shared refusal (shared/result.ts) with its
 * code, the hall's reason code (`throttled`, `quota_exceeded`, `slot_taken`…) or one of HttpReason, and what
 * the answer carried besides.
 */
export interface Refusal<E extends string = string> extends Refused<E | HttpReason> {
  /** The HTTP status; absent when no answer came back. */
  status?: number;
  /** The hall's own words for it, in the page's language, when it sent some (a 429 does). */
  message?: string;
  /** Seconds until trying again may succeed, when the hall said (`Retry-After`). */
  retryAfter?: number;
  /** The bound that refused it, in the units its keys name (`{ count, megabytes, hours }`, `{ open }`…). */
  limit?: Readonly<Record<string, number>>;
  /** Per-field codes of a refused form, or what the route sent under `fields`. */
  fields?: Record<string, string>;
}

/** A service's Result seen from the page: the value, or the refusal with what the answer carried. */
export type ApiResult<T, E extends string = string> = Ok<T> | Refusal<E>;

/** The API lives on the hall's own origin (in `npm run dev`, on the hall server's port). */
export function apiUrl(path: string): string {
  return import.meta.env.DEV
    ? `${window.location.protocol}//${window.location.hostname}:${__HALL_DEV_PORT__}${path}`
    : path;
}

/** A request that got no answer: the hall is unreachable, or the page went offline. */
export function unreachable<E extends string = never>(): Refusal<E> {
  return { ok: false, error: HttpReason.network };
}

/** Seconds from `Retry-After`, which may also be an HTTP date; undefined when absent or past. */
function retryAfterOf(fromBody: unknown, header: string | null, now: number): number | undefined {
  const n = Number(fromBody ?? header ?? NaN);
  if (Number.isFinite(n) && n > 0) return Math.ceil(n);
  const at = header ? Date.parse(header) : NaN;
  return Number.isFinite(at) && at > now ? Math.ceil((at - now) / 1000) : undefined;
}

/** The numbers of a `limit`, whatever else came with it: only they are worded for the person. */
function limitOf(raw: unknown): Record<string, number> | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const numbers = Object.entries(raw).filter((e): e is [string, number] => Number.isFinite(e[1]));
  return numbers.length > 0 ? Object.fromEntries(numbers) : undefined;
}

function reasonOfStatus(status: number): HttpReason {
  if (status === 429) return HttpReason.throttled;
  if (status === 413) return HttpReason.tooLarge;
  if (status === 404) return HttpReason.notFound;
  return status >= 500 ? HttpReason.serverError : HttpReason.badRequest;
}

/**
 * A refusal from an answer that is not `ok`, read once: a JSON body gives its `error`, `message`,
 * `retryAfter`, `limit` and `fields`; a plain-text one (`413 bad_request`) or none falls back to the status.
 */
export async function refusalOf<E extends string = string>(res: Response, now = Date.now()): Promise<Refusal<E>> {
  const text = await res.text().catch(() => '');
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    // not JSON: the status says what happened
  }
  const error = typeof body.error === 'string' && body.error ? (body.error as E) : reasonOfStatus(res.status);
  const refusal: Refusal<E> = { ok: false, error, status: res.status };
  if (typeof body.message === 'string' && body.message) refusal.message = body.message;
  const retryAfter = retryAfterOf(body.retryAfter, res.headers.get('Retry-After'), now);
  if (retryAfter !== undefined) refusal.retryAfter = retryAfter;
  const limit = limitOf(body.limit);
  if (limit) refusal.limit = limit;
  if (body.fields && typeof body.fields === 'object') refusal.fields = body.fields as Record<string, string>;
  return refusal;
}

export interface SendOptions {
  token?: string;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as they are (an image's bytes). */
  bytes?: Blob;
  /** Lets a request made as the page goes away (a last autosave) still reach the hall. */
  keepalive?: boolean;
}

/** One request to the API: the parsed JSON answer, or the refusal. */
export async function send<T, E extends string = string>(
  method: string,
  path: string,
  { token, json, bytes, keepalive }: SendOptions = {},
): Promise<ApiResult<T, E>> {
  let res: Response;
  try {
    res = await fetch(apiUrl(path), {
      method,
      keepalive,
      headers: {
        // Every call is for the page's station: its link's, or the default.
        ...stationHeader(),
        // The page's language, not the browser's: the hall words a refusal in it (a 429's message).
        ...(typeof document !== 'undefined' && document.documentElement.lang
          ? { 'Accept-Language': document.documentElement.lang }
          : {}),
        ...(json !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(bytes !== undefined ? { 'Content-Type': 'application/octet-stream' } : {}),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: json !== undefined ? JSON.stringify(json) : bytes,
    });
  } catch {
    return unreachable();
  }
  if (!res.ok) return refusalOf<E>(res);
  return { ok: true, value: (await res.json().catch(() => ({}))) as T };
}

/** A JSON request, as every API module makes them: `call('POST', route, body, token)`. */
export function call<T, E extends string = string>(
  method: string,
  path: string,
  body?: unknown,
  token?: string,
  init: { keepalive?: boolean } = {},
): Promise<ApiResult<T, E>> {
  return send<T, E>(method, path, { token, json: body, keepalive: init.keepalive });
}

/**
 * `call` for one feature's API (`const call = callFor<VisitError>()`): its refusals carry that feature's
 * codes or those any route may answer first (GateError), besides the transport's, so a panel comparing
 * `r.error` with a misspelt code does not compile.
 */
export function callFor<E extends string>() {
  return <T>(...args: Parameters<typeof call>) => call<T, E | GateError>(...args);
}

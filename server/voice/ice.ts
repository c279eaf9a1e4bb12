import { createHmac } from 'node:crypto';
import { z } from '../../shared/zod.ts';
import type { IceConfig } from '../../shared/voice.ts';

/**
 * The ICE servers a page is given for its voice connections. A station runs on its own network, so by
 * default there are none at all: the two pages meet through their host candidates, which is what a local
 * network needs, and nothing ever asks a public STUN or TURN server. A station whose phones sit behind
 * another network (guest Wi-Fi isolating its clients, a merchant on 4G) names its own TURN server.
 */

/** Most entries in ICE_SERVERS: every entry is one more server each page gathers candidates from. */
export const ICE_SERVERS_MAX = 8;
/** Most URLs in one entry. */
export const ICE_URLS_MAX = 8;
/** Shortest and longest life of a TURN credential made per request, seconds (TURN_TTL_SECONDS). */
export const TURN_TTL_MIN_SECONDS = 60;
export const TURN_TTL_MAX_SECONDS = 86_400;

/**
 * `stun:host[:port]`, `turn:host[:port][?transport=udp|tcp]`, `turns:…` (RFC 7064/7065): the only schemes a
 * browser takes, written without a path or user part so a typo is caught at start, not in every phone.
 */
const ICE_URL = /^(stun|turn|turns):(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?(\?transport=(udp|tcp))?$/;

const iceUrl = z.string().regex(ICE_URL);
const iceServerSchema = z.strictObject({
  urls: z.union([iceUrl, z.array(iceUrl).min(1).max(ICE_URLS_MAX)]),
  username: z.string().min(1).max(512).optional(),
  credential: z.string().min(1).max(512).optional(),
});
const iceServersSchema = z.array(iceServerSchema).max(ICE_SERVERS_MAX);

export type IceServer = IceConfig['iceServers'][number];

function urlsOf(server: IceServer): string[] {
  return Array.isArray(server.urls) ? server.urls : [server.urls];
}

/** Whether an entry names a TURN server (which a browser only takes with a username and a credential). */
function isTurn(server: IceServer): boolean {
  return urlsOf(server).some((u) => u.startsWith('turn:') || u.startsWith('turns:'));
}

/**
 * Read ICE_SERVERS: a JSON array of `{ urls, username?, credential? }`, `urls` one URL or a list. Throws with
 * a message naming the setting and what is wrong, as every other setting does. A TURN entry needs its own
 * username and credential unless TURN_SECRET is set (then the hall makes them per request), since a browser
 * refuses a TURN server without them and every call would fail.
 */
export function parseIceServers(value: string | undefined, turnSecret: string | undefined): IceServer[] {
  if (value === undefined || value.trim() === '') return [];
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    throw new Error(`ICE_SERVERS must be a JSON array such as [{"urls":"turn:10.0.0.2:3478"}], got "${value}"`);
  }
  const parsed = iceServersSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new Error(
      `ICE_SERVERS${where}: ${issue?.message ?? 'invalid'}. Each entry is { "urls": "stun:host:port" | ` +
        `"turn:host:port?transport=udp" | "turns:host:port" (or a list of them), "username"?, "credential"? }, ` +
        `at most ${ICE_SERVERS_MAX} entries`,
    );
  }
  parsed.data.forEach((server, i) => {
    if ((server.username === undefined) !== (server.credential === undefined))
      throw new Error(`ICE_SERVERS at ${i}: "username" and "credential" go together`);
    if (isTurn(server) && server.username === undefined && !turnSecret)
      throw new Error(`ICE_SERVERS at ${i}: a TURN server needs "username" and "credential", or set TURN_SECRET`);
  });
  return parsed.data;
}

/** Read ICE_TRANSPORT_POLICY; `relay` without a TURN server in ICE_SERVERS would leave every call silent. */
export function parseTransportPolicy(
  value: string | undefined,
  servers: readonly IceServer[],
): IceConfig['iceTransportPolicy'] {
  if (value === undefined || value === '' || value === 'all') return 'all';
  if (value === 'relay') {
    if (!servers.some(isTurn)) throw new Error('ICE_TRANSPORT_POLICY=relay needs a TURN server in ICE_SERVERS');
    return 'relay';
  }
  throw new Error(`ICE_TRANSPORT_POLICY must be "all" or "relay", got "${value}"`);
}

/** The TURN REST credential coturn checks with `use-auth-secret`: the username names its own expiry. */
export function turnCredential(
  secret: string,
  personId: string,
  expiresAtSeconds: number,
): { username: string; credential: string } {
  const username = `${expiresAtSeconds}:${personId}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}

export interface IceSettings {
  iceServers: readonly IceServer[];
  iceTransportPolicy: IceConfig['iceTransportPolicy'];
  /** coturn's `static-auth-secret`; never logged, never sent. */
  turnSecret: string | undefined;
  turnTtlSeconds: number;
}

/**
 * What one signed-in person's page uses: the configured servers, with short-lived credentials of their own
 * on every TURN entry that has none (so a credential seen on one phone is worth nothing after TURN_TTL_SECONDS).
 */
export function iceConfigFor(settings: IceSettings, personId: string, nowMs: number): IceConfig {
  const expires = Math.floor(nowMs / 1000) + settings.turnTtlSeconds;
  return {
    iceServers: settings.iceServers.map((server) => {
      const copy: IceServer = { ...server, urls: Array.isArray(server.urls) ? [...server.urls] : server.urls };
      if (settings.turnSecret && isTurn(server) && server.username === undefined)
        Object.assign(copy, turnCredential(settings.turnSecret, personId, expires));
      return copy;
    }),
    iceTransportPolicy: settings.iceTransportPolicy,
  };
}

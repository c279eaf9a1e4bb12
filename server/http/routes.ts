import fs from 'node:fs';
import path from 'node:path';
import { matchMaker } from '@colyseus/core';
import type { Application, NextFunction, Request, Response } from 'express';
import type { Accounts } from '../accounts/accounts.ts';
import type { Config } from '../config.ts';
import { log } from '../log.ts';
import { mountLimits, MemoryRateLimiter, type RateLimiter } from './limits.ts';
import { mountClientFiles } from './staticFiles.ts';
import { voiceCounters } from '../voice/counters.ts';

/**
 * The headers every answer of the port carries. The hall loads nothing from other hosts and is never
 * framed (clickjacking a desk's buttons); WebSockets go to this very host only (older browsers do not count
 * ws: as 'self', so it is named). The same on an API answer: harmless there, and nothing is missed.
 */
export function securityHeaders(host: string | null): Record<string, string> {
  const safeHost = host && /^[\w.:[\]-]+$/.test(host) ? host : '';
  const sockets = safeHost ? ` ws://${safeHost} wss://${safeHost}` : '';
  return {
    'Content-Security-Policy':
      `default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; ` +
      `connect-src 'self'${sockets}; media-src 'self' blob:; worker-src 'self' blob:; ` +
      `object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'`,
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
  };
}

/** What a cross-origin request from an allowed origin needs: the page sends a bearer token, never cookies. */
const CORS_GRANT = {
  'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept-Language, X-Station',
  'Access-Control-Max-Age': '600',
  Vary: 'Origin',
};

/**
 * The headers for a request, given where it comes from: the security headers always; a CORS grant only
 * for an origin listed in `allowed` (ALLOWED_ORIGINS). The page itself is served from the hall's own
 * origin, where the browser asks for no grant, so by default no other site gets one.
 */
export function responseHeaders(headers: Headers, allowed: readonly string[]): Record<string, string> {
  const origin = headers.get('origin');
  const grant =
    origin !== null && allowed.includes(origin) ? { ...CORS_GRANT, 'Access-Control-Allow-Origin': origin } : {};
  return { ...securityHeaders(headers.get('host')), ...grant };
}

/**
 * Mounted first, before every route: the security headers and the CORS policy on every answer of the
 * port, and the request limits on every API write. The headers go through Colyseus' CORS hook because
 * that is the one place every request of the port passes, matchmaking included (it is answered before
 * express ever sees it). The hook belongs to the process, so the last hall started in a process sets it.
 */
export function mountFront(
  app: Application,
  accounts: Accounts,
  config: Config,
  limiter: RateLimiter = new MemoryRateLimiter(),
): void {
  // Behind a named proxy the visitor's address comes from X-Forwarded-For (read by `req.ip`); else never.
  app.set('trust proxy', config.trustProxy.length > 0 ? [...config.trustProxy] : false);
  // Colyseus' defaults grant every origin, with credentials; none of them is kept.
  (matchMaker.controller as { DEFAULT_CORS_HEADERS: Record<string, string> }).DEFAULT_CORS_HEADERS = {};
  matchMaker.controller.getCorsHeaders = (headers: Headers) => responseHeaders(headers, config.allowedOrigins);
  app.disable('x-powered-by');
  mountLimits(app, accounts, config, limiter);
}

/**
 * HTTP side of the one port, mounted last: a health check, then the built client, then the answers for
 * what nothing else answered. Hashed assets are cached for a year; the page itself is always revalidated
 * so a new release reaches phones at once.
 */
export function mountHttp(app: Application, clientDir: string, health: () => Promise<object>): void {
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res, next) => {
    // Voice signalling relayed and refused, and calls made, since the start (never what was said).
    health().then((figures) => res.json({ ok: true, ...figures, voice: voiceCounters() }), next);
  });

  mountClient(app, clientDir);
  // Last: whatever no route answered, and every error, gets a short answer with a code and no trace.
  app.use((_req: Request, res: Response) => {
    res.status(404).type('text/plain; charset=utf-8').send('404 not_found');
  });
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = statusOf(err);
    const code = status === 404 ? 'not_found' : status < 500 ? 'bad_request' : 'server_error';
    // A refusal (a link whose escapes decode to nothing) is the asker's mistake; only a failure is the hall's error.
    log.warn(status < 500 ? 'http.refused' : 'http.error', {
      status,
      path: req.path.slice(0, 200),
      message: String((err as Error)?.message),
    });
    if (res.headersSent) return void req.socket.destroy();
    res.status(status).type('text/plain; charset=utf-8').send(`${status} ${code}`);
  });
}

function statusOf(err: unknown): number {
  const e = err as { status?: unknown; statusCode?: unknown } | null;
  const status = Number(e?.status ?? e?.statusCode);
  return Number.isInteger(status) && status >= 400 && status <= 599 ? status : 500;
}

function mountClient(app: Application, clientDir: string): void {
  const index = path.join(clientDir, 'index.html');
  if (!fs.existsSync(index)) {
    app.get('/', (_req, res) => {
      res.status(503).type('text/plain; charset=utf-8').send('The client is not built yet: run `npm run build`.');
    });
    return;
  }
  mountClientFiles(app, clientDir);
}

import fs from 'node:fs';
import path from 'node:path';
import express, { type Application } from 'express';

/**
 * HTTP side of the one port: a health check, then the built client. Hashed assets are cached for a year;
 * the page itself is always revalidated so a new release reaches phones at once.
 */
export function mountHttp(app: Application, clientDir: string, health: () => object): void {
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    // The hall loads nothing from other hosts; say so to the browser as well. WebSockets go to this very
    // host only (older browsers do not count ws: as 'self', so it is named).
    const host = /^[\w.:[\]-]+$/.test(req.headers.host ?? '') ? req.headers.host : '';
    const sockets = host ? ` ws://${host} wss://${host}` : '';
    res.setHeader(
      'Content-Security-Policy',
      `default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'${sockets}; media-src 'self' blob:; worker-src 'self' blob:`,
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    next();
  });
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, ...health() });
  });

  const index = path.join(clientDir, 'index.html');
  if (!fs.existsSync(index)) {
    app.get('/', (_req, res) => {
      res.status(503).type('text/plain; charset=utf-8').send('The client is not built yet: run `npm run build`.');
    });
    return;
  }
  app.use(
    '/assets',
    express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }),
  );
  app.use(express.static(clientDir, { index: false, maxAge: 0 }));
  app.get(/^\/(?!api\/|matchmake\/).*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}

import path from 'node:path';
import type { Application, NextFunction, Request, Response } from 'express';
import expressStaticGzip from 'express-static-gzip';

/** Encodings served from the build's precompressed copies, best first (`npm run build` writes .br and .gz). */
const ENCODINGS = { enableBrotli: true, orderPreference: ['br', 'gzip'] };

/**
 * The built client, served from the copies the build compressed ahead of time (brotli, else gzip, else the
 * file itself, by the browser's Accept-Encoding, with Vary: Accept-Encoding). A phone on a slow line gets
 * the sign-in form's code in about a third of its size, and the server spends no CPU compressing it.
 * Hashed assets never change under their name: cached for a year. The page itself is always revalidated,
 * so a new release reaches phones at once; every path that is not a file or an API gets the page.
 */
export function mountClientFiles(app: Application, clientDir: string): void {
  app.use(
    '/assets',
    decodablePathOnly,
    expressStaticGzip(path.join(clientDir, 'assets'), {
      ...ENCODINGS,
      index: false,
      serveStatic: { immutable: true, maxAge: '365d', fallthrough: false },
    }),
  );
  const root = expressStaticGzip(clientDir, { ...ENCODINGS, index: false, serveStatic: { maxAge: 0 } });
  app.use(decodablePathOnly, root);
  app.get(/^\/(?!api\/|matchmake\/).*/, decodablePathOnly, pageServer(clientDir));
}

/**
 * The page itself (index.html, precompressed like the rest), always revalidated, whatever the path asked;
 * with the status already set on the answer (a station's link that names no station answers the page with 404).
 */
export function pageServer(clientDir: string): (req: Request, res: Response, next: NextFunction) => void {
  const page = expressStaticGzip(clientDir, { ...ENCODINGS, index: false, serveStatic: { cacheControl: false } });
  return (req, res, next) => {
    res.setHeader('Cache-Control', 'no-cache');
    req.url = '/index.html';
    page(req, res, next);
  };
}

/**
 * A path that does not decode (`/assets/%E0%A4%A`) goes to the hall's own error answer (`400 bad_request`),
 * not the static server's, which would echo the decoder's message.
 */
function decodablePathOnly(req: Request, _res: Response, next: NextFunction): void {
  try {
    decodeURIComponent(req.path);
  } catch {
    return next(Object.assign(new Error('malformed path'), { status: 400 }));
  }
  next();
}

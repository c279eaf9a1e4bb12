import type { Application, Request, Response } from 'express';
import { isStationSlug, StationRefusal, StationsRoute, type Station, type StationList } from '../../shared/stations.ts';
import { readQuery } from '../http/query.ts';
import { pageServer } from '../http/staticFiles.ts';
import type { StationDirectory } from './directory.ts';
import { stationQrSvg } from './qr.ts';

export interface StationsHttpOptions {
  /** The built page, served at each station's link. */
  clientDir: string;
  /** PUBLIC_URL: the address people reach the hall at; unset, the request's own origin. */
  publicUrl: string | undefined;
}

/** How long a browser or a proxy may keep a station's QR code, seconds: it changes only with the address. */
export const QR_MAX_AGE_SECONDS = 3600;

/** A host header fit to print in a link: a name or an address and a port, nothing else. */
const HOST = /^[\w.-]+(?::\d{1,5})?$|^\[[\d a-f:.]+\](?::\d{1,5})?$/i;

/** The station a slug names, or null (a slug that cannot be one is never looked up). */
async function stationOf(stations: StationDirectory, slug: string | undefined): Promise<Station | null> {
  return isStationSlug(slug) ? stations.bySlug(slug) : null;
}

/**
 * The stations' own routes: their list for the start page, each station's link (the page, which then names its
 * station in every request), and the link as a QR code for the station's poster.
 */
export function mountStationsApi(app: Application, stations: StationDirectory, options: StationsHttpOptions): void {
  app.get(StationsRoute.list, async (req: Request, res: Response) => {
    if (!readQuery(req, res, {})) return;
    const list = await stations.list();
    res.setHeader('Cache-Control', 'no-cache');
    const answer: StationList = {
      stations: list.map(({ slug, name, address, layout }) => ({ slug, name, address, layout })),
    };
    res.json(answer);
  });

  app.get(StationsRoute.qr(':slug'), async (req: Request<{ slug: string }>, res: Response) => {
    const station = await stationOf(stations, req.params.slug);
    if (!station) return void res.status(404).json({ error: StationRefusal.unknown });
    const base = options.publicUrl ?? requestOrigin(req);
    if (!base) return void res.status(400).json({ error: 'bad_request' });
    // From PUBLIC_URL the code is the same for everyone; from the request's host it is this visitor's own.
    res.setHeader('Cache-Control', `${options.publicUrl ? 'public' : 'private'}, max-age=${QR_MAX_AGE_SECONDS}`);
    res.type('image/svg+xml').send(stationQrSvg(`${base}${StationsRoute.page(station.slug)}`));
  });

  // The page answers every path the API does not; a station's link answers it too, with 404 when it names no
  // station, so that a mistyped or retired link says so to a crawler as the page says it to a person.
  const page = pageServer(options.clientDir);
  app.get(StationsRoute.page(':slug'), async (req: Request<{ slug: string }>, res: Response, next) => {
    const station = await stationOf(stations, req.params.slug);
    if (!station) res.status(404);
    page(req, res, next);
  });
}

/** The origin the request was made to (the proxy's, with TRUST_PROXY), or null for a host unfit for a link. */
function requestOrigin(req: Request): string | null {
  const host = req.get('host');
  return host && HOST.test(host) ? `${req.protocol}://${host}` : null;
}

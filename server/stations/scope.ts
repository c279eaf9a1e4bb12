import type { Application, NextFunction, Request, Response } from 'express';
import {
  DEFAULT_STATION_SLUG,
  STATION_HEADER,
  STATION_QUERY,
  StationRefusal,
  stationAsKnown,
} from '../../shared/stations.ts';
import { log } from '../log.ts';
import { describeError } from '../rooms/badInput.ts';
import { mayActIn, stationAsked } from './rules.ts';
import type { Stations } from './service.ts';

/** Routes that name no station of their own: the admin key's, and the stations' list and posters (by path). */
const UNSCOPED = ['/api/admin/', '/api/stations'];

/**
 * The one place a request's station is decided: the `x-station` header, else the `station` query parameter,
 * else the default station. A station that does not exist is refused 404 `station_unknown` before any route
 * runs; the routes read the station with {@link stationOf}, and a signed-in staff member acting in a station
 * they do not belong to is refused 403 `station_not_member` where they are authenticated (server/http/permit.ts).
 */
export function mountStationScope(app: Application, stations: Stations): void {
  app.use('/api', (req: Request, res: Response, next: NextFunction) => {
    if (UNSCOPED.some((prefix) => req.originalUrl.startsWith(prefix))) return next();
    const asked = stationAsked(req.headers[STATION_HEADER], req.query[STATION_QUERY]);
    if (!asked.ok) return unknown(res, req.headers[STATION_HEADER] ?? req.query[STATION_QUERY]);
    stations.exists(asked.value).then(
      (found) => {
        if (!found) return unknown(res, asked.value);
        res.locals.station = asked.value;
        next();
      },
      (err: unknown) => {
        log.error('station.lookup.failed', { error: describeError(err) });
        next(err);
      },
    );
  });
}

function unknown(res: Response, named: unknown): void {
  log.warn('station.refused', { reason: StationRefusal.unknown, station: stationAsKnown(named) });
  res.status(404).json({ error: StationRefusal.unknown });
}

/** The station a request is for, as {@link mountStationScope} decided it (the default for an unscoped route). */
export function stationOf(res: Response): string {
  const station: unknown = res.locals.station;
  return typeof station === 'string' ? station : DEFAULT_STATION_SLUG;
}

/**
 * Whether the person behind a request may act in its station: merchants anywhere, staff where they belong.
 * Refused with 403 `station_not_member`, answered here.
 */
export function memberHere(
  res: Response,
  who: { kind: 'merchant' } | { kind: 'staff'; stations: readonly string[] },
): boolean {
  const allowed = mayActIn(who, stationOf(res));
  if (allowed.ok) return true;
  res.status(403).json({ error: allowed.error });
  return false;
}

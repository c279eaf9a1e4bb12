import { randomUUID } from 'node:crypto';
import { caseNumber, caseToContinue } from './rules.ts';
import { stationDay } from '../../shared/dates.ts';
import { casesOfMerchant, createCase, nextCounter } from './store.ts';
import type { Db } from '../store/db.ts';

export interface NewCaseFor {
  merchantId: string;
  service: string;
  description: string;
  /** Null for a case opened from a form rather than at a desk. */
  officerId: string | null;
  deskId: string | null;
  timeZone: string;
  /** The station where the matter is brought: a case is continued at its own station only. */
  station: string;
}

/** A new case numbered by the station day (BJ-YYYYMMDD-NNNN); returns its id. */
export async function openNewCase(db: Db, c: NewCaseFor): Promise<string> {
  const day = stationDay(Date.now(), c.timeZone);
  const id = randomUUID();
  const number = caseNumber(day, await nextCounter(db, `case/${day}`));
  const { merchantId, service, description, officerId, deskId, station } = c;
  await createCase(db, { id, number, merchantId, service, description, officerId, deskId, station });
  return id;
}

/**
 * The merchant's open case for this service at this station (one matter, one case), or a new one there: an
 * open case at another station is that station's matter and is left as it is.
 */
export async function caseForService(db: Db, c: NewCaseFor): Promise<string> {
  const mine = await casesOfMerchant(db, c.merchantId, c.station);
  const open = caseToContinue({ caseId: null, service: c.service }, mine);
  return open ?? openNewCase(db, c);
}

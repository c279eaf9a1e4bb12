import {
  CASE_FILE_LINES_MAX_BYTES,
  CASE_FILE_MATTER_MAX,
  CASE_FILE_PAGE_LIMITS,
  CASE_FILE_SEARCH_RESULTS,
  CaseFileError,
  itemKey,
  keyMoment,
  pageOfFile,
  type CaseFilePage,
  type FileSearchAnswer,
  type PageLimits,
  type TimelineItem,
} from '../../shared/caseFile.ts';
import { stationClock } from '../../shared/dates.ts';
import type { ChatLine } from '../../shared/queue.ts';
import { ok, refused, type Result } from '../../shared/result.ts';
import { concernsOfMerchantWithEntries } from '../concerns/views.ts';
import { recordAudit } from '../store/auditRepo.ts';
import type { Db } from '../store/db.ts';
import {
  caseEntries,
  casesOpened,
  fileMerchant,
  filings,
  filingSteps,
  linesOfEntries,
  linesUnderWay,
  searchMerchants,
  talkUnderWay,
  visitsBooked,
  fileCase,
  type Cursor,
} from './caseFileStore.ts';
import { cutStart, latestLinesWithin } from './rules.ts';
import { toEntry } from './store.ts';

/**
 * The staff member reading and the station they read in: every read of a merchant's file is written to the
 * audit log under their id, and the file holds that station's cases, visits and filings only.
 */
export interface FileReader {
  staffId: string;
  station: string;
}

/** A conversation as the file carries it: its latest lines within the bound, and how many earlier were said. */
function bounded(lines: readonly ChatLine[]) {
  const kept = latestLinesWithin(lines, CASE_FILE_LINES_MAX_BYTES);
  return { lines: kept, linesLeftOut: lines.length - kept.length };
}

/**
 * One page of a merchant's case file, newest first, from the cursor (null: the newest). Each part of the
 * file is read only as far as the page can reach, so a long history costs a page no more than a short one.
 * The read is audited before anything is answered.
 */
export async function readCaseFile(
  db: Db,
  merchantId: string,
  after: string | null,
  reader: FileReader,
  timeZone: string,
  limits: PageLimits = CASE_FILE_PAGE_LIMITS,
): Promise<Result<CaseFilePage, typeof CaseFileError.notFound>> {
  const merchant = await fileMerchant(db, merchantId);
  if (!merchant) return refused(CaseFileError.notFound);
  const from: Cursor = { merchantId, station: reader.station, after, limit: limits.items + 1 };
  const [opened, entries, talk, booked, filed, concerns] = await Promise.all([
    casesOpened(db, from),
    caseEntries(db, from),
    talkUnderWay(db, from),
    visitsBooked(db, from),
    filings(db, from),
    concernsOfMerchantWithEntries(db, merchantId, timeZone, Date.now(), reader.station),
  ]);
  const [lines, underWay, steps] = await Promise.all([
    linesOfEntries(
      db,
      entries.filter((e) => e.kind === 'desk').map((e) => e.id),
    ),
    linesUnderWay(
      db,
      talk.map((t) => t.case_id),
    ),
    filingSteps(
      db,
      filed.map((f) => f.id),
      timeZone,
    ),
  ]);
  const when = (at: string) => ({ at, station: stationClock(at, timeZone) });
  const parts: TimelineItem[][] = [
    opened.map((r) => ({
      kind: 'caseOpened',
      key: r.key,
      ...when(r.at),
      case: fileCase(r),
      description: cutStart(r.description, CASE_FILE_MATTER_MAX),
    })),
    entries.map((r) =>
      r.kind === 'desk'
        ? {
            kind: 'deskVisit',
            key: r.key,
            ...when(r.at),
            case: fileCase(r),
            entry: toEntry(r, timeZone),
            ...bounded(lines.get(Number(r.id)) ?? []),
          }
        : { kind: 'visitResult', key: r.key, ...when(r.at), case: fileCase(r), entry: toEntry(r, timeZone) },
    ),
    talk.map((r) => ({
      kind: 'talk',
      key: r.key,
      ...when(r.at),
      case: fileCase(r),
      ...bounded(underWay.get(r.case_id) ?? []),
    })),
    booked.map((r) => ({
      kind: 'visitBooked',
      key: r.key,
      ...when(r.at),
      case: fileCase(r),
      slotId: r.slot_id,
      starts: stationClock(r.starts_at, timeZone),
      endsTime: stationClock(r.ends_at, timeZone).time,
      officerName: r.officer_name,
    })),
    filed.map((r) => ({
      kind: 'filing',
      key: r.key,
      ...when(r.at),
      filingId: r.id,
      caseNumber: r.number,
      signText: r.sign_text ?? '',
      state: r.state,
      items: r.items,
      deadline: r.deadline,
      steps: steps.get(r.id) ?? [],
    })),
    // A merchant has a handful of concerns (CONCERN_OPEN_MAX open at once): all are read, and the page takes
    // those after the cursor like any other part.
    concerns.map((concern) => {
      const at = concern.latest?.at ?? concern.received.at;
      return { kind: 'concern', key: itemKey(keyMoment(at), 'concern', concern.id), ...when(at), concern };
    }),
  ];
  const page = pageOfFile(parts, limits, after);
  await recordAudit(db, {
    actorKind: 'staff',
    actorId: reader.staffId,
    action: 'caseFile.read',
    targetKind: 'merchant',
    targetId: merchantId,
    detail: { after, items: page.items.length, station: reader.station },
  });
  return ok({ merchant, zone: timeZone, items: page.items, next: page.next });
}

/**
 * The merchants a staff search finds by shop, name or phone, at most CASE_FILE_SEARCH_RESULTS; the search is
 * audited with what it asked and how many it found, since it shows names and phone numbers.
 */
export async function searchCaseFiles(db: Db, text: string, reader: FileReader): Promise<FileSearchAnswer> {
  const found = await searchMerchants(db, text, reader.station, CASE_FILE_SEARCH_RESULTS);
  const hits = found.slice(0, CASE_FILE_SEARCH_RESULTS);
  await recordAudit(db, {
    actorKind: 'staff',
    actorId: reader.staffId,
    action: 'caseFile.search',
    targetKind: 'merchant',
    detail: { query: text, found: hits.length, station: reader.station },
  });
  return { hits, more: found.length > hits.length };
}

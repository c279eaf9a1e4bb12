import type { Application, Response } from 'express';
import type { z } from 'zod';
import {
  CASE_FILE_QUERY_MAX,
  caseFilePageSchema,
  caseFileSearchSchema,
  CaseFileError,
  caseFileErrorStatus as STATUS,
  CaseFileRoute,
  CURSOR_MAX,
  DESK_WAITING_MAX,
  type DeskWaitingAnswer,
  FILE_FIELD_CODES,
  FileFieldCode,
} from '../../shared/caseFile.ts';
import { Action } from '../../shared/permissions.ts';
import type { Accounts } from '../accounts/accounts.ts';
import { answer, permit, refuse } from '../http/permit.ts';
import { pathId } from '../http/pathId.ts';
import { anyText, readQuery } from '../http/query.ts';
import { waitingAtDesk } from '../queue/store.ts';
import { stationOf } from '../stations/scope.ts';
import type { Db } from '../store/db.ts';
import { readCaseFile, searchCaseFiles } from './caseFile.ts';

/** A merchant id from the path, bounded before it reaches storage. */
const merchantId = pathId;

/** A refused search or page request: the field, what is wrong with it, and its bound in characters. */
function refuseField(res: Response, field: 'q' | 'cursor', issues: readonly z.core.$ZodIssue[], characters: number) {
  const code = issues.find((i) => i.path[0] === field)?.message;
  const fields = { [field]: code && FILE_FIELD_CODES.includes(code) ? code : FileFieldCode.invalid };
  refuse(res, CaseFileError.invalidInput, STATUS, {
    fields,
    limit: { characters },
    message: `${field}: ${fields[field]} (at most ${characters} characters)`,
  });
}

/**
 * A merchant's case file for staff over HTTP: a search by shop, name or phone, the line at the officer's desk
 * (whose files to read before calling), and the file a page at a time. All take `readCaseFile` from the
 * permission matrix (officers and the admin; never a merchant, not even for their own: "My cases" is theirs);
 * searches and files are written to the audit log by the service.
 */
export function mountCaseFileApi(
  app: Application,
  db: Db,
  accounts: Accounts,
  timeZone: string,
  now: () => number = Date.now,
): void {
  const allowed = permit(accounts);

  app.get(CaseFileRoute.search, async (req, res) => {
    const p = await allowed(req, res, Action.readCaseFile);
    if (!p) return;
    // Only `q` is read: a repeated or nested one (?q=a&q=b, ?q[x]=), or any other parameter, is refused.
    const query = readQuery(req, res, { q: anyText });
    if (!query) return;
    const input = caseFileSearchSchema.safeParse({ q: query.q });
    if (!input.success) return refuseField(res, 'q', input.error.issues, CASE_FILE_QUERY_MAX);
    res.json(await searchCaseFiles(db, input.data.q, { staffId: p.id, station: stationOf(res) }));
  });

  // Who waits for this officer's desk, with their merchant ids: the ids open files, so staff only. A merchant
  // sees their own place and the public counts, never who else is waiting.
  app.get(CaseFileRoute.waiting, async (req, res) => {
    const p = await allowed(req, res, Action.readCaseFile);
    if (!p || !readQuery(req, res, {})) return;
    const at = now();
    const line = await waitingAtDesk(db, p.id, at, DESK_WAITING_MAX);
    const answer: DeskWaitingAnswer = line ? { ...line, at } : { deskId: null, waiting: [], total: 0, at };
    res.json(answer);
  });

  app.get(CaseFileRoute.merchant, async (req, res) => {
    const p = await allowed(req, res, Action.readCaseFile);
    if (!p) return;
    const query = readQuery(req, res, { cursor: anyText });
    if (!query) return;
    const input = caseFilePageSchema.safeParse({ cursor: query.cursor });
    if (!input.success) return refuseField(res, 'cursor', input.error.issues, CURSOR_MAX);
    const id = merchantId(req.params.merchantId);
    const reader = { staffId: p.id, station: stationOf(res) };
    answer(res, await readCaseFile(db, id, input.data.cursor ?? null, reader, timeZone), STATUS);
  });
}

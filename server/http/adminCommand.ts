import crypto from 'node:crypto';
import { type Application } from 'express';
import { AdminError, adminErrorStatus } from '../../shared/accounts.ts';
import type { StatusMap } from '../../shared/result.ts';
import { idField, z } from '../../shared/zod.ts';
import { log } from '../log.ts';
import { jsonBody } from './jsonBody.ts';
import { refuse } from './permit.ts';

export function loopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

export function sameKey(given: unknown, key: string): boolean {
  if (typeof given !== 'string') return false;
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(key).digest();
  return crypto.timingSafeEqual(a, b);
}

/** One command line's route in the hall: which commands it takes, what runs them, how they refuse. */
export interface AdminCommandRoute<C, E extends AdminError> {
  /** The commands, each checked in full before it runs (the command line's own checks are not trusted). */
  commands: z.ZodType<C>;
  /** Run one, as `actor` (the user at the command line); the answer is the message the command line prints. */
  run(command: C, actor: string): Promise<string>;
  /**
   * The codes a refusal thrown by `run` may carry, with their status; any other error is the hall's own
   * failure, answered 500 without its details.
   */
  refusals: StatusMap<E>;
}

/**
 * How a command line (`npm run staff`, `npm run station`) acts while the hall owns the embedded database: it
 * posts `{ actor, command }` here, from this machine only, with the key the hall wrote into its data folder
 * (readable by the user who runs the hall), and prints the `message` it gets back.
 */
export function mountAdminCommand<C, E extends AdminError>(
  app: Application,
  path: string,
  adminKey: string,
  { commands, run, refusals }: AdminCommandRoute<C, E>,
): void {
  const bodySchema = z.strictObject({ actor: idField(64), command: commands });
  const isRefusal = (err: unknown): err is Error & { code: E } => {
    const code = (err as { code?: unknown } | null)?.code;
    return err instanceof Error && typeof code === 'string' && Object.hasOwn(refusals, code);
  };
  app.post(path, jsonBody('8kb'), async (req, res) => {
    if (!loopback(req.socket.remoteAddress) || !sameKey(req.headers['x-admin-key'], adminKey)) {
      log.warn('admin.refused', { address: req.socket.remoteAddress });
      return refuse(res, AdminError.notPermitted, adminErrorStatus);
    }
    const body = bodySchema.safeParse(req.body);
    if (!body.success)
      return refuse(res, AdminError.invalidInput, adminErrorStatus, { message: body.error.issues[0]?.message });
    try {
      res.json({ message: await run(body.data.command, body.data.actor) });
    } catch (err) {
      if (!isRefusal(err)) throw err;
      refuse(res, err.code, refusals, { message: err.message });
    }
  });
}

import type { z } from './zod.ts';

/**
 * The shape both rooms give their messages: a name for each, a payload type per name (a map), and a schema
 * per intent name. From a map come the tagged unions the handlers switch over, and the typed helpers that
 * send and receive, so a misspelt name or a payload of the wrong shape fails to compile on either side.
 */

/** One message of a payload map as a tagged value: `type` names it and fixes the payload's type. */
export type Tagged<M, K extends keyof M = keyof M> = { [P in K]: { type: P; payload: M[P] } }[K];

/** A schema for each message of a payload map, whose output is that message's payload. */
export type SchemaMap<M> = { [K in keyof M]: z.ZodType<M[K]> };

/** An intent as received: tagged and checked, or refused with the schema's first complaint. */
export type ParsedIntent<M, K extends keyof M = keyof M> =
  { ok: true; intent: Tagged<M, K> } | { ok: false; detail: string | undefined };

/**
 * Check a payload against its intent's schema and tag it with the intent's name. Handlers then switch over
 * `intent.type`, and each case sees its own payload type without a cast.
 */
export function parseIntent<M, K extends keyof M>(
  schemas: SchemaMap<M>,
  type: K,
  payload: unknown,
): ParsedIntent<M, K> {
  const parsed = schemas[type].safeParse(payload);
  if (!parsed.success) return { ok: false, detail: parsed.error.issues[0]?.message };
  const intent: Tagged<M, K> = { type, payload: parsed.data };
  return { ok: true, intent };
}

/**
 * The end of an exhaustive switch: a message kind added to the contract but not handled fails to compile
 * here. Reached at run time only through a bug; it throws, which the rooms log as an internal failure.
 */
export function unhandled(value: never): never {
  throw new Error(`unhandled message ${JSON.stringify(value)}`);
}

/**
 * What a room shows the page of its types, in the shape Colyseus' SDK reads (its `ServerRoomLike`): the
 * state, the notices the room sends (`~client.~messages`) and the intents it takes (`messages`). Declared in
 * shared/ so the page types its room without importing the server. Phantom: nothing of it exists at run time.
 */
export interface RoomContract<State, Notices, Intents, JoinOptions = Record<string, never>> {
  state: State;
  '~state': State;
  '~client': { '~messages': Notices };
  messages: { [K in keyof Intents]: (client: unknown, payload: Intents[K]) => void };
  /** What joining takes (the options of `client.join`). */
  onJoin(client: unknown, options: JoinOptions): void;
}

/** A payload argument, left out when the message may carry nothing (its payload type admits undefined). */
export type PayloadArg<P> = undefined extends P ? [payload?: P] : [payload: P];

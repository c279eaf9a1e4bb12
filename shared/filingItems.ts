import { z } from './zod.ts';
import { isCalendarDay } from './dates.ts';
import { ProfileError, textField } from './profile.ts';
import type { StatusMap } from './result.ts';

/**
 * Items to follow (容缺受理): an officer accepts a filing while some papers are still missing, and each
 * missing paper becomes an item of its own that the merchant hands in and the officer accepts or asks for
 * again. The filing is filed once nothing is owed or waiting. Judged the same way by the page and the server.
 *
 *   owed ──handIn──▶ handedIn ──accept──▶ accepted
 *    ▲                  │
 *    └─────askAgain─────┘        (any not yet accepted) ──withdraw──▶ withdrawn
 *
 * askAgain carries the officer's reason and keeps the deadline or sets a new one. withdraw is no one's choice:
 * it follows the officer sending the whole filing back for changes, or listing its items anew.
 */

export const FilingItemState = {
  owed: 'owed',
  handedIn: 'handedIn',
  accepted: 'accepted',
  withdrawn: 'withdrawn',
} as const;
export type FilingItemState = (typeof FilingItemState)[keyof typeof FilingItemState];

export const FilingItemAction = {
  handIn: 'handIn',
  accept: 'accept',
  askAgain: 'askAgain',
  withdraw: 'withdraw',
} as const;
export type FilingItemAction = (typeof FilingItemAction)[keyof typeof FilingItemAction];

const ITEM_STEPS: Readonly<Record<FilingItemState, Partial<Record<FilingItemAction, FilingItemState>>>> = {
  owed: { handIn: FilingItemState.handedIn, withdraw: FilingItemState.withdrawn },
  handedIn: {
    accept: FilingItemState.accepted,
    askAgain: FilingItemState.owed,
    withdraw: FilingItemState.withdrawn,
  },
  accepted: {},
  withdrawn: {},
};

/** The state an action leads an item to, or null when it is not allowed from this state. */
export function nextItemState(state: FilingItemState, action: FilingItemAction): FilingItemState | null {
  // Own properties only: a name like "constructor" from the wire must not find Object's.
  if (!Object.hasOwn(ITEM_STEPS, state)) return null;
  const next = ITEM_STEPS[state];
  return Object.hasOwn(next, action) ? (next[action] ?? null) : null;
}

/** The merchant hands items in; the officer answers them; withdrawal follows the filing's own review. */
export function itemActor(action: FilingItemAction): 'merchant' | 'officer' {
  return action === FilingItemAction.handIn ? 'merchant' : 'officer';
}

/** Still owed, or handed in and waiting for the officer: the filing cannot be filed while one is. */
export function isOutstanding(state: FilingItemState): boolean {
  return state === FilingItemState.owed || state === FilingItemState.handedIn;
}

/**
 * Nothing is owed or waiting any more, and at least one item was accepted: the filing is complete. A filing
 * whose items were all withdrawn went back to the officer's review instead.
 */
export function itemsComplete(items: readonly { state: FilingItemState }[]): boolean {
  return items.some((i) => i.state === FilingItemState.accepted) && !items.some((i) => isOutstanding(i.state));
}

/**
 * An item is due by the end of its deadline day on the station's calendar (YYYY-MM-DD, compared as text):
 * still owed on a later day, it is overdue. Handed in on time, it waits for the officer without a flag.
 */
export function isPastDue(item: { state: FilingItemState; deadline: string }, today: string): boolean {
  return item.state === FilingItemState.owed && item.deadline < today;
}

/** The longest text answer a merchant hands in for one item, in characters. */
export const HAND_IN_TEXT_MAX = 500;
/** The longest reason an officer gives for asking an item again, in characters. */
export const ASK_AGAIN_REASON_MAX = 200;

/** Why a field of a hand-in or an answer is refused; the page words each, naming the field. */
export const FilingItemError = {
  ...ProfileError,
  invalidChoice: 'invalid_choice',
  imageRequired: 'image_required',
} as const;
export type FilingItemError = (typeof FilingItemError)[keyof typeof FilingItemError];

const imageId = z
  .string({ error: FilingItemError.imageRequired })
  .regex(/^[A-Za-z0-9-]{8,64}$/, { error: FilingItemError.imageRequired });
const day = z.string({ error: FilingItemError.invalidChoice }).refine(isCalendarDay, {
  error: FilingItemError.invalidChoice,
});

/** What a merchant hands in for one item: a photo they uploaded (/api/uploads), or a text answer. */
export const handInSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('photo'), imageId }),
    z.strictObject({ kind: z.literal('text'), text: textField(HAND_IN_TEXT_MAX) }),
  ],
  { error: FilingItemError.invalidChoice },
);
export type HandInInput = z.infer<typeof handInSchema>;

/** The officer's answer to a handed-in item: accepted, or asked again with a reason and maybe a new deadline. */
export const itemAnswerSchema = z.discriminatedUnion(
  'action',
  [
    z.strictObject({ action: z.literal(FilingItemAction.accept) }),
    z.strictObject({
      action: z.literal(FilingItemAction.askAgain),
      reason: textField(ASK_AGAIN_REASON_MAX),
      /** YYYY-MM-DD; absent keeps the item's deadline. */
      deadline: day.optional(),
    }),
  ],
  { error: FilingItemError.invalidChoice },
);
export type ItemAnswerInput = z.infer<typeof itemAnswerSchema>;

export type FilingItemField = 'kind' | 'imageId' | 'text' | 'action' | 'reason' | 'deadline';
const ITEM_FIELDS: readonly FilingItemField[] = ['kind', 'imageId', 'text', 'action', 'reason', 'deadline'];

/** The bound each field is held to, named with a refusal so the person can be told it. */
export const FILING_ITEM_LIMITS: Partial<Record<FilingItemField, number>> = {
  text: HAND_IN_TEXT_MAX,
  reason: ASK_AGAIN_REASON_MAX,
};

/**
 * Each refused field of a hand-in or an answer with its code; a body that is no object at all names the
 * field that says what it is (`kind`, `action`). Empty when the input passes.
 */
export function itemFieldErrors(
  schema: typeof handInSchema | typeof itemAnswerSchema,
  input: unknown,
): Partial<Record<FilingItemField, FilingItemError>> {
  const r = schema.safeParse(input);
  if (r.success) return {};
  const known = new Set<string>(Object.values(FilingItemError));
  const head: FilingItemField = schema === handInSchema ? 'kind' : 'action';
  const out: Partial<Record<FilingItemField, FilingItemError>> = {};
  for (const issue of r.error.issues) {
    const path = String(issue.path[0] ?? head);
    // An unknown key is refused by the strict object as a whole; it is named as the kind of answer.
    const key = (ITEM_FIELDS as readonly string[]).includes(path) ? (path as FilingItemField) : head;
    if (out[key]) continue;
    out[key] = known.has(issue.message) ? (issue.message as FilingItemError) : FilingItemError.invalidChoice;
  }
  return out;
}

/** One step in an item's life, who took it and when; the station itself flags an item overdue. */
export interface FilingItemEvent {
  action: FilingItemAction | 'listed' | 'overdue';
  state: FilingItemState;
  by: 'merchant' | 'officer' | 'station';
  at: string;
  answer: HandInInput | null;
  reason: string | null;
  deadline: string | null;
}

export interface FilingItemView {
  id: string;
  /** What is owed, as the officer wrote it when accepting the filing. */
  text: string;
  /** YYYY-MM-DD on the station's calendar: due by the end of that day. */
  deadline: string;
  state: FilingItemState;
  /** The station's deadline check found it still owed after its day. */
  overdue: boolean;
  /** What the merchant last handed in, if anything. */
  answer: HandInInput | null;
  /** Why the officer asked for it again, while it is owed once more. */
  reason: string | null;
  history: FilingItemEvent[];
}

/** Why the server refused a hand-in or an answer (beyond the per-field errors). */
export const FilingItemRefusal = {
  invalidInput: 'invalid_input',
  notFound: 'not_found',
  /** The item is not in a state that takes this step (already handed in, already accepted…). */
  illegalTransition: 'illegal_transition',
  changedMeanwhile: 'changed_meanwhile',
  /** A new deadline before today. */
  deadlinePast: 'deadline_past',
} as const;
export type FilingItemRefusal = (typeof FilingItemRefusal)[keyof typeof FilingItemRefusal];

export const filingItemRefusalStatus = {
  [FilingItemRefusal.invalidInput]: 400,
  [FilingItemRefusal.notFound]: 404,
  [FilingItemRefusal.illegalTransition]: 409,
  [FilingItemRefusal.changedMeanwhile]: 409,
  [FilingItemRefusal.deadlinePast]: 400,
} as const satisfies StatusMap<FilingItemRefusal>;

export const FilingItemsRoute = {
  handIn: '/api/filings/:id/items/:item/hand-in',
  answer: '/api/filings/:id/items/:item/answer',
} as const;

/**
 * What a change to an item tells the filing's merchant beside the filing's state: the officer's answer, items
 * the deadline check found overdue, or their own hand-in (which their page has already said, so it tells
 * nothing more).
 */
export type FilingNews =
  | { kind: 'handedIn'; item: string }
  | { kind: 'accepted'; item: string }
  | { kind: 'askedAgain'; item: string; reason: string; deadline: string }
  | { kind: 'overdue'; items: number; deadline: string };

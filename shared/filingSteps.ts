import { FilingAction, FilingState } from './filing.ts';

/**
 * The life of a signboard filing. Every step is a (state, action) pair in this table; anything else is
 * refused, so no filing can jump from "submitted" to "filed" or be reopened once filed.
 *
 *   submitted ──startReview──▶ underReview ──file──▶ filed
 *        ▲                        │  ├─requestChanges──▶ changesRequested ──resubmit──▶ submitted
 *        │                        │  ├─acceptWithItems─▶ acceptedWithItems ──file / bookVisit
 *        │                        │  └─bookVisit───────▶ visitBooked ──file / requestChanges
 *        │                        ▲                                  │
 *        │                        └──────────visitCancelled──────────┘
 *
 * visitCancelled is no one's choice: it follows the booked visit being cancelled (by either side), so a filing
 * never says "visit booked" without a visit booked.
 *
 * A filing accepted with items to follow is filed when the officer accepts the last of them
 * (shared/filingItems.ts); filing it by hand waits until none is owed or waiting.
 */
const TRANSITIONS: Readonly<Record<FilingState, Partial<Record<FilingAction, FilingState>>>> = {
  submitted: { startReview: FilingState.underReview },
  underReview: {
    requestChanges: FilingState.changesRequested,
    acceptWithItems: FilingState.acceptedWithItems,
    bookVisit: FilingState.visitBooked,
    file: FilingState.filed,
  },
  changesRequested: { resubmit: FilingState.submitted },
  acceptedWithItems: { file: FilingState.filed, bookVisit: FilingState.visitBooked },
  visitBooked: {
    file: FilingState.filed,
    requestChanges: FilingState.changesRequested,
    visitCancelled: FilingState.underReview,
  },
  filed: {},
};

/** The state an action leads to, or null when the action is not allowed from this state. */
export function nextFilingState(state: FilingState, action: FilingAction): FilingState | null {
  // Own properties only: a name like "constructor" from the wire must not find Object's.
  if (!Object.hasOwn(TRANSITIONS, state)) return null;
  const next = TRANSITIONS[state];
  return Object.hasOwn(next, action) ? (next[action] ?? null) : null;
}

/**
 * Who takes each step: the merchant resubmits; a cancelled visit moves the filing by itself ('visit');
 * everything else is the reviewing officer's.
 */
export function filingActor(action: FilingAction): 'merchant' | 'officer' | 'visit' {
  if (action === FilingAction.resubmit) return 'merchant';
  return action === FilingAction.visitCancelled ? 'visit' : 'officer';
}

/** The actions that can be taken on a filing in this state. */
export function nextStepsFor(state: FilingState): FilingAction[] {
  return Object.hasOwn(TRANSITIONS, state) ? (Object.keys(TRANSITIONS[state]) as FilingAction[]) : [];
}

/** The steps the reviewing officer may choose in this state (the review panel offers these). */
export function reviewStepsFor(state: FilingState): FilingAction[] {
  return nextStepsFor(state).filter((a) => filingActor(a) === 'officer');
}

/** The filing can no longer change. */
export function isFinal(state: FilingState): boolean {
  return Object.hasOwn(TRANSITIONS, state) && Object.keys(TRANSITIONS[state]).length === 0;
}

import { FilingAction, FilingState } from './filing.ts';

/**
 * The life of a signboard filing. Every step is a (state, action) pair in this table; anything else is
 * refused, so no filing can jump from "submitted" to "filed" or be reopened once filed.
 *
 *   submitted ──startReview──▶ underReview ──file──▶ filed
 *        ▲                        │  ├─requestChanges──▶ changesRequested ──resubmit──▶ submitted
 *        │                        │  ├─acceptWithItems─▶ acceptedWithItems ──file / bookVisit
 *        │                        │  └─bookVisit───────▶ visitBooked ──file / requestChanges
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
  visitBooked: { file: FilingState.filed, requestChanges: FilingState.changesRequested },
  filed: {},
};

/** The state an action leads to, or null when the action is not allowed from this state. */
export function nextFilingState(state: FilingState, action: FilingAction): FilingState | null {
  // Own properties only: a name like "constructor" from the wire must not find Object's.
  if (!Object.hasOwn(TRANSITIONS, state)) return null;
  const next = TRANSITIONS[state];
  return Object.hasOwn(next, action) ? (next[action] ?? null) : null;
}

/** Who takes each step: the merchant resubmits; everything else is the reviewing officer's. */
export function filingActor(action: FilingAction): 'merchant' | 'officer' {
  return action === FilingAction.resubmit ? 'merchant' : 'officer';
}

/** The actions that can be taken on a filing in this state (the review panel offers these). */
export function nextStepsFor(state: FilingState): FilingAction[] {
  return Object.hasOwn(TRANSITIONS, state) ? (Object.keys(TRANSITIONS[state]) as FilingAction[]) : [];
}

/** The filing can no longer change. */
export function isFinal(state: FilingState): boolean {
  return Object.hasOwn(TRANSITIONS, state) && Object.keys(TRANSITIONS[state]).length === 0;
}

/**
 * What the page knows of the hall's stored data (cases, filings, visits, sessions, guidance), kept by one
 * query client: each panel asks for what it shows with `useHallQuery` (client/net/useHallQuery.ts) and
 * changes it with `useHallMutation`; nothing is fetched by hand in an effect. The hall says when stored data
 * changed (a filing reviewed, a visit booked, a session rescheduled, a case completed): the connection then
 * marks that feature's data stale with `invalidate`, and every panel showing it loads it again.
 */
import { QueryClient } from '@tanstack/react-query';
import type { ApiResult, Refusal } from './http.ts';

/** A refusal, carried as a query's or mutation's error so a panel words it with `refusalText`. */
export class RefusedError extends Error {
  readonly refusal: Refusal;
  constructor(refusal: Refusal) {
    super(refusal.message ?? refusal.error);
    this.refusal = refusal;
    this.name = 'RefusedError';
  }
}

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: RefusedError;
  }
}

/** The value of an answer, or its refusal thrown as a `RefusedError`. */
export async function settled<T>(answer: Promise<ApiResult<T>>): Promise<T> {
  const r = await answer;
  if (r.ok) return r.value;
  throw new RefusedError(r);
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Fresh until the hall says otherwise (its notices invalidate), or a minute has passed: those not
      // concerned by a change (the public notice board) hear of none, so they look again when they come back.
      staleTime: 60_000,
      // Only an unreachable hall is worth asking again; a refusal would only be refused again.
      retry: (failures, error) => error instanceof RefusedError && error.refusal.error === 'network' && failures < 2,
    },
    mutations: { retry: false },
  },
});

/**
 * The features whose stored data the page keeps, each the first part of its queries' keys, so one
 * `invalidate` reaches every query of that feature (`[features.cases, 'mine']`, `[features.cases, id]`…).
 */
export const features = {
  cases: 'cases',
  filings: 'filings',
  visits: 'visits',
  meetings: 'meetings',
  guidance: 'guidance',
  account: 'account',
  concerns: 'concerns',
  notices: 'notices',
  /** The dashboard's today: loaded again when the desks, the lines or what is due change. */
  dashboard: 'dashboard',
  /** The dashboard's period: each read is audited, so no notice loads it again, only the lead's asking. */
  dashboardPeriod: 'dashboardPeriod',
} as const;
export type Feature = (typeof features)[keyof typeof features];

/** Mark what the page keeps of these features as stale: every panel showing it loads it again. */
export function invalidate(...changed: Feature[]): void {
  for (const feature of changed) void queryClient.invalidateQueries({ queryKey: [feature] });
}

/** The key of one page of a merchant's case file (`cursor` null for the newest), under the cases feature. */
export const fileKey = (merchantId: string, cursor?: string | null) =>
  cursor === undefined
    ? ([features.cases, 'file', merchantId] as const)
    : ([features.cases, 'file', merchantId, cursor] as const);

/**
 * Mark one merchant's case file stale (a concern of theirs changed): every page of it open on the page loads
 * again, and no other file (each load is a read the station audits).
 */
export function invalidateFile(merchantId: string): void {
  void queryClient.invalidateQueries({ queryKey: fileKey(merchantId) });
}

/** Forget everything kept: on signing out, so the next person on this device sees nothing of the last. */
export function forgetAll(): void {
  queryClient.clear();
}

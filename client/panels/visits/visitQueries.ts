import type { ApiResult } from '../../net/http.ts';
import { features } from '../../net/queries.ts';
import { useHallMutation, useHallQuery } from '../../net/useHallQuery.ts';
import { visitsApi } from '../../net/visitsApi.ts';

/** The merchant's bookings and the windows free to book. */
export const useMerchantSlots = (enabled: boolean) =>
  useHallQuery([features.visits, 'merchant'], (token) => visitsApi.forMerchant(token), { enabled });

/** An officer's windows on one day, booked or not, with who booked them. */
export const useOfficerDay = (day: string, enabled: boolean) =>
  useHallQuery([features.visits, 'officer', day], (token) => visitsApi.forOfficer(token, day), { enabled });

/** An officer's own free windows from today on, to book one for a case or a filing (none until loaded). */
export const useOwnFreeSlots = (enabled = true) =>
  useHallQuery([features.visits, 'officer'], (token) => visitsApi.forOfficer(token), { enabled }).data?.free ?? [];

/**
 * A change to a visit window (publish, book, offer, cancel, record the result): once accepted, the windows
 * and the cases they belong to are loaded again, wherever they are shown.
 */
export const useVisitChange = <T, V>(
  send: (token: string, vars: V) => Promise<ApiResult<T>>,
  options?: Parameters<typeof useHallMutation<T, V>>[2],
) => useHallMutation(send, [features.visits, features.cases], options);

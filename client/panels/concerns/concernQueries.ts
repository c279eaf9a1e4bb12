import type { ConcernStepInput, ConcernView, RaiseConcernInput } from '../../../shared/concerns.ts';
import { concernsApi } from '../../net/concernsApi.ts';
import { features, queryClient } from '../../net/queries.ts';
import { useHallMutation, useHallQuery } from '../../net/useHallQuery.ts';

type Options<V> = Parameters<typeof useHallMutation<ConcernView, V>>[2];

/** The station's categories and its deadlines in working days; they change only with the station's settings. */
export const useConcernCategories = (enabled = true) =>
  useHallQuery([features.concerns, 'categories'], (token) => concernsApi.categories(token), {
    enabled,
    staleTime: Infinity,
  });

/** The merchant's own concerns, newest first, with the station's time zone. */
export const useMyConcerns = (enabled: boolean) =>
  useHallQuery([features.concerns, 'mine'], (token) => concernsApi.list(token), { enabled });

/** For staff: the open concerns, most urgent first, overdue ones flagged. */
export const useOpenConcerns = (enabled: boolean) =>
  useHallQuery([features.concerns, 'open'], (token) => concernsApi.list(token), { enabled });

/** Every active officer, to hand a concern to; asked only once an officer opens a concern to assign it. */
export const useConcernOfficers = (enabled: boolean) =>
  useHallQuery([features.concerns, 'officers'], (token) => concernsApi.officers(token), { enabled });

/** One concern with its whole record. */
export const useConcern = (id: string, enabled: boolean) =>
  useHallQuery([features.concerns, 'one', id], (token) => concernsApi.one(token, id), { enabled });

/** The concerns of the merchant being served at the officer's desk (asked again for each ticket). */
export const useDeskConcerns = (ticketId: string, enabled: boolean) =>
  useHallQuery([features.concerns, 'desk', ticketId], (token) => concernsApi.atDesk(token), { enabled });

/** A merchant raises a concern from the hall. */
export const useRaiseConcern = (options?: Options<RaiseConcernInput>) =>
  useHallMutation((token, form: RaiseConcernInput) => concernsApi.raise(token, form), [features.concerns], options);

/** An officer records one for the merchant at their desk. */
export const useRaiseAtDesk = (options?: Options<RaiseConcernInput>) =>
  useHallMutation(
    (token, form: RaiseConcernInput) => concernsApi.raiseAtDesk(token, form),
    [features.concerns],
    options,
  );

/**
 * One step on a concern, by an officer or (confirm, reopen) its merchant. The concern as the hall answers it is
 * shown at once (a record read before the step would otherwise still offer what the step just did), and every
 * list showing it loads again.
 */
export const useConcernStep = (id: string, options?: Options<ConcernStepInput>) =>
  useHallMutation((token, step: ConcernStepInput) => concernsApi.step(token, id, step), [features.concerns], {
    ...options,
    onSuccess: (concern, ...rest) => {
      queryClient.setQueryData([features.concerns, 'one', id], concern);
      return options?.onSuccess?.(concern, ...rest);
    },
  });

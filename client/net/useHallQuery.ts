import { useMutation, useQuery, type UseMutationOptions, type UseQueryOptions } from '@tanstack/react-query';
import type { ApiResult } from './http.ts';
import { invalidate, settled, type Feature, type RefusedError } from './queries.ts';
import { useSession } from './session.ts';

type QueryOptions<T> = Omit<UseQueryOptions<T>, 'queryKey' | 'queryFn' | 'enabled'> & { enabled?: boolean };

/**
 * Stored data a panel shows, loaded with the signed-in person's token: `key` starts with its feature
 * (`[features.cases, 'mine']`) so the hall's notices reach it. Waits while nobody is signed in.
 *
 *   const cases = useHallQuery([features.cases, 'mine'], (token) => casesApi.mine(token));
 *   if (cases.error) return <p role="alert">{refusalText(t, cases.error.refusal)}</p>;
 */
export function useHallQuery<T>(
  key: readonly [Feature, ...unknown[]],
  load: (token: string) => Promise<ApiResult<T>>,
  options: QueryOptions<T> = {},
) {
  const token = useSession((s) => s.token);
  const { enabled = true, ...rest } = options;
  return useQuery<T>({
    ...rest,
    queryKey: key,
    queryFn: () => settled(load(token!)),
    enabled: token !== null && enabled,
  });
}

type MutationOptions<T, V> = Omit<UseMutationOptions<T, RefusedError, V>, 'mutationFn'>;

/**
 * A change a panel asks for, sent with the signed-in person's token; once it is accepted, what the page
 * keeps of the features it changed (`changes`) is loaded again. A refusal is `mutation.error.refusal`.
 */
export function useHallMutation<T, V = void>(
  send: (token: string, vars: V) => Promise<ApiResult<T>>,
  changes: Feature[],
  options: MutationOptions<T, V> = {},
) {
  const token = useSession((s) => s.token);
  return useMutation<T, RefusedError, V>({
    ...options,
    mutationFn: (vars) => settled(send(token ?? '', vars)),
    onSuccess: (...args) => {
      invalidate(...changes);
      return options.onSuccess?.(...args);
    },
  });
}

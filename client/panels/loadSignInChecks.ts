import type * as Checks from './signInChecks.ts';

type SignInChecks = typeof Checks;

let loaded: SignInChecks | null = null;
let loading: Promise<SignInChecks> | null = null;

/**
 * The sign-in forms' checks, fetched once: the forms ask for them when they appear (idle, after the form is
 * on screen) and wait for them only if someone submits before they have arrived.
 */
export function loadSignInChecks(): Promise<SignInChecks> {
  loading ??= import('./signInChecks.ts').then(
    (m) => (loaded = m),
    (e: unknown) => {
      loading = null; // a dropped connection: the next submit asks again
      throw e;
    },
  );
  return loading;
}

/** The checks if they have arrived, for re-judging a field as it changes after a refused submit. */
export const signInChecksNow = (): SignInChecks | null => loaded;

/** The checks, or null when they could not be fetched (the connection dropped): the form says so. */
export function signInChecksOrNull(): Promise<SignInChecks | null> {
  return loadSignInChecks().catch(() => null);
}

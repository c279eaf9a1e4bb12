/**
 * The connections' line back to the sign-in. The session enters and leaves the rooms, so it imports the
 * connections; they do not import it back (in an import cycle, load order decides what each module sees).
 * Instead the session plugs itself in here as it loads: the connections read its token when they fetch a
 * room pass, and report a token the hall no longer admits, which signs the person out.
 */
export interface SessionLink {
  /** The signed-in person's token, or null while no one is signed in. */
  token(): string | null;
  /** The hall refused the token (ended, expired, account disabled or changed): back to the sign-in form. */
  tokenRefused(): void;
}

let link: SessionLink = { token: () => null, tokenRefused: () => undefined };

/** The session's side of the line, set once when the session module loads. */
export function linkSession(session: SessionLink): void {
  link = session;
}

/** The signed-in person's token, or null. */
export function sessionToken(): string | null {
  return link.token();
}

/** Tell the session that the hall refused its token: the person is signed out. */
export function reportTokenRefused(): void {
  link.tokenRefused();
}

// On its own, without the schemas, so the sign-in page can name the routes before the schema library loads.

/** HTTP routes of the accounts API. */
export const AccountsRoute = {
  staffLogin: '/api/staff/login',
  merchants: '/api/merchants',
  recover: '/api/merchants/recover',
  me: '/api/me',
  recoveryCode: '/api/me/recovery-code',
  signOut: '/api/me/sign-out',
  /** A short-lived pass for entering a room, fetched with the sign-in token right before each join. */
  roomPass: '/api/session/pass',
} as const;

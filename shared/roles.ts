/** The people of the hall. Decided by the server, never by what a client claims. */
export const Role = {
  merchant: 'merchant',
  officer: 'officer',
  parkManager: 'parkManager',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

/** Wire codes for roles, so the state carries a byte instead of a word. Order is part of the protocol. */
export const ROLE_CODES: readonly Role[] = [Role.merchant, Role.officer, Role.parkManager];

export function roleCode(role: Role): number {
  return ROLE_CODES.indexOf(role);
}

export function roleFromCode(code: number): Role {
  return ROLE_CODES[code] ?? Role.merchant;
}

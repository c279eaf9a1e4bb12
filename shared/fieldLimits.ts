/**
 * The longest values the sign-in and profile forms accept, on their own so the sign-in page can size its
 * fields without loading the checks themselves (which come with the schema library).
 */

/** Longest display name, in characters. */
export const NAME_MAX = 20;
/** Longest shop name, in characters (a licence name can be long). */
export const SHOP_MAX = 40;
/** Longest username and password accepted at the door, before anything is looked up. */
export const USERNAME_MAX = 64;
export const PASSWORD_INPUT_MAX = 200;

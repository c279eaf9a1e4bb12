import { Client } from '@colyseus/sdk';

let client: Client | null = null;

/** The page and the hall share one origin; `npm run dev` serves the page from Vite and the hall from 2567. */
function endpoint(): string {
  return import.meta.env.DEV
    ? `${window.location.protocol}//${window.location.hostname}:${__HALL_DEV_PORT__}`
    : window.location.origin;
}

/**
 * The one room client of the page: the hall (or the line) and, while one runs, a meeting room. It lives
 * apart from both connections so that each uses it without importing the other.
 */
export function getClient(): Client {
  client ??= new Client(endpoint());
  return client;
}

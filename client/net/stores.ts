import { create } from 'zustand';
import type { Reason } from '../../shared/protocol.ts';
import type { Role } from '../../shared/roles.ts';
import type { MessageKey } from '../i18n/types.ts';

/**
 * Where the page stands with the hall. `line`: the hall is full and the merchant follows the queue from the
 * 2D panels (no avatar) until a place comes free.
 */
export type ConnectionStatus =
  'idle' | 'connecting' | 'connected' | 'line' | 'reconnecting' | 'lost' | 'full' | 'refused';

const TROUBLE: ReadonlySet<ConnectionStatus> = new Set(['reconnecting', 'lost', 'full', 'refused']);
/** How long "reconnected" is shown after a lost connection comes back, ms. */
const RECOVERED_MS = 3000;
let recoveredTimer: ReturnType<typeof setTimeout> | undefined;
/** Set when the connection runs into trouble, cleared once it is back; survives the 'connecting' step. */
let hadTrouble = false;

export function isTrouble(status: ConnectionStatus): boolean {
  return TROUBLE.has(status);
}

interface ConnectionState {
  status: ConnectionStatus;
  /** True for a moment after the connection came back from trouble, so the person is told. */
  recovered: boolean;
  /** The local person's session id once in the hall. */
  selfId: string | null;
  setStatus(status: ConnectionStatus): void;
  setSelf(id: string | null): void;
}

export const useConnection = create<ConnectionState>((set, get) => ({
  status: 'idle',
  recovered: false,
  selfId: null,
  setStatus: (status) => {
    clearTimeout(recoveredTimer);
    if (isTrouble(status)) hadTrouble = true;
    if (status === 'idle') hadTrouble = false;
    const recovered = status === 'connected' && hadTrouble;
    if (recovered) hadTrouble = false;
    set({ status, recovered: recovered || (status === 'connecting' && get().recovered) });
    if (recovered) recoveredTimer = setTimeout(() => set({ recovered: false }), RECOVERED_MS);
  },
  setSelf: (selfId) => set({ selfId }),
}));

export interface Person {
  id: string;
  name: string;
  shop: string;
  role: Role;
  online: boolean;
}

interface PeopleState {
  /** The people near this person (their view of the hall, oneself included). */
  people: Record<string, Person>;
  /** Everyone in the hall, near or not, as the hall counts them (0 until it says). */
  inHall: number;
  upsert(person: Person): void;
  remove(id: string): void;
  setInHall(count: number): void;
  clear(): void;
}

/**
 * Who is near, for the 2D list, and how many are in the hall in all. Positions are not here: they change
 * every frame (see avatars.ts).
 */
export const usePeople = create<PeopleState>((set) => ({
  people: {},
  inHall: 0,
  upsert: (person) => set((s) => ({ people: { ...s.people, [person.id]: person } })),
  remove: (id) =>
    set((s) => {
      const people = { ...s.people };
      delete people[id];
      return { people };
    }),
  setInHall: (inHall) => set({ inHall }),
  clear: () => set({ people: {}, inHall: 0 }),
}));

/** How many people are in the hall beyond those listed near this person (who include oneself). */
export function moreInHall(inHall: number, listed: number): number {
  return Math.max(0, inHall - listed);
}

export interface Notice {
  id: number;
  /** A refusal, said in the person's language from its reason code… */
  reason?: Reason;
  /** …or news for the person, by message key and values. */
  message?: { key: MessageKey; values: Record<string, string> };
}

interface NoticeState {
  notices: Notice[];
  push(reason: Reason): void;
  tell(key: MessageKey, values?: Record<string, string>): void;
  dismiss(id: number): void;
}

let noticeSeq = 0;

/** Short messages for the person, such as a refused walk or a filing's new state. */
export const useNotices = create<NoticeState>((set) => ({
  notices: [],
  push: (reason) => set((s) => ({ notices: [...s.notices.slice(-2), { id: ++noticeSeq, reason }] })),
  tell: (key, values = {}) =>
    set((s) => ({ notices: [...s.notices.slice(-2), { id: ++noticeSeq, message: { key, values } }] })),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
}));

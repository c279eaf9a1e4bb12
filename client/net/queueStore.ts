import { create } from 'zustand';
import type { GuidanceView } from '../../shared/guidance.ts';
import type {
  CalledNotice,
  CaseCompletedNotice,
  ChatLine,
  DeskChangedNotice,
  DeskChatNotice,
  DeskViewNotice,
  MyTicket,
} from '../../shared/queue.ts';

/** One desk as the public board shows it. */
export interface BoardDesk {
  open: boolean;
  paused: boolean;
  /** Why it is paused: 'paused', 'meeting' or 'dropped'; empty while at work. */
  hold: string;
  officer: string;
  services: string[];
  serving: string;
  calling: boolean;
  callCount: number;
}

interface BoardState {
  desks: Record<string, BoardDesk>;
  waiting: Record<string, number>;
  setDesk(id: string, desk: BoardDesk): void;
  setWaiting(service: string, count: number): void;
  clear(): void;
}

/** The public queue board: desks and waiting counts, as everyone in the hall sees them. */
export const useBoard = create<BoardState>((set) => ({
  desks: {},
  waiting: {},
  setDesk: (id, desk) => set((s) => ({ desks: { ...s.desks, [id]: desk } })),
  setWaiting: (service, count) => set((s) => ({ waiting: { ...s.waiting, [service]: count } })),
  clear: () => set({ desks: {}, waiting: {} }),
}));

export interface Conversation {
  caseId: string;
  ticketId: string;
  lines: ChatLine[];
}

interface QueueState {
  /** The merchant's own open tickets. */
  tickets: MyTicket[];
  /** The officer's desk. */
  desk: DeskViewNotice | null;
  /** The desk conversation under way, if any. */
  chat: Conversation | null;
  /** The latest call for this merchant, until acknowledged. */
  call: (CalledNotice & { at: number }) | null;
  /** Cases just completed that the merchant may rate. */
  toRate: CaseCompletedNotice[];
  /** The visit just completed, shown where the conversation was until the merchant closes it. */
  visitEnd: CaseCompletedNotice | null;
  closeVisitEnd(): void;
  /** The latest news of the desk the merchant is called to or served at (its officer dropped, came back…). */
  deskNews: DeskChangedNotice | null;
  /** Note the latest news of the merchant's desk, or (null) that it was read. */
  deskChanged(n: DeskChangedNotice | null): void;
  /** The guidance sheet shown as a printable page, if any. */
  printing: GuidanceView | null;
  print(sheet: GuidanceView | null): void;
  /** The latest refused request, so a panel waiting for an answer stops waiting. */
  refused: { intent: string; reason: string; at: number } | null;
  refuse(intent: string, reason: string): void;
  setTickets(tickets: MyTicket[]): void;
  setDesk(desk: DeskViewNotice): void;
  chatNotice(n: DeskChatNotice): void;
  called(n: CalledNotice): void;
  acknowledgeCall(): void;
  completed(n: CaseCompletedNotice): void;
  rated(caseId: string): void;
  /** Forget the hall's live state; with `keepTickets`, the person's own numbers stay (last as known). */
  clear(keepTickets?: boolean): void;
}

export const useQueue = create<QueueState>((set) => ({
  tickets: [],
  desk: null,
  chat: null,
  call: null,
  toRate: [],
  visitEnd: null,
  closeVisitEnd: () => set({ visitEnd: null }),
  deskNews: null,
  deskChanged: (n) => set({ deskNews: n }),
  printing: null,
  print: (printing) => set({ printing }),
  refused: null,
  refuse: (intent, reason) => set({ refused: { intent, reason, at: Date.now() } }),
  setTickets: (tickets) =>
    set((s) => ({
      tickets,
      // The conversation ends with the service; a call is over once its ticket is no longer called.
      chat: s.chat && tickets.some((t) => t.id === s.chat!.ticketId && t.status === 'serving') ? s.chat : null,
      call: s.call && tickets.some((t) => t.id === s.call!.ticketId && t.status === 'called') ? s.call : null,
      // News of a desk lasts while its ticket is open (a desk that closed put it back in line: still news).
      deskNews: s.deskNews && tickets.some((t) => t.id === s.deskNews!.ticketId) ? s.deskNews : null,
    })),
  setDesk: (desk) =>
    set((s) => ({
      desk,
      chat: s.chat && desk.current?.ticketId === s.chat.ticketId && desk.current.status === 'serving' ? s.chat : null,
    })),
  chatNotice: (n) =>
    set((s) => {
      if (n.reset || !s.chat || s.chat.ticketId !== n.ticketId) {
        return { chat: { caseId: n.caseId, ticketId: n.ticketId, lines: n.lines } };
      }
      const known = new Set(s.chat.lines.map((l) => l.id));
      return { chat: { ...s.chat, lines: [...s.chat.lines, ...n.lines.filter((l) => !known.has(l.id))] } };
    }),
  called: (n) => set({ call: { ...n, at: Date.now() } }),
  acknowledgeCall: () => set({ call: null }),
  completed: (n) =>
    set((s) => ({
      toRate: n.canRate ? [...s.toRate.filter((c) => c.caseId !== n.caseId), n] : s.toRate,
      visitEnd: n,
    })),
  rated: (caseId) => set((s) => ({ toRate: s.toRate.filter((c) => c.caseId !== caseId) })),
  clear: (keepTickets = false) =>
    set((s) => ({ tickets: keepTickets ? s.tickets : [], desk: null, chat: null, call: null, deskNews: null })),
}));

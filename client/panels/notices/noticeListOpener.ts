import { create } from 'zustand';

/**
 * A tap on the 3D notice board asks for the board's plain list: the list panel opens, comes into view and
 * takes the focus. `asked` counts the taps, so each one opens it again even if it was closed in between.
 */
export const useNoticeListOpener = create<{ asked: number; open(): void }>((set) => ({
  asked: 0,
  open: () => set((s) => ({ asked: s.asked + 1 })),
}));

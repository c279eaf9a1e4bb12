import { create } from 'zustand';

/** The signboard service's id in the layout's service catalogue. */
export const SIGNBOARD_SERVICE = 'signboard';

interface SignboardFormState {
  /** Whether the filing form's panel is unfolded. */
  open: boolean;
  /** Bumped each time someone asks for the form, so the panel brings it into view and focuses its first field. */
  focusRequest: number;
  setOpen(open: boolean): void;
  /** Unfold the filing form and move the focus into it (from the services panel, the desk, a guidance sheet). */
  openForm(): void;
}

/** Whether the signboard filing form is open, shared by the panels that lead to it. */
export const useSignboardForm = create<SignboardFormState>((set) => ({
  open: false,
  focusRequest: 0,
  setOpen: (open) => set({ open }),
  openForm: () => set((s) => ({ open: true, focusRequest: s.focusRequest + 1 })),
}));

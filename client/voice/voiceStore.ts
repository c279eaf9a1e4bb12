import { create } from 'zustand';

interface VoiceState {
  /** Who is speaking now, by person id (one's own too, under one's own person id). */
  speaking: Record<string, boolean>;
  setSpeaking(changes: Record<string, boolean>): void;
  /** Forget these people's indicators (their link closed, the call ended). */
  forget(ids: Iterable<string>): void;
}

/** What the voice engine shows: the speaking indicators, for the panels and the 3D figures alike. */
export const useVoice = create<VoiceState>((set) => ({
  speaking: {},
  setSpeaking: (changes) =>
    set((s) => {
      const changed = Object.entries(changes).some(([id, on]) => (s.speaking[id] ?? false) !== on);
      return changed ? { speaking: { ...s.speaking, ...changes } } : s;
    }),
  forget: (ids) =>
    set((s) => {
      const speaking = { ...s.speaking };
      let changed = false;
      for (const id of ids) {
        if (id in speaking) {
          delete speaking[id];
          changed = true;
        }
      }
      return changed ? { speaking } : s;
    }),
}));

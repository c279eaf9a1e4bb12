import { create } from 'zustand';
import { CHECKLIST_SUGGESTIONS, type CaseEntry } from '../../../shared/queue.ts';
import { focusAfter } from '../../ui/index.ts';

/** What the printed checklist of one desk visit says (一次性告知). */
export interface ChecklistSheetData {
  caseNumber: string;
  service: string;
  entry: Pick<CaseEntry, 'station' | 'officerName' | 'deskId' | 'checklist'>;
  /** Whose it is, when the reader knows (the merchant themselves, or the officer reading their file). */
  merchant: { name: string; shop: string } | null;
}

interface SheetState {
  sheet: ChecklistSheetData | null;
  /** The button that opened it: the focus goes back there when the sheet is closed. */
  opener: HTMLElement | null;
  show(sheet: ChecklistSheetData, opener: HTMLElement | null): void;
  close(): void;
}

/** The checklist shown as a printable page (see styles.css, .print-sheet), from My cases or a case file. */
export const useChecklistSheet = create<SheetState>((set, get) => ({
  sheet: null,
  opener: null,
  show: (sheet, opener) => set({ sheet, opener }),
  close: () => {
    const { opener } = get();
    set({ sheet: null, opener: null });
    focusAfter(() => opener);
  },
}));

const SUGGESTED = Object.values(CHECKLIST_SUGGESTIONS).flat();

/**
 * An item in the reader's language when it is one of the station's usual items (an officer ticks them in
 * their own language); an item the officer wrote stays as written.
 */
export function itemIn(lang: 'zh' | 'en', item: string): string {
  return SUGGESTED.find((s) => s.zh === item || s.en === item)?.[lang] ?? item;
}

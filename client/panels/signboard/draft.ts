import { FILING_FIELDS, type FilingField, type FilingView } from '../../../shared/filing.ts';

/** The form as typed: every field a string, the commitment a tick. */
export type Values = Record<Exclude<FilingField, 'commitment'>, string> & { commitment: boolean };
export type ImageField = 'designImage' | 'streetPhoto';

export const EMPTY: Values = {
  shopName: '',
  address: '',
  signText: '',
  width: '',
  height: '',
  material: '',
  mounting: '',
  lighting: '',
  lightSource: '',
  designImage: '',
  streetPhoto: '',
  tenure: '',
  tenureDoc: '',
  commitment: false,
};

const draftKey = (merchantId: string) => `hall.signboardDraft.${merchantId}`;

/** A half-filled form survives a reload: it is kept in this browser until it is submitted. */
export function loadDraft(merchantId: string): { values: Values; editing: string | null } {
  try {
    const raw = JSON.parse(localStorage.getItem(draftKey(merchantId)) ?? 'null') as {
      values?: Partial<Values>;
      editing?: string | null;
    } | null;
    return { values: { ...EMPTY, ...raw?.values }, editing: raw?.editing ?? null };
  } catch {
    return { values: EMPTY, editing: null };
  }
}

export function saveDraft(merchantId: string, values: Values, editing: string | null): void {
  try {
    localStorage.setItem(draftKey(merchantId), JSON.stringify({ values, editing }));
  } catch {
    // storage full or off: the form still works, it just does not survive a reload
  }
}

/** A filing sent back for changes, as the form to edit (the commitment is given again). */
export function toValues(f: FilingView): Values {
  return Object.fromEntries(
    FILING_FIELDS.map((k) => [k, k === 'commitment' ? false : String(f.form[k] ?? '')]),
  ) as unknown as Values;
}

import { idField, z } from './zod.ts';
import { isCalendarDay } from './dates.ts';
import { ProfileError, SHOP_MAX, textField } from './profile.ts';
import type { FilingItemView } from './filingItems.ts';
import type { StatusMap } from './result.ts';

/**
 * Signboard filing (招牌备案): the form a merchant fills, judged by the same rules in the browser and on the
 * server (the server is the judge), and the states a filing goes through under an officer's review.
 */

/** Why a field is refused; the client says each in the merchant's language, naming the field. */
export const FilingError = {
  ...ProfileError,
  outOfRange: 'out_of_range',
  notANumber: 'not_a_number',
  invalidChoice: 'invalid_choice',
  imageRequired: 'image_required',
  mustAccept: 'must_accept',
  lightSourceRequired: 'light_source_required',
} as const;
export type FilingError = (typeof FilingError)[keyof typeof FilingError];

export const MATERIALS = ['aluminiumComposite', 'stainlessSteel', 'acrylic', 'wood', 'stone', 'other'] as const;
export const MOUNTINGS = ['flat', 'projecting', 'roof'] as const;
export const LIGHTINGS = ['none', 'internal', 'external'] as const;
export const LIGHT_SOURCES = ['led', 'neon', 'fluorescent', 'floodlight', 'other'] as const;
export const TENURES = ['lease', 'owned'] as const;

/** Sign size limits in metres: anything outside is a typing slip or needs planning approval, not filing. */
export const SIZE_LIMITS = { width: { min: 0.2, max: 30 }, height: { min: 0.2, max: 10 } } as const;
export const ADDRESS_MAX = 80;
export const SIGN_TEXT_MAX = 50;
export const TENURE_DOC_MAX = 40;
/** The longest text each text field takes, in characters (the form's inputs stop there too). */
export const FILING_TEXT_MAX = {
  shopName: SHOP_MAX,
  address: ADDRESS_MAX,
  signText: SIGN_TEXT_MAX,
  tenureDoc: TENURE_DOC_MAX,
} as const;
/** Upload limits: PNG, JPEG or WebP, checked from the content, at most 5 MB each. */
export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/** One of a list; an empty choice reads as "required", anything else off the list as "invalid choice". */
const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, {
    error: (issue) => (issue.input === '' || issue.input == null ? FilingError.required : FilingError.invalidChoice),
  });

const DECIMAL = /^\s*\d+(\.\d+)?\s*$/;

/** Metres, typed as a number or as decimal text (what a form field holds); nothing else passes for one. */
const metres = (limits: { min: number; max: number }) =>
  z.unknown().transform((v, ctx): number => {
    const blank = v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
    const n = typeof v === 'number' ? v : typeof v === 'string' && DECIMAL.test(v) ? Number(v) : NaN;
    const error = blank
      ? FilingError.required
      : !Number.isFinite(n)
        ? FilingError.notANumber
        : n < limits.min || n > limits.max
          ? FilingError.outOfRange
          : null;
    if (error) {
      ctx.addIssue({ code: 'custom', message: error });
      return z.NEVER;
    }
    return Math.round(n * 100) / 100;
  });

/** An uploaded image's id, as FilingsRoute.uploads answers it. */
export const imageId = z
  .string({ error: FilingError.imageRequired })
  .regex(/^[A-Za-z0-9-]{8,64}$/, { error: FilingError.imageRequired });

export const filingFormSchema = z
  .object({
    shopName: textField(SHOP_MAX),
    address: textField(ADDRESS_MAX),
    signText: textField(SIGN_TEXT_MAX),
    width: metres(SIZE_LIMITS.width),
    height: metres(SIZE_LIMITS.height),
    material: choice(MATERIALS),
    mounting: choice(MOUNTINGS),
    lighting: choice(LIGHTINGS),
    lightSource: z.union([z.enum(LIGHT_SOURCES), z.literal('')], { error: FilingError.invalidChoice }).default(''),
    designImage: imageId,
    streetPhoto: imageId,
    tenure: choice(TENURES),
    tenureDoc: textField(TENURE_DOC_MAX),
    commitment: z.literal(true, { error: FilingError.mustAccept }),
  })
  .superRefine((f, ctx) => {
    if (f.lighting !== 'none' && !f.lightSource) {
      ctx.addIssue({ code: 'custom', path: ['lightSource'], message: FilingError.lightSourceRequired });
    }
  })
  .transform((f) => ({ ...f, lightSource: f.lighting === 'none' ? '' : f.lightSource }));

export type FilingForm = z.output<typeof filingFormSchema>;
export type FilingField = keyof FilingForm;
export const FILING_FIELDS: readonly FilingField[] = [
  'shopName',
  'address',
  'signText',
  'width',
  'height',
  'material',
  'mounting',
  'lighting',
  'lightSource',
  'designImage',
  'streetPhoto',
  'tenure',
  'tenureDoc',
  'commitment',
];

/** Each refused field with the reason, for the form to show beside its input (and the API to return). */
export function filingErrors(input: unknown): Partial<Record<FilingField, FilingError>> {
  // Anything that is not a form at all is judged as an empty one: every field is then named.
  if (typeof input !== 'object' || input === null || Array.isArray(input)) input = {};
  const result = filingFormSchema.safeParse(input);
  if (result.success) return {};
  const known = new Set<string>(Object.values(FilingError));
  const out: Partial<Record<FilingField, FilingError>> = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? '') as FilingField;
    if (!FILING_FIELDS.includes(key) || out[key]) continue;
    out[key] = known.has(issue.message) ? (issue.message as FilingError) : FilingError.required;
  }
  // Checked here too: the schema's own cross-field rule runs only once every field is valid, and the merchant
  // should hear about every problem at once.
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const lit = typeof raw.lighting === 'string' && raw.lighting !== 'none' && LIGHTINGS.includes(raw.lighting as never);
  if (lit && !raw.lightSource && !out.lightSource) out.lightSource = FilingError.lightSourceRequired;
  return out;
}

/** Where a filing stands. */
export const FilingState = {
  submitted: 'submitted',
  underReview: 'underReview',
  changesRequested: 'changesRequested',
  acceptedWithItems: 'acceptedWithItems',
  visitBooked: 'visitBooked',
  filed: 'filed',
} as const;
export type FilingState = (typeof FilingState)[keyof typeof FilingState];

/** What an officer or the merchant does to a filing. */
export const FilingAction = {
  resubmit: 'resubmit',
  startReview: 'startReview',
  requestChanges: 'requestChanges',
  acceptWithItems: 'acceptWithItems',
  bookVisit: 'bookVisit',
  file: 'file',
  /** Not chosen by anyone: taken when the booked visit is cancelled, by the merchant or the officer. */
  visitCancelled: 'visitCancelled',
} as const;
export type FilingAction = (typeof FilingAction)[keyof typeof FilingAction];

export const REVIEW_ITEM_MAX = 200;
export const REVIEW_ITEMS_MAX = 20;
const reviewItems = z
  .array(textField(REVIEW_ITEM_MAX))
  .min(1, { error: FilingError.required })
  .max(REVIEW_ITEMS_MAX, { error: FilingError.tooLong });

/** An officer's review step, with what it needs: all the changes at once, or the items to follow and when. */
export const reviewSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal(FilingAction.startReview) }),
  z.strictObject({ action: z.literal(FilingAction.requestChanges), items: reviewItems }),
  z.strictObject({
    action: z.literal(FilingAction.acceptWithItems),
    items: reviewItems,
    /** YYYY-MM-DD, the day the missing items are due. */
    deadline: z.string().refine(isCalendarDay, { error: FilingError.invalidChoice }),
  }),
  z.strictObject({ action: z.literal(FilingAction.bookVisit), slotId: idField() }),
  z.strictObject({ action: z.literal(FilingAction.file) }),
]);
export type ReviewInput = z.infer<typeof reviewSchema>;

export interface FilingHistoryEntry {
  state: FilingState;
  at: string;
  by: 'merchant' | 'officer';
  items: string[];
  deadline: string | null;
}

export interface FilingView {
  id: string;
  caseId: string;
  caseNumber: string;
  state: FilingState;
  form: FilingForm;
  /** The changes asked for, or the items to follow (容缺受理), from the latest review step. */
  items: string[];
  deadline: string | null;
  visitSlotId: string | null;
  history: FilingHistoryEntry[];
  /** The items to follow (容缺受理), each handed in and answered on its own (shared/filingItems.ts). */
  followUp: FilingItemView[];
  merchant: { name: string; shop: string } | null;
  createdAt: string;
  updatedAt: string;
}

/** Why the server refused an upload, a filing or a review step (beyond the per-field errors). */
export const FilingRefusal = {
  invalidInput: 'invalid_input',
  notFound: 'not_found',
  illegalTransition: 'illegal_transition',
  changedMeanwhile: 'changed_meanwhile',
  empty: 'empty',
  wrongType: 'wrong_type',
  truncated: 'truncated',
  /** Something else is appended after the image's end (a file dressed as a picture). */
  trailingData: 'trailing_data',
  /** The file has an image's structure but its content does not decode. */
  corrupt: 'corrupt',
  /** More pixels, or a longer side, than the station takes (IMAGE_MAX_SIDE, IMAGE_MAX_MEGAPIXELS). */
  dimensionsTooLarge: 'dimensions_too_large',
  /** The image took too long to decode. */
  tooComplex: 'too_complex',
  tooLarge: 'too_large',
  /** Too many images are being decoded right now; try again in a moment. */
  busy: 'busy',
  /** The merchant has uploaded as much as a day allows (UPLOAD_DAILY_COUNT, UPLOAD_DAILY_MB). */
  quotaExceeded: 'quota_exceeded',
  /** The merchant keeps as many images as the station allows (UPLOAD_TOTAL_COUNT, UPLOAD_TOTAL_MB). */
  totalQuotaExceeded: 'total_quota_exceeded',
  /** The merchant has as many filings under way as the station allows (OPEN_FILINGS_MAX). */
  tooManyOpenFilings: 'too_many_open_filings',
  slotTaken: 'slot_taken',
  slotInPast: 'slot_in_past',
  /** The deadline for the items to follow is before today. */
  deadlinePast: 'deadline_past',
  /** A filing waiting for a visit is filed only once the visit's result is recorded. */
  visitNotRecorded: 'visit_not_recorded',
  /** Items to follow are still owed or waiting for the officer: the filing is filed once they are accepted. */
  itemsOutstanding: 'items_outstanding',
} as const;
export type FilingRefusal = (typeof FilingRefusal)[keyof typeof FilingRefusal];

/** The HTTP status of each refusal: a new code does not compile until it has one. */
export const filingRefusalStatus = {
  [FilingRefusal.invalidInput]: 400,
  [FilingRefusal.notFound]: 404,
  [FilingRefusal.illegalTransition]: 409,
  [FilingRefusal.changedMeanwhile]: 409,
  [FilingRefusal.empty]: 400,
  [FilingRefusal.wrongType]: 415,
  [FilingRefusal.truncated]: 400,
  // The file is an image in name only, or more than the station takes: understood, and refused.
  [FilingRefusal.trailingData]: 422,
  [FilingRefusal.corrupt]: 422,
  [FilingRefusal.dimensionsTooLarge]: 422,
  [FilingRefusal.tooComplex]: 422,
  [FilingRefusal.tooLarge]: 413,
  [FilingRefusal.busy]: 503,
  // Time frees the day's allowance (429 with Retry-After); the bounds on what a merchant keeps and has
  // under way free only as images are swept and filings filed.
  [FilingRefusal.quotaExceeded]: 429,
  [FilingRefusal.totalQuotaExceeded]: 422,
  [FilingRefusal.tooManyOpenFilings]: 422,
  [FilingRefusal.slotTaken]: 409,
  [FilingRefusal.slotInPast]: 409,
  [FilingRefusal.deadlinePast]: 400,
  [FilingRefusal.visitNotRecorded]: 409,
  [FilingRefusal.itemsOutstanding]: 409,
} as const satisfies StatusMap<FilingRefusal>;

/**
 * The limit a refusal names, sent beside its code (`{ error, limit }`): the bound in force, in the unit its
 * name says, so the merchant can be told what it is.
 */
export type FilingLimit =
  | { count: number; megabytes: number; hours: number }
  | { count: number; megabytes: number }
  | { side: number; megapixels: number }
  | { open: number };

export const FilingsRoute = {
  uploads: '/api/uploads',
  upload: '/api/uploads/:id',
  filings: '/api/filings',
  filing: '/api/filings/:id',
  review: '/api/filings/:id/review',
} as const;

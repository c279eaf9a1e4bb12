import { z } from './zod.ts';
import type { Localized } from './layout.ts';
import { textField } from './profile.ts';
import type { StatusMap } from './result.ts';

/** Renovation guidance (装修指导): the merchant's answers, the rule data, and the checklist built from them. */

export const COOKING_HEADS_MAX = 50;
/** The rules item that tells a merchant to file the sign first; on screen it leads to the filing form. */
export const SIGN_FILING_ITEM = 'sign-filing';

export const guidanceAnswersSchema = z
  .strictObject({
    restaurant: z.boolean(),
    facadeWork: z.boolean(),
    kitchenWork: z.boolean(),
    streetSide: z.boolean(),
    /** Cooking heads (灶头) for a restaurant; 0 otherwise. */
    cookingHeads: z.number().int().min(0).max(COOKING_HEADS_MAX),
  })
  .refine((a) => !a.restaurant || a.cookingHeads >= 1, { path: ['cookingHeads'], message: 'required' });
export type GuidanceAnswers = z.infer<typeof guidanceAnswersSchema>;

export const CONDITIONS = ['restaurant', 'facadeWork', 'kitchenWork', 'streetSide'] as const;

const localized = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });

/** The rule file a station edits: items with the conditions they apply under, and the purifier sizes. */
export const rulesSchema = z.strictObject({
  version: z.literal(1),
  standard: z.string().min(1),
  emissionMax: z.number().positive(),
  purifierSizes: z
    .array(
      z.strictObject({
        size: z.string().min(1),
        name: localized,
        minHeads: z.number().int().min(1),
        maxHeads: z.number().int().min(1).nullable(),
        efficiency: z.number().min(0).max(100),
      }),
    )
    .min(1),
  items: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9-]{1,60}$/),
        topic: z.string().min(1).max(40),
        when: z.partialRecord(z.enum(CONDITIONS), z.boolean()),
        text: localized,
      }),
    )
    .min(1),
});
export type RenovationRules = z.infer<typeof rulesSchema>;

export type GuidanceItemStatus = 'proposed' | 'confirmed' | 'amended' | 'removed' | 'added';

export interface GuidanceItem {
  id: string;
  topic: string;
  text: Localized;
  status: GuidanceItemStatus;
}

export interface GuidanceView {
  id: string;
  caseId: string;
  caseNumber: string;
  answers: GuidanceAnswers;
  items: GuidanceItem[];
  notes: string;
  confirmedBy: string | null;
  confirmedAt: string | null;
  createdAt: string;
  merchant: { name: string; shop: string };
}

export const GUIDANCE_ITEM_MAX = 300;
export const GUIDANCE_NOTES_MAX = 2000;

/** The officer's review: each item confirmed, amended (with the new wording) or removed, plus new ones. */
export const confirmGuidanceSchema = z.strictObject({
  items: z
    .array(
      z.strictObject({
        id: z.string().min(1).max(60),
        decision: z.enum(['confirmed', 'amended', 'removed']),
        text: textField(GUIDANCE_ITEM_MAX).optional(),
      }),
    )
    .max(60),
  added: z.array(textField(GUIDANCE_ITEM_MAX)).max(20),
  notes: z.string().max(GUIDANCE_NOTES_MAX),
});
export type ConfirmGuidanceInput = z.infer<typeof confirmGuidanceSchema>;

export const GuidanceError = {
  /** Answers or a confirmation that do not fit the form; `fields` names the first field refused. */
  invalidInput: 'invalid_input',
  notFound: 'not_found',
  /** Only an officer who served the sheet's case confirms it. */
  notYours: 'not_yours',
} as const;
export type GuidanceError = (typeof GuidanceError)[keyof typeof GuidanceError];

/** The HTTP status of each refusal: a new code does not compile until it has one. */
export const guidanceErrorStatus = {
  [GuidanceError.invalidInput]: 400,
  [GuidanceError.notFound]: 404,
  [GuidanceError.notYours]: 403,
} as const satisfies StatusMap<GuidanceError>;

export const GuidanceRoute = {
  list: '/api/guidance',
  one: '/api/guidance/:id',
} as const;

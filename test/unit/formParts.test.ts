import { describe, expect, it } from 'vitest';
import { merchantSignUpSchema } from '../../shared/accounts.ts';
import { guidanceAnswersSchema } from '../../shared/guidance.ts';
import { fieldCodes } from '../../client/ui/fieldCodes.ts';
import { readingTime, TOAST_MIN_MS } from '../../client/ui/Toast.tsx';

describe('a form judged by the shared schema', () => {
  const fields = ['name', 'shop', 'phone'] as const;
  const known = ['required', 'too_long', 'invalid_chars', 'invalid_phone'];

  it('names each refused field once, with the code of its first problem', () => {
    const codes = fieldCodes(merchantSignUpSchema, { name: '', shop: '王'.repeat(41), phone: '' }, fields, known);
    expect(codes).toEqual({ name: 'required', shop: 'too_long' });
  });

  it('is empty for what the server would accept', () => {
    expect(fieldCodes(merchantSignUpSchema, { name: '王', shop: '老王面馆', phone: '' }, fields, known)).toEqual({});
  });

  it('words a code the page has no words for as the fallback', () => {
    const answers = { restaurant: true, facadeWork: false, kitchenWork: false, streetSide: false, cookingHeads: 99 };
    expect(fieldCodes(guidanceAnswersSchema, answers, ['cookingHeads'], [])).toEqual({ cookingHeads: 'required' });
  });
});

describe('how long a toast waits', () => {
  it('stays at least the minimum, and longer for a longer message', () => {
    expect(readingTime('好')).toBe(TOAST_MIN_MS);
    expect(readingTime('招'.repeat(80))).toBeGreaterThan(readingTime('招'.repeat(40)));
  });
});

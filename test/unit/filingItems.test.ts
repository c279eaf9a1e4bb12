import { describe, expect, it } from 'vitest';
import {
  ASK_AGAIN_REASON_MAX,
  FilingItemAction,
  FilingItemState,
  HAND_IN_TEXT_MAX,
  handInSchema,
  isOutstanding,
  isPastDue,
  itemActor,
  itemAnswerSchema,
  itemFieldErrors,
  itemsComplete,
  nextItemState,
  type FilingItemState as State,
} from '../../shared/filingItems.ts';

const STATES = Object.values(FilingItemState);
const ACTIONS = Object.values(FilingItemAction);

describe('an item to follow', () => {
  /** The whole table by hand: every state × every action, null where the step is refused. */
  const EXPECTED: Record<State, Record<FilingItemAction, State | null>> = {
    owed: { handIn: 'handedIn', accept: null, askAgain: null, withdraw: 'withdrawn' },
    handedIn: { handIn: null, accept: 'accepted', askAgain: 'owed', withdraw: 'withdrawn' },
    accepted: { handIn: null, accept: null, askAgain: null, withdraw: null },
    withdrawn: { handIn: null, accept: null, askAgain: null, withdraw: null },
  };

  describe.each(STATES)('from %s', (state) => {
    it.each(ACTIONS)('%s', (action) => {
      expect(nextItemState(state, action)).toBe(EXPECTED[state][action]);
    });
  });

  it('refuses names from the wire that are not states or actions, Object’s own included', () => {
    for (const bad of ['constructor', '__proto__', 'toString', 'hasOwnProperty', '']) {
      expect(nextItemState(bad as State, 'handIn')).toBeNull();
      expect(nextItemState('owed', bad as FilingItemAction)).toBeNull();
    }
  });

  it('is handed in by the merchant and answered by the officer', () => {
    expect(itemActor('handIn')).toBe('merchant');
    for (const a of ['accept', 'askAgain', 'withdraw'] as const) expect(itemActor(a)).toBe('officer');
  });

  it('cannot be accepted twice, nor handed in again while the officer has it', () => {
    expect(nextItemState('accepted', 'accept')).toBeNull();
    expect(nextItemState('handedIn', 'handIn')).toBeNull();
    // Asked again, it is owed once more and may be handed in again.
    const again = nextItemState('handedIn', 'askAgain')!;
    expect(nextItemState(again, 'handIn')).toBe('handedIn');
  });
});

describe('a filing’s items complete it', () => {
  const items = (...states: State[]) => states.map((state) => ({ state }));

  it('once nothing is owed or waiting and something was accepted', () => {
    expect(itemsComplete(items('accepted', 'accepted'))).toBe(true);
    expect(itemsComplete(items('accepted', 'withdrawn'))).toBe(true);
    expect(itemsComplete(items('accepted', 'owed'))).toBe(false);
    expect(itemsComplete(items('accepted', 'handedIn'))).toBe(false);
  });

  it('not when every item was withdrawn, nor with no items at all', () => {
    expect(itemsComplete(items('withdrawn', 'withdrawn'))).toBe(false);
    expect(itemsComplete([])).toBe(false);
  });

  it('counts owed and handed-in items as outstanding, nothing else', () => {
    expect(STATES.filter(isOutstanding)).toEqual(['owed', 'handedIn']);
  });
});

describe('the deadline', () => {
  it('is the end of its day: overdue only on a later station day, while still owed', () => {
    const item = { state: 'owed' as const, deadline: '2026-03-20' };
    expect(isPastDue(item, '2026-03-19')).toBe(false);
    expect(isPastDue(item, '2026-03-20')).toBe(false);
    expect(isPastDue(item, '2026-03-21')).toBe(true);
    expect(isPastDue(item, '2027-01-01')).toBe(true);
    // Across a month and a year, as text in YYYY-MM-DD.
    expect(isPastDue({ state: 'owed', deadline: '2026-12-31' }, '2027-01-01')).toBe(true);
    expect(isPastDue({ state: 'owed', deadline: '2026-09-30' }, '2026-10-01')).toBe(true);
  });

  it('never flags an item handed in, accepted or withdrawn', () => {
    for (const state of ['handedIn', 'accepted', 'withdrawn'] as const) {
      expect(isPastDue({ state, deadline: '2026-03-20' }, '2026-04-01'), state).toBe(false);
    }
  });
});

describe('what a merchant hands in', () => {
  const ok = (input: unknown) => handInSchema.safeParse(input).success;

  it('is a photo upload or a tidy text, within its limit', () => {
    expect(handInSchema.parse({ kind: 'photo', imageId: 'a1b2c3d4-e5f6' })).toEqual({
      kind: 'photo',
      imageId: 'a1b2c3d4-e5f6',
    });
    expect(handInSchema.parse({ kind: 'text', text: '  租赁合同  编号 ZL-088 ' })).toEqual({
      kind: 'text',
      text: '租赁合同 编号 ZL-088',
    });
    expect(ok({ kind: 'text', text: '证'.repeat(HAND_IN_TEXT_MAX) })).toBe(true);
    expect(ok({ kind: 'text', text: '证'.repeat(HAND_IN_TEXT_MAX + 1) })).toBe(false);
  });

  it('names the refused field and its code', () => {
    expect(itemFieldErrors(handInSchema, { kind: 'text', text: '证'.repeat(HAND_IN_TEXT_MAX + 1) })).toEqual({
      text: 'too_long',
    });
    expect(itemFieldErrors(handInSchema, { kind: 'text', text: '   ' })).toEqual({ text: 'required' });
    expect(itemFieldErrors(handInSchema, { kind: 'text', text: 'evil\u202Etxt' })).toEqual({ text: 'invalid_chars' });
    expect(itemFieldErrors(handInSchema, { kind: 'photo', imageId: '../../etc/passwd' })).toEqual({
      imageId: 'image_required',
    });
    expect(itemFieldErrors(handInSchema, { kind: 'video' })).toEqual({ kind: 'invalid_choice' });
  });

  it('refuses anything that is not one of the two shapes', () => {
    for (const bad of [
      null,
      'text',
      [],
      {},
      { kind: 'text' },
      { kind: 'text', text: 'x', imageId: 'a1b2c3d4' },
      { kind: 'photo', imageId: 'a1b2c3d4', state: 'accepted' },
      { kind: '__proto__', text: 'x' },
      { kind: 'toString' },
      JSON.parse('{"kind":"text","text":"x","__proto__":{"admin":true}}'),
    ]) {
      expect(ok(bad), JSON.stringify(bad)).toBe(false);
      expect(Object.keys(itemFieldErrors(handInSchema, bad)).length, JSON.stringify(bad)).toBeGreaterThan(0);
    }
  });
});

describe('what an officer answers', () => {
  const ok = (input: unknown) => itemAnswerSchema.safeParse(input).success;

  it('accepts, or asks again with a reason and maybe a new day', () => {
    expect(ok({ action: 'accept' })).toBe(true);
    expect(ok({ action: 'askAgain', reason: '照片看不清，请重新拍摄' })).toBe(true);
    expect(ok({ action: 'askAgain', reason: '照片看不清', deadline: '2026-03-20' })).toBe(true);
    expect(ok({ action: 'askAgain', reason: '店'.repeat(ASK_AGAIN_REASON_MAX) })).toBe(true);
  });

  it('refuses a missing or overlong reason, a day that does not exist, and extra keys, naming each field', () => {
    expect(itemFieldErrors(itemAnswerSchema, { action: 'askAgain' })).toEqual({ reason: 'required' });
    expect(itemFieldErrors(itemAnswerSchema, { action: 'askAgain', reason: '店'.repeat(201) })).toEqual({
      reason: 'too_long',
    });
    expect(itemFieldErrors(itemAnswerSchema, { action: 'askAgain', reason: 'x', deadline: '2026-02-30' })).toEqual({
      deadline: 'invalid_choice',
    });
    expect(itemFieldErrors(itemAnswerSchema, { action: 'handIn' })).toEqual({ action: 'invalid_choice' });
    expect(itemFieldErrors(itemAnswerSchema, { action: 'withdraw' })).toEqual({ action: 'invalid_choice' });
    expect(ok({ action: 'accept', state: 'accepted' })).toBe(false);
  });
});

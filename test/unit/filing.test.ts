import { describe, expect, it } from 'vitest';
import {
  ADDRESS_MAX,
  FILING_FIELDS,
  FilingAction,
  filingErrors,
  filingFormSchema,
  FilingState,
  LIGHT_SOURCES,
  LIGHTINGS,
  MATERIALS,
  MOUNTINGS,
  REVIEW_ITEM_MAX,
  REVIEW_ITEMS_MAX,
  reviewSchema,
  SIGN_TEXT_MAX,
  SIZE_LIMITS,
  TENURE_DOC_MAX,
  TENURES,
} from '../../shared/filing.ts';
import { SHOP_MAX } from '../../shared/profile.ts';
import { filingActor, isFinal, nextFilingState, nextStepsFor, reviewStepsFor } from '../../shared/filingSteps.ts';

/** A form that passes every rule; each test spoils one or more fields of it. */
const VALID = {
  shopName: '老王面馆',
  address: '解放路 12 号',
  signText: '老王面馆 · 手工拉面',
  width: 3.2,
  height: 1.2,
  material: 'acrylic',
  mounting: 'flat',
  lighting: 'internal',
  lightSource: 'led',
  designImage: '3f2a9c1e-7b4d-4e8f-9a01-23456789abcd',
  streetPhoto: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9',
  tenure: 'lease',
  tenureDoc: '租赁合同 2025-0123',
  commitment: true,
};

const errorsWith = (patch: Record<string, unknown>) => filingErrors({ ...VALID, ...patch });
const parseWith = (patch: Record<string, unknown>) => filingFormSchema.parse({ ...VALID, ...patch });

const TEXT_FIELDS = [
  ['shopName', SHOP_MAX],
  ['address', ADDRESS_MAX],
  ['signText', SIGN_TEXT_MAX],
  ['tenureDoc', TENURE_DOC_MAX],
] as const;

const CHOICE_FIELDS = [
  ['material', MATERIALS],
  ['mounting', MOUNTINGS],
  ['lighting', LIGHTINGS],
  ['tenure', TENURES],
] as const;

describe('signboard filing form', () => {
  it('accepts a complete form and reports no errors', () => {
    expect(filingErrors(VALID)).toEqual({});
    expect(filingFormSchema.parse(VALID)).toEqual(VALID);
  });

  it('pins the limits the rules are written against', () => {
    expect(SHOP_MAX).toBe(40);
    expect(ADDRESS_MAX).toBe(80);
    expect(SIGN_TEXT_MAX).toBe(50);
    expect(TENURE_DOC_MAX).toBe(40);
    expect(SIZE_LIMITS).toEqual({ width: { min: 0.2, max: 30 }, height: { min: 0.2, max: 10 } });
    expect(FILING_FIELDS).toEqual(Object.keys(VALID));
  });

  it('drops keys that are not form fields', () => {
    const parsed = filingFormSchema.parse({ ...VALID, state: 'filed', id: 'x', merchantId: 'someone-else' });
    expect(parsed).toEqual(VALID);
    expect(errorsWith({ state: 'filed' })).toEqual({});
  });

  it('refuses input that is not an object', () => {
    for (const input of [null, undefined, 'form', 42, []]) {
      expect(filingFormSchema.safeParse(input).success).toBe(false);
    }
  });

  describe.each(TEXT_FIELDS)('text field %s (at most %i characters)', (field, max) => {
    it('is required: missing, empty, whitespace-only and non-strings are refused', () => {
      for (const value of [undefined, null, '', ' ', '\t\n ', '\u3000\u00a0', 42, ['a'], { a: 1 }]) {
        expect(errorsWith({ [field]: value }), JSON.stringify(value)).toEqual({ [field]: 'required' });
      }
    });

    it('accepts exactly the limit and refuses one more, counting characters (ASCII, CJK, emoji)', () => {
      for (const ch of ['a', '店', '😀']) {
        expect(errorsWith({ [field]: ch.repeat(max) }), ch).toEqual({});
        expect(parseWith({ [field]: ch.repeat(max) })[field]).toBe(ch.repeat(max));
        expect(errorsWith({ [field]: ch.repeat(max + 1) }), ch).toEqual({ [field]: 'too_long' });
      }
      // A mix, to be sure it is characters and not UTF-16 units or bytes.
      const mixed = [...'a店😀'.repeat(max)].slice(0, max).join('');
      expect([...mixed]).toHaveLength(max);
      expect(errorsWith({ [field]: mixed })).toEqual({});
      expect(errorsWith({ [field]: mixed + '😀' })).toEqual({ [field]: 'too_long' });
    });

    it('counts after tidying: outer spaces are trimmed and runs of white space count as one', () => {
      expect(errorsWith({ [field]: `   ${'x'.repeat(max)}   ` })).toEqual({});
      const spaced = 'x'.repeat(max - 2) + ' \t\n ' + 'y';
      expect(errorsWith({ [field]: spaced })).toEqual({});
      expect(parseWith({ [field]: spaced })[field]).toBe('x'.repeat(max - 2) + ' y');
    });

    it('normalises to NFC before counting', () => {
      // "é" typed as e + combining acute is two code points, one after NFC.
      const decomposed = 'e\u0301'.repeat(max);
      expect(errorsWith({ [field]: decomposed })).toEqual({});
      expect(parseWith({ [field]: decomposed })[field]).toBe('\u00e9'.repeat(max));
    });

    it('keeps SQL-, markup- and quote-shaped text verbatim', () => {
      for (const hostile of [
        "x'); DROP TABLE filings;--",
        '1 OR 1=1; --',
        '<script>alert(1)</script>',
        '<img src=x onerror=alert(1)>',
        `"王"'s & <b>店</b>`,
        '${process.env} {{7*7}}',
      ]) {
        expect(errorsWith({ [field]: hostile }), hostile).toEqual({});
        expect(parseWith({ [field]: hostile })[field]).toBe(hostile);
      }
    });

    it('refuses control, format, bidi-override and private-use characters', () => {
      for (const bad of [
        'a\u0000b', // NUL
        'a\u0007b', // BEL
        'a\u001bb', // ESC
        'a\u007fb', // DEL
        'a\u0085b', // NEL: a control character that \s does not cover
        'evil\u202Egnp.exe', // right-to-left override
        'a\u202Db', // left-to-right override
        'a\u2066b\u2069', // isolates
        'a\u200Fb', // right-to-left mark
        'zero\u200Bwidth',
        'a\uE000b', // private use
        'a\uD800b', // lone surrogate
      ]) {
        expect(errorsWith({ [field]: bad }), JSON.stringify(bad)).toEqual({ [field]: 'invalid_chars' });
      }
    });

    it('turns tabs, newlines and other white space into single spaces rather than refusing them', () => {
      expect(parseWith({ [field]: '老王\t面馆\r\n二\u3000店\u00a0x' })[field]).toBe('老王 面馆 二 店 x');
      // Line/paragraph separators and the BOM count as white space, so they are collapsed away too.
      expect(parseWith({ [field]: 'a\u2028b\u2029c\uFEFFd' })[field]).toBe('a b c d');
    });
  });

  describe.each([
    ['width', SIZE_LIMITS.width],
    ['height', SIZE_LIMITS.height],
  ] as const)('size field %s', (field, { min, max }) => {
    it('accepts the bounds and values between', () => {
      for (const ok of [min, max, (min + max) / 2, 1]) {
        expect(errorsWith({ [field]: ok }), String(ok)).toEqual({});
        expect(parseWith({ [field]: ok })[field]).toBe(ok);
      }
    });

    it('refuses just outside the bounds, zero and negatives', () => {
      for (const out of [min - 0.001, max + 0.001, min - 0.01, max + 0.01, 0, -0, -1, -min, 1e9]) {
        expect(errorsWith({ [field]: out }), String(out)).toEqual({ [field]: 'out_of_range' });
      }
    });

    it('checks the range on the value as typed, before rounding', () => {
      // 0.199 would round to 0.2 and max + 0.004 to max, but both were typed outside the limits.
      expect(errorsWith({ [field]: 0.199 })).toEqual({ [field]: 'out_of_range' });
      expect(errorsWith({ [field]: max + 0.004 })).toEqual({ [field]: 'out_of_range' });
    });

    it('coerces numeric strings', () => {
      expect(parseWith({ [field]: '3.2' })[field]).toBe(3.2);
      expect(parseWith({ [field]: ' 1.5 ' })[field]).toBe(1.5);
      expect(parseWith({ [field]: String(min) })[field]).toBe(min);
      expect(parseWith({ [field]: String(max) })[field]).toBe(max);
      expect(errorsWith({ [field]: String(max + 0.01) })).toEqual({ [field]: 'out_of_range' });
    });

    it('rounds to centimetres (2 decimals)', () => {
      expect(parseWith({ [field]: 3.456 })[field]).toBe(3.46);
      expect(parseWith({ [field]: '2.344' })[field]).toBe(2.34);
      expect(parseWith({ [field]: 0.2049 })[field]).toBe(0.2);
      expect(parseWith({ [field]: max - 0.001 })[field]).toBe(max);
    });

    it('refuses what is not a number', () => {
      for (const nan of ['abc', '3,2', '3.2m', '1/2', '0x10', '1e1', NaN, Infinity, -Infinity, 'Infinity', {}, [5]]) {
        expect(errorsWith({ [field]: nan }), String(nan)).toEqual({ [field]: 'not_a_number' });
      }
    });

    it('asks for an empty box to be filled in', () => {
      for (const blank of ['', '   ', null, undefined]) {
        expect(errorsWith({ [field]: blank }), String(blank)).toEqual({ [field]: 'required' });
      }
    });

    it('refuses a boolean (JSON true is not a size)', () => {
      expect(errorsWith({ [field]: true })).toEqual({ [field]: 'not_a_number' });
      expect(errorsWith({ [field]: false })).toEqual({ [field]: 'not_a_number' });
    });
  });

  describe.each(CHOICE_FIELDS)('choice field %s', (field, values) => {
    it('accepts every listed value', () => {
      for (const v of values) {
        expect(errorsWith({ [field]: v }), v).toEqual({});
        expect(parseWith({ [field]: v })[field]).toBe(v);
      }
    });

    it('refuses anything outside the list', () => {
      for (const blank of ['', undefined, null]) {
        expect(errorsWith({ [field]: blank })[field], JSON.stringify(blank)).toBe('required');
      }
      for (const bad of [
        'gold',
        ' ',
        values[0].toUpperCase(),
        ` ${values[0]}`,
        'constructor',
        '__proto__',
        'toString',
        0,
        true,
        [values[0]],
      ]) {
        expect(errorsWith({ [field]: bad })[field], JSON.stringify(bad)).toBe('invalid_choice');
      }
    });
  });

  describe('light source', () => {
    it('is required when the sign is lit, inside or out', () => {
      for (const lighting of ['internal', 'external']) {
        expect(errorsWith({ lighting, lightSource: '' })).toEqual({ lightSource: 'light_source_required' });
        expect(errorsWith({ lighting, lightSource: undefined })).toEqual({ lightSource: 'light_source_required' });
        const without: Record<string, unknown> = { ...VALID, lighting };
        delete without.lightSource;
        expect(filingErrors(without)).toEqual({ lightSource: 'light_source_required' });
        for (const source of LIGHT_SOURCES) {
          expect(errorsWith({ lighting, lightSource: source })).toEqual({});
          expect(parseWith({ lighting, lightSource: source }).lightSource).toBe(source);
        }
      }
    });

    it('is cleared when the sign is not lit', () => {
      expect(parseWith({ lighting: 'none', lightSource: '' }).lightSource).toBe('');
      expect(parseWith({ lighting: 'none', lightSource: undefined }).lightSource).toBe('');
      for (const source of LIGHT_SOURCES) {
        expect(errorsWith({ lighting: 'none', lightSource: source })).toEqual({});
        expect(parseWith({ lighting: 'none', lightSource: source }).lightSource).toBe('');
      }
    });

    it('refuses a value outside the list, lit or not', () => {
      for (const lighting of ['internal', 'external', 'none']) {
        for (const bad of ['laser', 'LED', 0, null, true]) {
          expect(errorsWith({ lighting, lightSource: bad }).lightSource, `${lighting}/${String(bad)}`).toBeDefined();
          expect(filingFormSchema.safeParse({ ...VALID, lighting, lightSource: bad }).success).toBe(false);
        }
      }
    });

    it('names an unknown light source as an invalid choice', () => {
      expect(errorsWith({ lighting: 'internal', lightSource: 'laser' })).toEqual({ lightSource: 'invalid_choice' });
      expect(errorsWith({ lighting: 'internal', lightSource: 0 })).toEqual({ lightSource: 'invalid_choice' });
    });

    it('is still reported when other fields are wrong too', () => {
      expect(errorsWith({ lighting: 'external', lightSource: '', shopName: '' })).toEqual({
        shopName: 'required',
        lightSource: 'light_source_required',
      });
    });
  });

  describe.each(['designImage', 'streetPhoto'] as const)('image id %s', (field) => {
    it('accepts upload ids of 8 to 64 letters, digits and hyphens', () => {
      for (const ok of ['abcdEF12', 'a'.repeat(64), '3f2a9c1e-7b4d-4e8f-9a01-23456789abcd', '--------']) {
        expect(errorsWith({ [field]: ok }), ok).toEqual({});
      }
    });

    it('refuses missing, short, long or path-shaped ids', () => {
      for (const bad of [
        undefined,
        null,
        '',
        'abc',
        'abcdEF1', // 7
        'a'.repeat(65),
        '../../etc/passwd',
        '..%2f..%2fsecret',
        'abcd/efgh',
        'abcd\\efgh',
        'abcdefgh.png',
        'abcdefgh\n',
        ' abcdefgh',
        'abcdefgh?x=1',
        '图片图片图片图片',
        12345678,
        ['abcdefgh'],
      ]) {
        expect(errorsWith({ [field]: bad }), JSON.stringify(bad)).toEqual({ [field]: 'image_required' });
      }
    });
  });

  describe('commitment', () => {
    it('must be literally true', () => {
      expect(errorsWith({ commitment: true })).toEqual({});
      for (const bad of [false, 'true', 'on', 1, 'yes', null, undefined, [true], {}]) {
        expect(errorsWith({ commitment: bad }), JSON.stringify(bad)).toEqual({ commitment: 'must_accept' });
      }
    });
  });

  it('reports every problem at once', () => {
    expect(
      errorsWith({
        shopName: '   ',
        address: 'x'.repeat(ADDRESS_MAX + 1),
        signText: 'evil\u202Etxt',
        width: 'abc',
        height: 10.5,
        material: 'gold',
        lighting: 'internal',
        lightSource: '',
        designImage: '../x',
        commitment: false,
      }),
    ).toEqual({
      shopName: 'required',
      address: 'too_long',
      signText: 'invalid_chars',
      width: 'not_a_number',
      height: 'out_of_range',
      material: 'invalid_choice',
      lightSource: 'light_source_required',
      designImage: 'image_required',
      commitment: 'must_accept',
    });
  });

  it('names every field of an empty form', () => {
    expect(filingErrors({})).toEqual({
      shopName: 'required',
      address: 'required',
      signText: 'required',
      width: 'required',
      height: 'required',
      material: 'required',
      mounting: 'required',
      lighting: 'required',
      designImage: 'image_required',
      streetPhoto: 'image_required',
      tenure: 'required',
      tenureDoc: 'required',
      commitment: 'must_accept',
    });
  });

  it('names every field of the form as the browser starts it (all empty strings, box unticked)', () => {
    const blank = Object.fromEntries(FILING_FIELDS.map((f) => [f, f === 'commitment' ? false : '']));
    expect(filingErrors(blank)).toEqual({
      shopName: 'required',
      address: 'required',
      signText: 'required',
      width: 'required',
      height: 'required',
      material: 'required',
      mounting: 'required',
      lighting: 'required',
      designImage: 'image_required',
      streetPhoto: 'image_required',
      tenure: 'required',
      tenureDoc: 'required',
      commitment: 'must_accept',
    });
  });
});

describe('officer review step', () => {
  const ok = (input: unknown) => reviewSchema.safeParse(input).success;
  const items = (n: number) => Array.from({ length: n }, (_, i) => `第 ${i + 1} 项`);

  it('takes startReview and file with nothing else', () => {
    expect(reviewSchema.parse({ action: 'startReview' })).toEqual({ action: 'startReview' });
    expect(reviewSchema.parse({ action: 'file' })).toEqual({ action: 'file' });
    expect(ok({ action: 'startReview', items: ['x'] })).toBe(false);
    expect(ok({ action: 'file', note: 'ok' })).toBe(false);
  });

  it('requestChanges needs 1 to 20 items, each a tidy one-line text', () => {
    expect(reviewSchema.parse({ action: 'requestChanges', items: ['  补充  夜景照片 '] })).toEqual({
      action: 'requestChanges',
      items: ['补充 夜景照片'],
    });
    expect(ok({ action: 'requestChanges', items: items(REVIEW_ITEMS_MAX) })).toBe(true);
    expect(ok({ action: 'requestChanges', items: items(REVIEW_ITEMS_MAX + 1) })).toBe(false);
    expect(ok({ action: 'requestChanges', items: [] })).toBe(false);
    expect(ok({ action: 'requestChanges' })).toBe(false);
    expect(ok({ action: 'requestChanges', items: 'x' })).toBe(false);
    expect(ok({ action: 'requestChanges', items: ['ok', '  '] })).toBe(false);
    expect(ok({ action: 'requestChanges', items: ['ok', 42] })).toBe(false);
    expect(ok({ action: 'requestChanges', items: ['店'.repeat(REVIEW_ITEM_MAX)] })).toBe(true);
    expect(ok({ action: 'requestChanges', items: ['店'.repeat(REVIEW_ITEM_MAX + 1)] })).toBe(false);
    expect(ok({ action: 'requestChanges', items: ['evil\u202Etxt'] })).toBe(false);
    expect(ok({ action: 'requestChanges', items: ["<script>x</script>'; DROP TABLE filings;--"] })).toBe(true);
  });

  it('reports empty and overlong item lists with the form error codes', () => {
    const messages = (input: unknown) => reviewSchema.safeParse(input).error?.issues.map((i) => i.message);
    expect(messages({ action: 'requestChanges', items: [] })).toEqual(['required']);
    expect(messages({ action: 'requestChanges', items: items(REVIEW_ITEMS_MAX + 1) })).toEqual(['too_long']);
  });

  it('acceptWithItems needs items and a YYYY-MM-DD deadline', () => {
    const base = { action: 'acceptWithItems', items: ['补交租赁合同原件'] };
    expect(reviewSchema.parse({ ...base, deadline: '2026-03-20' })).toEqual({ ...base, deadline: '2026-03-20' });
    expect(ok(base)).toBe(false);
    expect(ok({ ...base, items: [], deadline: '2026-03-20' })).toBe(false);
    expect(ok({ action: 'acceptWithItems', deadline: '2026-03-20' })).toBe(false);
    for (const bad of [
      '',
      '2026-3-20',
      '20/03/2026',
      '2026/03/20',
      '2026-03-20T00:00:00Z',
      ' 2026-03-20',
      '2026-03-20\n',
      '26-03-20',
      20260320,
      null,
    ]) {
      expect(ok({ ...base, deadline: bad }), JSON.stringify(bad)).toBe(false);
    }
  });

  it('refuses a deadline that is not a calendar day', () => {
    const base = { action: 'acceptWithItems', items: ['x'] };
    expect(ok({ ...base, deadline: '2026-02-30' })).toBe(false);
    expect(ok({ ...base, deadline: '2026-13-45' })).toBe(false);
  });

  it('bookVisit needs a slot id of 1 to 64 characters', () => {
    expect(reviewSchema.parse({ action: 'bookVisit', slotId: 'slot-1' })).toEqual({
      action: 'bookVisit',
      slotId: 'slot-1',
    });
    expect(ok({ action: 'bookVisit', slotId: 's'.repeat(64) })).toBe(true);
    expect(ok({ action: 'bookVisit', slotId: 's'.repeat(65) })).toBe(false);
    expect(ok({ action: 'bookVisit', slotId: '' })).toBe(false);
    expect(ok({ action: 'bookVisit' })).toBe(false);
    expect(ok({ action: 'bookVisit', slotId: 7 })).toBe(false);
  });

  it('refuses extra keys on every action', () => {
    for (const step of [
      { action: 'startReview' },
      { action: 'requestChanges', items: ['x'] },
      { action: 'acceptWithItems', items: ['x'], deadline: '2026-03-20' },
      { action: 'bookVisit', slotId: 'slot-1' },
      { action: 'file' },
    ]) {
      expect(ok(step), step.action).toBe(true);
      expect(ok({ ...step, state: 'filed' }), step.action).toBe(false);
      expect(ok({ ...step, by: 'merchant' }), step.action).toBe(false);
    }
  });

  it('refuses unknown actions, the merchant-only resubmit, and malformed input', () => {
    for (const bad of [
      { action: 'resubmit' },
      { action: 'approve' },
      { action: 'FILE' },
      { action: '' },
      { action: null },
      {},
      { items: ['x'] },
      null,
      'file',
      [{ action: 'file' }],
    ]) {
      expect(ok(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('filing states', () => {
  const STATES = Object.values(FilingState);
  const ACTIONS = Object.values(FilingAction);

  /** The whole table, written out by hand: every state × every action, null where the step is refused. */
  const EXPECTED: Record<FilingState, Record<FilingAction, FilingState | null>> = {
    submitted: {
      resubmit: null,
      startReview: 'underReview',
      requestChanges: null,
      acceptWithItems: null,
      bookVisit: null,
      file: null,
      visitCancelled: null,
    },
    underReview: {
      resubmit: null,
      startReview: null,
      requestChanges: 'changesRequested',
      acceptWithItems: 'acceptedWithItems',
      bookVisit: 'visitBooked',
      file: 'filed',
      visitCancelled: null,
    },
    changesRequested: {
      resubmit: 'submitted',
      startReview: null,
      requestChanges: null,
      acceptWithItems: null,
      bookVisit: null,
      file: null,
      visitCancelled: null,
    },
    acceptedWithItems: {
      resubmit: null,
      startReview: null,
      requestChanges: null,
      acceptWithItems: null,
      bookVisit: 'visitBooked',
      file: 'filed',
      visitCancelled: null,
    },
    visitBooked: {
      resubmit: null,
      startReview: null,
      requestChanges: 'changesRequested',
      acceptWithItems: null,
      bookVisit: null,
      file: 'filed',
      visitCancelled: 'underReview',
    },
    filed: {
      resubmit: null,
      startReview: null,
      requestChanges: null,
      acceptWithItems: null,
      bookVisit: null,
      file: null,
      visitCancelled: null,
    },
  };

  it('has the six states and seven actions the table covers', () => {
    expect(STATES).toEqual(Object.keys(EXPECTED));
    expect([...ACTIONS].sort()).toEqual(Object.keys(EXPECTED.submitted).sort());
  });

  describe.each(STATES)('from %s', (state) => {
    it.each(ACTIONS)('%s', (action) => {
      expect(nextFilingState(state, action)).toBe(EXPECTED[state][action]);
    });

    it('offers exactly the allowed steps', () => {
      const allowed = ACTIONS.filter((a) => EXPECTED[state][a] !== null);
      expect([...nextStepsFor(state)].sort()).toEqual(allowed.sort());
    });
  });

  it('never files straight from submission, and never leaves filed', () => {
    expect(nextFilingState('submitted', 'file')).toBeNull();
    for (const action of ACTIONS) expect(nextFilingState('filed', action)).toBeNull();
  });

  it('only filed is final', () => {
    for (const state of STATES) expect(isFinal(state), state).toBe(state === 'filed');
  });

  it('can reach filed from every state, and every state from submitted', () => {
    const reachable = (from: FilingState) => {
      const seen = new Set<FilingState>([from]);
      const todo = [from];
      while (todo.length) {
        const s = todo.pop()!;
        for (const a of ACTIONS) {
          const next = nextFilingState(s, a);
          if (next && !seen.has(next)) {
            seen.add(next);
            todo.push(next);
          }
        }
      }
      return seen;
    };
    expect([...reachable('submitted')].sort()).toEqual([...STATES].sort());
    for (const state of STATES) expect(reachable(state).has('filed'), state).toBe(true);
  });

  it('gives resubmit to the merchant, a cancelled visit to no one, and every other step to the officer', () => {
    for (const action of ACTIONS) {
      const who = action === 'resubmit' ? 'merchant' : action === 'visitCancelled' ? 'visit' : 'officer';
      expect(filingActor(action), action).toBe(who);
    }
  });

  it('a cancelled visit takes a filing from "visit booked" back under review, and from nowhere else', () => {
    for (const state of STATES) {
      expect(nextFilingState(state, 'visitCancelled'), state).toBe(state === 'visitBooked' ? 'underReview' : null);
    }
  });

  it('offers the reviewing officer only the steps an officer takes, never the cancelled visit', () => {
    expect(reviewStepsFor('visitBooked').sort()).toEqual(['file', 'requestChanges']);
    expect(reviewStepsFor('changesRequested')).toEqual([]);
    for (const state of STATES) {
      for (const a of reviewStepsFor(state)) expect(filingActor(a), `${state}/${a}`).toBe('officer');
    }
  });

  it('refuses states and actions outside the types', () => {
    expect(nextFilingState('bogus' as FilingState, 'file')).toBeNull();
    expect(nextFilingState('underReview', 'approve' as FilingAction)).toBeNull();
  });

  it('refuses Object.prototype names as actions', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(nextFilingState('submitted', name as FilingAction), name).toBeNull();
    }
  });
});

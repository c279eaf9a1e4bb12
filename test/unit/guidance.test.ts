import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildChecklist, purifierSize, rulesProblems } from '../../server/guidance/rules.ts';
import { check } from '../../server/guidance/rulesCli.ts';
import {
  COOKING_HEADS_MAX,
  guidanceAnswersSchema,
  rulesSchema,
  SIGN_FILING_ITEM,
  type GuidanceAnswers,
  type RenovationRules,
} from '../../shared/guidance.ts';

const RAW: unknown = JSON.parse(
  readFileSync(new URL('../../server/guidance/renovation-rules.json', import.meta.url), 'utf8'),
);
const RULES: RenovationRules = rulesSchema.parse(RAW);

/** A fresh, independent copy of the default rules to change in one test. */
function rulesCopy(): RenovationRules {
  return structuredClone(RULES);
}

function answers(flags: Partial<GuidanceAnswers> = {}): GuidanceAnswers {
  const a = { restaurant: false, facadeWork: false, kitchenWork: false, streetSide: false, ...flags };
  return { cookingHeads: a.restaurant ? 3 : 0, ...a };
}

// The item ids of the default rule file, in file order.
const HOARDING = 'hoarding-before-work';
const OUTSIDE = 'hoarding-nothing-outside';
const DEBRIS = 'debris-removal';
const FACADE = 'facade-design';
const SIGN = 'sign-filing';
const KITCHEN = 'kitchen-fire';
const PURIFIER = 'purifier';
const CLEANING = 'purifier-cleaning';

/**
 * The expected checklist for each combination, worked out by hand from the `when` conditions in
 * renovation-rules.json. Key: restaurant, facadeWork, kitchenWork, streetSide as 0/1.
 */
const EXPECTED: Record<string, string[]> = {
  '0000': [DEBRIS],
  '0001': [HOARDING, OUTSIDE, DEBRIS],
  '0010': [DEBRIS, KITCHEN],
  '0011': [HOARDING, OUTSIDE, DEBRIS, KITCHEN],
  '0100': [DEBRIS, FACADE, SIGN],
  '0101': [HOARDING, OUTSIDE, DEBRIS, FACADE, SIGN],
  '0110': [DEBRIS, FACADE, SIGN, KITCHEN],
  '0111': [HOARDING, OUTSIDE, DEBRIS, FACADE, SIGN, KITCHEN],
  '1000': [DEBRIS, PURIFIER, CLEANING],
  '1001': [HOARDING, OUTSIDE, DEBRIS, PURIFIER, CLEANING],
  '1010': [DEBRIS, KITCHEN, PURIFIER, CLEANING],
  '1011': [HOARDING, OUTSIDE, DEBRIS, KITCHEN, PURIFIER, CLEANING],
  '1100': [DEBRIS, FACADE, SIGN, PURIFIER, CLEANING],
  '1101': [HOARDING, OUTSIDE, DEBRIS, FACADE, SIGN, PURIFIER, CLEANING],
  '1110': [DEBRIS, FACADE, SIGN, KITCHEN, PURIFIER, CLEANING],
  '1111': [HOARDING, OUTSIDE, DEBRIS, FACADE, SIGN, KITCHEN, PURIFIER, CLEANING],
};

const BOOLS = [false, true] as const;
/** All 16 combinations of the four flags, with 3 cooking heads for a restaurant and 0 otherwise. */
const COMBINATIONS: { key: string; answers: GuidanceAnswers }[] = BOOLS.flatMap((restaurant) =>
  BOOLS.flatMap((facadeWork) =>
    BOOLS.flatMap((kitchenWork) =>
      BOOLS.map((streetSide) => ({
        key: [restaurant, facadeWork, kitchenWork, streetSide].map(Number).join(''),
        answers: answers({ restaurant, facadeWork, kitchenWork, streetSide }),
      })),
    ),
  ),
);

function textOf(rules: RenovationRules, a: GuidanceAnswers, id: string) {
  const item = buildChecklist(rules, a).find((i) => i.id === id);
  if (!item) throw new Error(`no item ${id}`);
  return item.text;
}

describe('default rule file', () => {
  it('is accepted by rulesSchema', () => {
    expect(rulesSchema.safeParse(RAW).success).toBe(true);
  });

  it('has the items the expected table was written for, in that order', () => {
    expect(RULES.items.map((i) => i.id)).toEqual(EXPECTED['1111']);
  });
});

describe('buildChecklist: every combination of shop and work', () => {
  it('covers all 16 combinations exactly once', () => {
    expect(COMBINATIONS).toHaveLength(16);
    expect(new Set(COMBINATIONS.map((c) => c.key))).toEqual(new Set(Object.keys(EXPECTED)));
  });

  it.each(COMBINATIONS)('combination $key gives exactly the expected items', ({ key, answers: a }) => {
    const list = buildChecklist(RULES, a);
    expect(list.map((i) => i.id)).toEqual(EXPECTED[key]);
    for (const item of list) {
      expect(item.status).toBe('proposed');
      const rule = RULES.items.find((r) => r.id === item.id)!;
      expect(item.topic).toBe(rule.topic);
      expect(Object.keys(item).sort()).toEqual(['id', 'status', 'text', 'topic']);
      expect(Object.keys(item.text).sort()).toEqual(['en', 'zh']);
      // Items without placeholders are copied verbatim.
      if (!rule.text.zh.includes('{{')) expect(item.text.zh).toBe(rule.text.zh);
      if (!rule.text.en.includes('{{')) expect(item.text.en).toBe(rule.text.en);
    }
  });

  it.each(COMBINATIONS)('combination $key leaves no {{…}} placeholder in any text', ({ answers: a }) => {
    for (const item of buildChecklist(RULES, a)) {
      expect(item.text.zh).not.toMatch(/\{\{|\}\}/);
      expect(item.text.en).not.toMatch(/\{\{|\}\}/);
    }
  });

  it('does not change the rules it is given', () => {
    const rules = rulesCopy();
    const before = structuredClone(rules);
    buildChecklist(rules, answers({ restaurant: true, facadeWork: true, kitchenWork: true, streetSide: true }));
    expect(rules).toEqual(before);
  });
});

describe('purifierSize', () => {
  it.each([
    [1, 'small', 60],
    [2, 'small', 60],
    [3, 'medium', 75],
    [5, 'medium', 75],
    [6, 'large', 85],
    [50, 'large', 85],
  ])('%i heads → %s, %i %%', (heads, size, efficiency) => {
    const s = purifierSize(RULES, heads);
    expect(s.size).toBe(size);
    expect(s.efficiency).toBe(efficiency);
  });

  it('the largest size covers everything above the last bound', () => {
    expect(purifierSize(RULES, 51).size).toBe('large');
    expect(purifierSize(RULES, 1000).size).toBe('large');
  });

  it('uses the sizes of the rules it is given', () => {
    const rules = rulesCopy();
    rules.purifierSizes = [
      { size: 'one', name: { zh: '一', en: 'one' }, minHeads: 1, maxHeads: 4, efficiency: 70 },
      { size: 'two', name: { zh: '二', en: 'two' }, minHeads: 5, maxHeads: null, efficiency: 90 },
    ];
    expect(purifierSize(rules, 4).size).toBe('one');
    expect(purifierSize(rules, 5).size).toBe('two');
    expect(purifierSize(rules, 40).size).toBe('two');
  });
});

describe('buildChecklist: purifier text', () => {
  it.each([
    [1, '小型', 'small', 60],
    [2, '小型', 'small', 60],
    [3, '中型', 'medium', 75],
    [5, '中型', 'medium', 75],
    [6, '大型', 'large', 85],
    [50, '大型', 'large', 85],
  ])('%i heads: the text names %s / %s and %i %%', (heads, zhName, enName, efficiency) => {
    const text = textOf(RULES, { ...answers({ restaurant: true }), cookingHeads: heads }, PURIFIER);
    expect(text.zh).toContain(`安装${zhName}油烟净化器`);
    expect(text.zh).toContain(`（${heads} 个灶头）`);
    expect(text.zh).toContain(`不低于 ${efficiency}%`);
    expect(text.zh).toContain('2.0 mg/m³');
    expect(text.zh).toContain('GB 18483');
    expect(text.en).toContain(`Fit a ${enName} oil-fume purifier`);
    expect(text.en).toContain(`(${heads} cooking heads)`);
    expect(text.en).toContain(`at least ${efficiency} %`);
    expect(text.en).toContain('2.0 mg/m³');
    expect(text.en).toContain('GB 18483');
  });

  it('fills the whole sentence for 3 heads', () => {
    expect(textOf(RULES, answers({ restaurant: true }), PURIFIER)).toEqual({
      zh: '安装中型油烟净化器（3 个灶头），油烟去除效率不低于 75%，油烟排放浓度不超过 2.0 mg/m³（国家标准 GB 18483，本地规定更严的从严）。',
      en: 'Fit a medium oil-fume purifier (3 cooking heads) removing at least 75 % of fumes, with emissions of at most 2.0 mg/m³ (national standard GB 18483; stricter local rules apply).',
    });
  });

  it('a stricter local emission limit shows in the text', () => {
    const rules = rulesCopy();
    rules.emissionMax = 1.5;
    const text = textOf(rules, answers({ restaurant: true }), PURIFIER);
    expect(text.zh).toContain('不超过 1.5 mg/m³');
    expect(text.en).toContain('at most 1.5 mg/m³');
    expect(text.zh).not.toContain('2.0');
    expect(text.en).not.toContain('2.0');
  });

  // Rounding 1.25 to 1.3 would tell the merchant a looser limit than the station's own rule.
  it('a two-decimal emission limit is shown as written, not rounded', () => {
    const rules = rulesCopy();
    rules.emissionMax = 1.25;
    const text = textOf(rules, answers({ restaurant: true }), PURIFIER);
    expect(text.en).toContain('at most 1.25 mg/m³');
    expect(text.zh).toContain('不超过 1.25 mg/m³');
  });

  it('another standard name shows in the text', () => {
    const rules = rulesCopy();
    rules.standard = 'DB 31/844';
    const text = textOf(rules, answers({ restaurant: true }), PURIFIER);
    expect(text.zh).toContain('国家标准 DB 31/844');
    expect(text.en).toContain('national standard DB 31/844');
  });
});

/** Hand-made rules with one purifier size and the given items. */
function smallRules(items: RenovationRules['items']): RenovationRules {
  return rulesSchema.parse({
    version: 1,
    standard: 'STD-1',
    emissionMax: 1,
    purifierSizes: [{ size: 'any', name: { zh: '通用', en: 'standard' }, minHeads: 1, maxHeads: null, efficiency: 50 }],
    items,
  });
}

describe('buildChecklist: hand-made rules', () => {
  const rules = smallRules([
    { id: 'always', topic: 't', when: {}, text: { zh: '总是', en: 'always' } },
    { id: 'not-restaurant', topic: 't', when: { restaurant: false }, text: { zh: '非餐饮', en: 'not a restaurant' } },
    {
      id: 'street-restaurant',
      topic: 't',
      when: { restaurant: true, streetSide: true },
      text: { zh: '临街餐饮', en: 'street-side restaurant' },
    },
  ]);

  it.each(COMBINATIONS)('combination $key: conditions decide which items apply', ({ answers: a }) => {
    const expected = ['always'];
    if (!a.restaurant) expected.push('not-restaurant');
    if (a.restaurant && a.streetSide) expected.push('street-restaurant');
    expect(buildChecklist(rules, a).map((i) => i.id)).toEqual(expected);
  });

  it('an item with an empty `when` applies for every combination', () => {
    for (const { answers: a } of COMBINATIONS) {
      expect(buildChecklist(rules, a).map((i) => i.id)).toContain('always');
    }
  });

  it('`{ restaurant: false }` applies to non-restaurants only', () => {
    const hits = COMBINATIONS.filter(({ answers: a }) =>
      buildChecklist(rules, a).some((i) => i.id === 'not-restaurant'),
    );
    expect(hits).toHaveLength(8);
    expect(hits.every(({ answers: a }) => !a.restaurant)).toBe(true);
  });

  it('leaves unknown placeholders as they are and fills known ones', () => {
    const r = smallRules([
      {
        id: 'paint',
        topic: 'paint',
        when: { restaurant: true },
        text: {
          zh: '涂成{{colour}}色，{{size}}净化器，{{heads}} 个灶头，{{efficiency}}%，{{emission}}，{{standard}}',
          en: 'Paint it {{colour}}; {{size}} purifier, {{heads}} heads, {{efficiency}} %, {{emission}}, {{standard}}',
        },
      },
    ]);
    const [item] = buildChecklist(r, { ...answers({ restaurant: true }), cookingHeads: 4 });
    expect(item!.text).toEqual({
      zh: '涂成{{colour}}色，通用净化器，4 个灶头，50%，1.0，STD-1',
      en: 'Paint it {{colour}}; standard purifier, 4 heads, 50 %, 1.0, STD-1',
    });
  });

  it('keeps the rule-file order, not the order of conditions', () => {
    const r = smallRules([
      { id: 'z-last-alpha', topic: 't', when: { kitchenWork: true }, text: { zh: '甲', en: 'a' } },
      { id: 'a-first-alpha', topic: 't', when: {}, text: { zh: '乙', en: 'b' } },
      { id: 'm-middle', topic: 't', when: { facadeWork: true }, text: { zh: '丙', en: 'c' } },
    ]);
    const ids = buildChecklist(r, answers({ facadeWork: true, kitchenWork: true })).map((i) => i.id);
    expect(ids).toEqual(['z-last-alpha', 'a-first-alpha', 'm-middle']);
  });
});

describe('rulesSchema', () => {
  function broken(change: (r: Record<string, unknown>) => void) {
    const r = structuredClone(RAW) as Record<string, unknown>;
    change(r);
    return rulesSchema.safeParse(r);
  }
  const firstItem = (r: Record<string, unknown>) => (r.items as Record<string, unknown>[])[0]!;
  const firstSize = (r: Record<string, unknown>) => (r.purifierSizes as Record<string, unknown>[])[0]!;

  it('accepts the default file', () => {
    expect(rulesSchema.safeParse(RAW).success).toBe(true);
  });

  it('refuses missing items', () => {
    expect(broken((r) => delete r.items).success).toBe(false);
  });

  it('refuses an empty item list', () => {
    expect(broken((r) => (r.items = [])).success).toBe(false);
  });

  it('refuses an item id with spaces', () => {
    expect(broken((r) => (firstItem(r).id = 'hoarding before work')).success).toBe(false);
  });

  it('refuses a purifier size with efficiency 120', () => {
    expect(broken((r) => (firstSize(r).efficiency = 120)).success).toBe(false);
  });

  it('refuses an extra key at the top level', () => {
    expect(broken((r) => (r.extra = true)).success).toBe(false);
  });

  it('refuses an extra key in an item', () => {
    expect(broken((r) => (firstItem(r).note = 'x')).success).toBe(false);
  });

  it('refuses an extra key in a purifier size', () => {
    expect(broken((r) => (firstSize(r).colour = 'red')).success).toBe(false);
  });

  it('refuses an unknown condition in `when`', () => {
    expect(broken((r) => (firstItem(r).when = { terrace: true })).success).toBe(false);
  });

  it('refuses another version', () => {
    expect(broken((r) => (r.version = 2)).success).toBe(false);
  });
});

describe('guidanceAnswersSchema', () => {
  const ok = answers({ restaurant: true, streetSide: true });

  it('accepts a restaurant with heads and a non-restaurant with 0 heads', () => {
    expect(guidanceAnswersSchema.safeParse(ok).success).toBe(true);
    expect(guidanceAnswersSchema.safeParse(answers({ facadeWork: true })).success).toBe(true);
    expect(guidanceAnswersSchema.safeParse({ ...ok, cookingHeads: COOKING_HEADS_MAX }).success).toBe(true);
  });

  it('refuses a restaurant with 0 heads, on cookingHeads', () => {
    const result = guidanceAnswersSchema.safeParse({ ...ok, cookingHeads: 0 });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path)).toEqual([['cookingHeads']]);
  });

  it('refuses non-integer heads', () => {
    expect(guidanceAnswersSchema.safeParse({ ...ok, cookingHeads: 2.5 }).success).toBe(false);
  });

  it('refuses negative heads', () => {
    expect(guidanceAnswersSchema.safeParse({ ...answers(), cookingHeads: -1 }).success).toBe(false);
  });

  it('refuses heads above the maximum', () => {
    expect(COOKING_HEADS_MAX).toBe(50);
    expect(guidanceAnswersSchema.safeParse({ ...ok, cookingHeads: 51 }).success).toBe(false);
  });

  it.each(['restaurant', 'facadeWork', 'kitchenWork', 'streetSide', 'cookingHeads'] as const)(
    'refuses answers missing %s',
    (key) => {
      const a: Partial<GuidanceAnswers> = { ...ok };
      delete a[key];
      expect(guidanceAnswersSchema.safeParse(a).success).toBe(false);
    },
  );

  it('refuses a flag that is not a boolean', () => {
    expect(guidanceAnswersSchema.safeParse({ ...ok, kitchenWork: 'yes' }).success).toBe(false);
  });

  it('refuses extra keys', () => {
    expect(guidanceAnswersSchema.safeParse({ ...ok, terrace: true }).success).toBe(false);
  });
});

describe('checking a rules file (npm run rules -- check)', () => {
  it('finds nothing wrong with the built-in rules, which have the sign-filing item the screen links', () => {
    expect(rulesProblems(RAW)).toEqual([]);
    expect(RULES.items.map((i) => i.id)).toContain(SIGN_FILING_ITEM);
  });

  it('names every schema problem with its path', () => {
    const broken = rulesCopy() as unknown as Record<string, unknown> & { items: Record<string, unknown>[] };
    broken.emissionMax = -1;
    broken.items[2]!.text = { zh: '只有中文' };
    broken.items[4]!.when = { terrace: true };
    const problems = rulesProblems(broken);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^emissionMax: /);
    expect(problems.some((p) => p.startsWith('items[2].text.en: '))).toBe(true);
    expect(problems.some((p) => p.startsWith('items[4].when: ') && p.includes('terrace'))).toBe(true);
  });

  it('finds what the schema takes but would make the checklist wrong', () => {
    const r = rulesCopy();
    r.items[1]!.id = r.items[0]!.id;
    r.items[3]!.text.en += ' {{shop}}';
    r.purifierSizes[1]!.minHeads = 4; // 3 heads would have no size
    expect(rulesProblems(r)).toEqual([
      `items[1].id: "${HOARDING}" is already the id of items[0]`,
      'items[3].text.en: unknown placeholder {{shop}} (known: size, heads, efficiency, emission, standard)',
      'purifierSizes[1].minHeads: expected 3 (sizes must follow on from 1 without gaps or overlaps)',
    ]);
    const capped = rulesCopy();
    capped.purifierSizes[2]!.maxHeads = 10;
    expect(rulesProblems(capped)).toEqual([
      'purifierSizes[2].maxHeads: sizes stop at 10 cooking heads; make the last one null (no upper end)',
    ]);
    const open = rulesCopy();
    open.purifierSizes[0]!.maxHeads = null;
    expect(rulesProblems(open)).toContain('purifierSizes[0].maxHeads: only the last size may be open-ended (null)');
  });

  it('prints each problem of a file with its name and fails; a good file passes', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rules-'));
    const lines: string[] = [];
    const bad = path.join(dir, 'bad.json');
    const r = rulesCopy() as unknown as Record<string, unknown>;
    r.version = 2;
    writeFileSync(bad, JSON.stringify(r));
    expect(check(bad, (l) => lines.push(l))).toBe(1);
    expect(lines[0]).toBe(`${bad}: version: Invalid input: expected 1`);
    const notJson = path.join(dir, 'cut.json');
    writeFileSync(notJson, '{ "version": 1, "items": "oops" ');
    lines.length = 0;
    expect(check(notJson, (l) => lines.push(l))).toBe(1);
    expect(lines[0]).toMatch(/not valid JSON/);
    lines.length = 0;
    expect(check(path.join(dir, 'missing.json'), (l) => lines.push(l))).toBe(1);
    expect(lines[0]).toMatch(/cannot be read \(ENOENT\)/);
    const good = path.join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(RAW));
    lines.length = 0;
    expect(check(good, (l) => lines.push(l))).toBe(0);
    expect(lines).toEqual([`${good}: OK — 8 items, 3 purifier sizes.`]);
  });
});

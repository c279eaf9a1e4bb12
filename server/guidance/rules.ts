import {
  COOKING_HEADS_MAX,
  rulesSchema,
  type GuidanceAnswers,
  type GuidanceItem,
  type RenovationRules,
} from '../../shared/guidance.ts';

/**
 * The renovation checklist, built at once from the merchant's answers and the station's rule data
 * (一次性告知: every requirement in one go). An item applies when every condition it names matches the
 * answers; an item naming none always applies. The purifier item is filled in with the size, removal
 * efficiency and emission limit for the number of cooking heads.
 */
export function buildChecklist(rules: RenovationRules, answers: GuidanceAnswers): GuidanceItem[] {
  const size = answers.restaurant ? purifierSize(rules, answers.cookingHeads) : undefined;
  return rules.items
    .filter((item) => Object.entries(item.when).every(([k, v]) => answers[k as keyof GuidanceAnswers] === v))
    .map((item) => ({
      id: item.id,
      topic: item.topic,
      status: 'proposed' as const,
      text: {
        zh: fill(item.text.zh, rules, answers, size?.name.zh),
        en: fill(item.text.en, rules, answers, size?.name.en),
      },
    }));
}

/** The purifier size for a number of cooking heads (the largest size covers everything above it). */
export function purifierSize(rules: RenovationRules, heads: number) {
  return (
    rules.purifierSizes.find((s) => heads >= s.minHeads && (s.maxHeads === null || heads <= s.maxHeads)) ??
    rules.purifierSizes.at(-1)!
  );
}

/** The placeholders an item's text may use; anything else would be printed as typed. */
export const RULE_PLACEHOLDERS = ['size', 'heads', 'efficiency', 'emission', 'standard'] as const;

/** A path into the rules file as a person reads it: `items[3].text.zh`. */
function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

/**
 * Everything wrong with a rules file's content, each with where it is: what the schema refuses, and what
 * would make the checklist wrong although the schema takes it (two items with one id, purifier sizes that
 * leave cooking heads without a size or give them two, a placeholder that would be printed as typed).
 * Empty when the rules can be used.
 */
export function rulesProblems(raw: unknown): string[] {
  const parsed = rulesSchema.safeParse(raw);
  if (!parsed.success) return parsed.error.issues.map((i) => `${pathOf(i.path) || '(file)'}: ${i.message}`);
  const rules = parsed.data;
  const problems: string[] = [];
  const seen = new Map<string, number>();
  rules.items.forEach((item, i) => {
    const first = seen.get(item.id);
    if (first !== undefined) problems.push(`items[${i}].id: "${item.id}" is already the id of items[${first}]`);
    else seen.set(item.id, i);
    for (const lang of ['zh', 'en'] as const) {
      for (const [, key] of item.text[lang].matchAll(/\{\{(\w+)\}\}/g)) {
        if (!(RULE_PLACEHOLDERS as readonly string[]).includes(key!)) {
          problems.push(
            `items[${i}].text.${lang}: unknown placeholder {{${key}}} (known: ${RULE_PLACEHOLDERS.join(', ')})`,
          );
        }
      }
    }
  });
  // Sizes in order of cooking heads, from 1 up, each starting where the last ended, only the last open-ended.
  let next = 1;
  rules.purifierSizes.forEach((size, i) => {
    const at = `purifierSizes[${i}]`;
    if (size.minHeads !== next)
      problems.push(`${at}.minHeads: expected ${next} (sizes must follow on from 1 without gaps or overlaps)`);
    if (size.maxHeads !== null && size.maxHeads < size.minHeads) {
      problems.push(`${at}.maxHeads: ${size.maxHeads} is below minHeads ${size.minHeads}`);
    }
    const last = i === rules.purifierSizes.length - 1;
    if (size.maxHeads === null && !last) problems.push(`${at}.maxHeads: only the last size may be open-ended (null)`);
    if (last && size.maxHeads !== null && size.maxHeads < COOKING_HEADS_MAX) {
      problems.push(
        `${at}.maxHeads: sizes stop at ${size.maxHeads} cooking heads; make the last one null (no upper end)`,
      );
    }
    next = (size.maxHeads ?? size.minHeads) + 1;
  });
  return problems;
}

function fill(text: string, rules: RenovationRules, answers: GuidanceAnswers, sizeName = ''): string {
  const size = answers.restaurant ? purifierSize(rules, answers.cookingHeads) : undefined;
  const values: Record<string, string> = {
    size: sizeName,
    heads: String(answers.cookingHeads),
    efficiency: String(size?.efficiency ?? ''),
    // As the station wrote it, with one decimal at least (2 reads 2.0, 1.25 stays 1.25).
    emission: Number.isInteger(rules.emissionMax) ? rules.emissionMax.toFixed(1) : String(rules.emissionMax),
    standard: rules.standard,
  };
  return text.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole);
}

import type { GuidanceAnswers, GuidanceItem, RenovationRules } from '../../shared/guidance.ts';

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

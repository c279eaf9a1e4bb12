import { createRequire } from 'node:module';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import type { AxeResults, RunOptions } from 'axe-core';

/**
 * axe's own source, from the installed package: run in the page through the browser's debugging protocol (the
 * hall's content security policy rightly refuses an inline script tag), never fetched.
 */
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Rules the issue named, enforced whatever axe's impact for them: content outside landmarks, skipped heading
 * levels, roles an element may not take, list items outside a list, a name that does not start with what is
 * shown.
 */
export const NAMED_RULES = ['heading-order', 'region', 'aria-allowed-role', 'listitem', 'label-content-name-mismatch'];

/** One rule axe found broken, with each element that breaks it. */
export interface Finding {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; summary: string }[];
}

/** Run axe on the whole page (the 3D canvas included) and return every violation found. */
export async function axe(page: Page): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const engine = (window as unknown as { axe: { run(c: Document, o: RunOptions): Promise<AxeResults> } }).axe;
    const r = await engine.run(document, {
      resultTypes: ['violations'],
      // An experimental rule in axe, enabled because a mismatch between what is shown and what is read was found.
      rules: { 'label-content-name-mismatch': { enabled: true } },
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), summary: n.failureSummary ?? '' })),
    }));
  });
}

/** Every violation, one per line with each element under it, for a person reading the test's output. */
export function readable(screen: string, found: Finding[]): string {
  return found
    .map(
      (v) =>
        `[${screen}] ${v.impact ?? '?'} ${v.id}: ${v.help}\n` +
        v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${n.summary.replace(/\n/g, '\n      ')}`).join('\n'),
    )
    .join('\n');
}

/** What a screen may not have: any serious or critical violation, and any of the named rules at all. */
export function blocking(found: readonly Finding[]): Finding[] {
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical' || NAMED_RULES.includes(v.id));
}

import { createRequire } from 'node:module';
import fs from 'node:fs';
import { expect } from 'vitest';
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

/**
 * A modal dialog keeps the rest of the page out of reach, the language button included: it is opened for each
 * language's check and closed to switch the language.
 */
export interface Modal {
  open(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The screen as it is now, in Chinese and then in English (switched with the page's own button, and back):
 * no serious or critical violation and none of the named rules in either.
 */
export async function checkBothLanguages(page: Page, screen: string, modal?: Modal): Promise<void> {
  const failing: string[] = [];
  await modal?.open();
  for (const lang of ['zh', 'en'] as const) {
    if (lang === 'en') {
      await modal?.close();
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
      await modal?.open();
    }
    const found = await axe(page);
    if (found.length > 0) console.log(readable(`${screen} · ${lang}`, found));
    const bad = blocking(found);
    if (bad.length > 0) failing.push(readable(`${screen} · ${lang}`, bad));
  }
  await modal?.close();
  await page.getByRole('button', { name: '切换到中文' }).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  expect(failing.join('\n'), `accessibility violations on ${screen}`).toBe('');
}

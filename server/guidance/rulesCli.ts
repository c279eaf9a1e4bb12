import fs from 'node:fs';
import path from 'node:path';
import { COOKING_HEADS_MAX, type RenovationRules } from '../../shared/guidance.ts';
import { loadConfig } from '../config.ts';
import { rulesProblems } from './rules.ts';
import { DEFAULT_FILE, readRules } from './rulesFile.ts';

const USAGE = `The renovation rules of the Reception Hall (DATA_DIR/guidance/renovation-rules.json).

  npm run rules -- check <file>   check a rules file before putting it in place: every problem, with where
  npm run rules -- show           the rules the hall uses now, item by item

Edit a copy, check it, then copy it over DATA_DIR/guidance/renovation-rules.json: the hall reads it again
when it changes.`;

/** Every problem in a rules file, each on its own line with its path; exit code 1 when there is any. */
export function check(file: string, out: (line: string) => void): number {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    out(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    return 1;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    out(`${file}: not valid JSON: ${(err as Error).message}`);
    return 1;
  }
  const problems = rulesProblems(raw);
  for (const p of problems) out(`${file}: ${p}`);
  if (problems.length > 0) {
    out(`${problems.length} problem${problems.length === 1 ? '' : 's'}; the hall would keep its last good rules.`);
    return 1;
  }
  const rules = raw as RenovationRules;
  out(`${file}: OK — ${rules.items.length} items, ${rules.purifierSizes.length} purifier sizes.`);
  return 0;
}

/** The rules in force, readable: the station's file, or the built-in defaults when it is missing or broken. */
export function show(dataDir: string, out: (line: string) => void): number {
  const file = path.join(dataDir, 'guidance', 'renovation-rules.json');
  let rules: RenovationRules;
  if (!fs.existsSync(file)) {
    out(`${file} does not exist yet; the hall will start from the built-in rules:`);
    rules = readRules(DEFAULT_FILE);
  } else {
    try {
      rules = readRules(file);
      out(`${file}:`);
    } catch (err) {
      out(`${file} has problems (run: npm run rules -- check ${file}); the built-in rules are:`);
      out(`  ${String((err as Error).message).slice(0, 500)}`);
      rules = readRules(DEFAULT_FILE);
    }
  }
  out(`Standard ${rules.standard}, emission at most ${rules.emissionMax} mg/m³.`);
  out('Oil-fume purifier sizes:');
  for (const s of rules.purifierSizes) {
    const heads = s.maxHeads === null ? `${s.minHeads}+` : `${s.minHeads}–${s.maxHeads}`;
    out(`  ${s.name.zh} / ${s.name.en}: ${heads} cooking heads, removal efficiency at least ${s.efficiency} %`);
  }
  out(`Items (${rules.items.length}):`);
  for (const item of rules.items) {
    const when = Object.entries(item.when)
      .map(([k, v]) => (v ? k : `not ${k}`))
      .join(', ');
    out(`  ${item.id} [${item.topic}] ${when ? `when ${when}` : 'always'}`);
    out(`    ${item.text.zh}`);
    out(`    ${item.text.en}`);
  }
  out(`(Cooking heads are asked from 1 to ${COOKING_HEADS_MAX}.)`);
  return 0;
}

function main(argv: string[]): number {
  const [op, ...rest] = argv;
  const print = (line: string) => console.log(line);
  if (op === 'check' && rest.length === 1) return check(rest[0]!, print);
  if (op === 'show' && rest.length === 0) return show(loadConfig().dataDir, print);
  console.log(USAGE);
  return op === undefined || op === 'help' || op === '--help' ? 0 : 2;
}

if (import.meta.main) process.exitCode = main(process.argv.slice(2));

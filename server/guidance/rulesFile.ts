import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rulesSchema, type RenovationRules } from '../../shared/guidance.ts';
import { rulesProblems } from './rules.ts';
import { log } from '../log.ts';

export const DEFAULT_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'renovation-rules.json');

/** The rules in a file, or an error listing every problem with its path (what `npm run rules -- check` prints). */
export function readRules(file: string): RenovationRules {
  const raw: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  const problems = rulesProblems(raw);
  if (problems.length > 0) throw new Error(problems.join('; '));
  return rulesSchema.parse(raw);
}

const parse = readRules;

/**
 * The renovation rules as the station keeps them: `DATA_DIR/guidance/renovation-rules.json`, copied from the
 * built-in defaults on first start so it can be edited. Read again whenever the file changes; a file that
 * does not parse is reported and the last good rules (or the defaults) stay in force.
 */
export class RulesFile {
  readonly file: string;
  private cached: { stamp: string; rules: RenovationRules } | null = null;
  private readonly defaults: RenovationRules;

  constructor(dataDir: string) {
    this.defaults = parse(DEFAULT_FILE);
    this.file = path.join(dataDir, 'guidance', 'renovation-rules.json');
    if (!fs.existsSync(this.file)) {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.copyFileSync(DEFAULT_FILE, this.file);
    }
  }

  current(): RenovationRules {
    let stamp: string;
    try {
      const st = fs.statSync(this.file);
      stamp = `${st.mtimeMs}:${st.size}`;
    } catch {
      return this.cached?.rules ?? this.defaults;
    }
    if (this.cached?.stamp === stamp) return this.cached.rules;
    try {
      const rules = parse(this.file);
      this.cached = { stamp, rules };
      log.info('guidance.rules.loaded', { file: this.file, items: rules.items.length });
      return rules;
    } catch (err) {
      log.error('guidance.rules.invalid', { file: this.file, error: String(err).slice(0, 500) });
      this.cached = { stamp, rules: this.cached?.rules ?? this.defaults };
      return this.cached.rules;
    }
  }
}

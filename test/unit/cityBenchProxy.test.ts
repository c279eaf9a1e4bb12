import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nginxConfig } from '../bench/city.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A directive as nginx reads it: without its comment, its blanks folded. */
const directive = (line: string) => line.replace(/#.*/, '').trim().replace(/\s+/g, ' ');

describe('the city bench proxy', () => {
  it("routes as README's documented nginx configuration does", () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const documented = /```nginx\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(documented, "README's nginx block").toBeDefined();
    // README's processes listen on 2567 and 2568; the bench's on whatever ports it was given.
    const generated = nginxConfig('/tmp/city', 8080, [2567, 2568]).split('\n').map(directive);
    const routing = documented!
      .split('\n')
      .map(directive)
      // TLS and the public name are the deployment's; the bench listens on loopback over plain HTTP.
      .filter((d) => d && !/^(listen|server_name|ssl_)/.test(d));
    expect(routing.length).toBeGreaterThan(8);
    for (const d of routing) expect(generated, d).toContain(d);
  });
});

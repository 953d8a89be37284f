// Test support: the configuration blocks of the seed tutorials, extracted by hand into
// fixtures/seed-NNN/*.conf. A fixture's `<name>.d/` folder holds the files it includes,
// pasted under "conf.d/<file>" as a user would paste them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Fixture {
  /** "seed-002/10-ssl-termination.conf" */
  name: string;
  text: string;
  files: Record<string, string>;
}

export const FIXTURES_DIR = join(import.meta.dirname, '../../core/nginx/fixtures');

export function loadFixtures(): Fixture[] {
  const fixtures: Fixture[] = [];
  for (const dir of readdirSync(FIXTURES_DIR).sort()) {
    for (const file of readdirSync(join(FIXTURES_DIR, dir)).sort()) {
      if (!file.endsWith('.conf')) continue;
      const files: Record<string, string> = {};
      const includes = join(FIXTURES_DIR, dir, `${file.slice(0, -5)}.d`);
      if (existsSync(includes)) {
        for (const extra of readdirSync(includes).sort()) files[`conf.d/${extra}`] = readFileSync(join(includes, extra), 'utf8');
      }
      fixtures.push({ name: `${dir}/${file}`, text: readFileSync(join(FIXTURES_DIR, dir, file), 'utf8'), files });
    }
  }
  return fixtures;
}

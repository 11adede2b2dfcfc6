/**
 * Our verdict on single Schedules entries against the one a deploy gives: the vercel CLI's
 * (64.0.2) `validateConfig`, its bundled schema plus the IANA check of `timezone` it makes after.
 * An entry the CLI refuses gets an error from the rules, on the field the CLI names; an entry it
 * accepts gets none. The table covers every field of the schema's `schedules` items; what the
 * schema cannot see (a cron field out of range, a route that does not exist) is other tests'.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { checkVercelJson } from '../../../../src/core/vercel/check';
import { parseVercelJson } from '../../../../src/core/vercel/model';
import { repoRoot } from '../../support/repo';
import { NOW } from '../../support/ruleHarness';

type ValidateConfig = (config: unknown) => { message: string } | null;

// tsc turns import() into require() under CommonJS, and the CLI's chunks are ES modules.
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<{ validateConfig?: ValidateConfig }>;

/** The CLI's chunk that exports validateConfig: its file name is a content hash, so it is found by what it exports. */
async function loadValidateConfig(): Promise<ValidateConfig> {
  const chunks = path.join(repoRoot(), 'node_modules', 'vercel', 'dist', 'chunks');
  for (const name of fs.readdirSync(chunks).sort()) {
    if (!name.endsWith('.js') || !/export\s*\{[^}]*\bvalidateConfig\b[^}]*\}/.test(fs.readFileSync(path.join(chunks, name), 'utf8'))) continue;
    const { validateConfig } = await importModule(`vercel/dist/chunks/${name}`);
    if (validateConfig) return validateConfig;
  }
  throw new Error('the vercel CLI no longer exports validateConfig from a chunk');
}

const BASE = { name: 'nightly', schedule: '0 3 * * *', path: '/api/cron/nightly' };

/** [what, entry]: each entry is the whole of `schedules`. */
const ENTRIES: [what: string, entry: Record<string, unknown>][] = [
  ['a complete path entry', BASE],
  ['no name (the schema does not require one)', { schedule: '0 3 * * *', path: '/x' }],
  ['name with dots, underscores, dashes and digits', { ...BASE, name: '0nightly.digest_v2-1' }],
  ['name with a space', { ...BASE, name: 'nightly digest' }],
  ['name starting with a dash', { ...BASE, name: '-nightly' }],
  ['name starting with a dot', { ...BASE, name: '.nightly' }],
  ['an empty name', { ...BASE, name: '' }],
  ['a name with a letter outside ASCII', { ...BASE, name: 'nächtlich' }],
  ['a name of 256 characters', { ...BASE, name: 'n'.repeat(256) }],
  ['a name of 257 characters', { ...BASE, name: 'n'.repeat(257) }],
  ['a number as name', { ...BASE, name: 5 }],
  ['null as name', { ...BASE, name: null }],
  ['the shortest five fields', { ...BASE, schedule: '* * * * *' }],
  ['@daily', { ...BASE, schedule: '@daily' }],
  ['@hourly', { ...BASE, schedule: '@hourly' }],
  ['@monthly', { ...BASE, schedule: '@monthly' }],
  ['@annually (9 characters: the schema lets it through)', { ...BASE, schedule: '@annually' }],
  ['a schedule of 256 characters', { ...BASE, schedule: `0 ${Array.from({ length: 84 }, (_, i) => String(i % 24).padStart(2, '0')).join(',').slice(0, 244)} * * *`.padEnd(256, ' ') }],
  ['a schedule of 257 characters', { ...BASE, schedule: '0 3 * * *'.padEnd(257, ' ') }],
  ['a number as schedule', { ...BASE, schedule: 5 }],
  ['no schedule', { name: 'n', path: '/x' }],
  ['timezone', { ...BASE, timezone: 'America/New_York' }],
  ['a lowercase zone Intl knows', { ...BASE, timezone: 'utc' }],
  ['a POSIX-style zone name', { ...BASE, timezone: 'EST5EDT' }],
  ['Etc/GMT+5', { ...BASE, timezone: 'Etc/GMT+5' }],
  ['an offset for a zone', { ...BASE, timezone: '+05:00' }],
  ['a zone with a space', { ...BASE, timezone: 'America/New York' }],
  ['an unknown zone', { ...BASE, timezone: 'Mars/Olympus' }],
  ['an empty zone', { ...BASE, timezone: '' }],
  ['a zone of 51 characters', { ...BASE, timezone: `Europe/${'B'.repeat(44)}` }],
  ['a number as zone', { ...BASE, timezone: 1 }],
  ['jitter 1', { ...BASE, jitter: 1 }],
  ['jitter 15', { ...BASE, jitter: 15 }],
  ['jitter 0', { ...BASE, jitter: 0 }],
  ['jitter 16', { ...BASE, jitter: 16 }],
  ['jitter 1.5', { ...BASE, jitter: 1.5 }],
  ['jitter as a string', { ...BASE, jitter: '5' }],
  ['a path without its slash', { ...BASE, path: 'api/cron/nightly' }],
  ['an empty path', { ...BASE, path: '' }],
  ['a path of 512 characters', { ...BASE, path: `/${'p'.repeat(511)}` }],
  ['a path of 513 characters', { ...BASE, path: `/${'p'.repeat(512)}` }],
  ['a number as path', { ...BASE, path: 5 }],
  ['requestMethod GET', { ...BASE, requestMethod: 'GET' }],
  ['requestMethod get', { ...BASE, requestMethod: 'get' }],
  ['requestMethod PUT', { ...BASE, requestMethod: 'PUT' }],
  ['requestMethod without a path', { name: 'n', schedule: '0 3 * * *', function: 'api/x.ts', requestMethod: 'POST' }],
  ['a function target', { name: 'n', schedule: '0 3 * * *', function: 'api/cleanup.ts' }],
  ['an empty function', { name: 'n', schedule: '0 3 * * *', function: '' }],
  ['a number as function', { name: 'n', schedule: '0 3 * * *', function: 5 }],
  ['a topic target', { name: 'n', schedule: '0 3 * * *', topic: 'nightly_jobs-1' }],
  ['a topic with a dot', { name: 'n', schedule: '0 3 * * *', topic: 'jobs.nightly' }],
  ['an empty topic', { name: 'n', schedule: '0 3 * * *', topic: '' }],
  ['a topic of 257 characters', { name: 'n', schedule: '0 3 * * *', topic: 't'.repeat(257) }],
  ['a number as topic', { name: 'n', schedule: '0 3 * * *', topic: 7 }],
  ['an entrypoint target', { name: 'n', schedule: '0 3 * * *', entrypoint: 'jobs/nightly.ts' }],
  ['an empty entrypoint', { name: 'n', schedule: '0 3 * * *', entrypoint: '' }],
  ['an entrypoint of 513 characters', { name: 'n', schedule: '0 3 * * *', entrypoint: 'e'.repeat(513) }],
  ['service with function', { name: 'n', schedule: '0 3 * * *', function: 'api/x.ts', service: 'web_api-v' }],
  ['service with a capital', { name: 'n', schedule: '0 3 * * *', function: 'api/x.ts', service: 'Web' }],
  ['service ending in a dash', { name: 'n', schedule: '0 3 * * *', function: 'api/x.ts', service: 'web-' }],
  ['a one-letter service', { name: 'n', schedule: '0 3 * * *', function: 'api/x.ts', service: 'w' }],
  ['service of 65 characters', { name: 'n', schedule: '0 3 * * *', function: 'api/x.ts', service: 'w'.repeat(65) }],
  ['service without function', { ...BASE, service: 'web' }],
  ['two targets', { ...BASE, topic: 'jobs' }],
  ['no target', { name: 'n', schedule: '0 3 * * *' }],
  ['an unknown key', { ...BASE, retries: 3 }],
  ['timeZone for timezone', { ...BASE, timeZone: 'Europe/Berlin' }],
];

/** The field the CLI's message names (`schedules[0].name`), when it names one. */
function fieldOf(message: string): string | undefined {
  return /`schedules\[0\]\.([A-Za-z]+)`/.exec(message)?.[1];
}

describe('Schedules entries: our errors agree with the vercel CLI 64.0.2 validateConfig', () => {
  let validateConfig: ValidateConfig;
  before(async () => {
    validateConfig = await loadValidateConfig();
  });

  for (const [what, entry] of ENTRIES) {
    it(what, () => {
      const config = { schedules: [entry] };
      const refused = validateConfig(config)?.message;
      const text = JSON.stringify(config, null, 2);
      const doc = parseVercelJson(text);
      const errors = checkVercelJson(doc, { plan: 'pro', now: NOW, project: undefined, rules: {} }).filter((f) => f.severity === 'error');
      const flagged = errors.map((f) => `${f.code}: ${text.slice(f.span.start, f.span.end)}`);
      if (refused === undefined) {
        assert.deepEqual(flagged, [], 'the CLI accepts this entry');
        return;
      }
      assert.ok(errors.length > 0, `the CLI refuses it (${refused}); the rules said nothing`);
      const field = fieldOf(refused);
      if (field === undefined) return;
      const property = doc.schedules[0]!.properties.find((p) => p.key === field);
      assert.ok(property, `${field} is not a property of the entry`);
      assert.ok(
        errors.some((f) => f.span.start >= property.span.start && f.span.end <= property.span.end),
        `the CLI names ${field} (${refused}); the rules flagged ${JSON.stringify(flagged)}`,
      );
    });
  }
});

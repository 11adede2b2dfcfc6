/**
 * Every rule module is registered and tested: a new file in src/core/vercel/rules/ that is not
 * in VERCEL_RULES would never run, and one without a test file would run untested.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CODES, type ProblemCode } from '../../../src/core/codes';
import { VERCEL_RULES } from '../../../src/core/vercel/rules';
import type { VercelRule } from '../../../src/core/vercel/context';
import { repoRoot } from '../support/repo';

const NOT_RULES = new Set(['index.ts']);

/** The codes of the vercel.json contract. (`route-missing-get` is the route file's: it is fixed there.) */
const CONTRACT: ProblemCode[] = [
  'config-unreadable',
  'invalid-json',
  'invalid-config-shape',
  'invalid-schedule',
  'day-of-month-and-week',
  'never-fires',
  'hobby-frequency',
  'hobby-precision',
  'invalid-path',
  'duplicate-cron',
  'too-many-crons',
  'unknown-property',
  'route-not-found',
  'trailing-slash-redirect',
  'functions-pattern-unmatched',
  'vercel-json-outside-app',
];

function ruleModules(): string[] {
  const dir = path.join(repoRoot(), 'src', 'core', 'vercel', 'rules');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !NOT_RULES.has(f))
    .sort();
}

function isRule(value: unknown): value is VercelRule {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as VercelRule).codes) &&
    typeof (value as VercelRule).check === 'function'
  );
}

describe('rule modules', () => {
  const modules = ruleModules();

  it('there are rule modules to check', () => {
    assert.ok(modules.length >= 9, modules.join(', '));
  });

  for (const file of modules) {
    const name = file.replace(/\.ts$/, '');
    it(`${name}: exports a rule listed in VERCEL_RULES`, () => {
      // The compiled module sits at the same relative place under out/.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported = require(path.join(__dirname, '..', '..', '..', '..', '..', 'src', 'core', 'vercel', 'rules', name)) as Record<
        string,
        unknown
      >;
      const rules = Object.values(exported).filter(isRule);
      assert.equal(rules.length, 1, `${file} exports ${rules.length} rules`);
      assert.ok(VERCEL_RULES.includes(rules[0]!), `${file}'s rule is not in VERCEL_RULES`);
    });
    it(`${name}: has test/unit/core/vercel/rules/${name}.test.ts`, () => {
      assert.ok(fs.existsSync(path.join(repoRoot(), 'test', 'unit', 'core', 'vercel', 'rules', `${name}.test.ts`)));
    });
  }

  it('VERCEL_RULES has one entry per module, no more', () => {
    assert.equal(VERCEL_RULES.length, modules.length);
    assert.equal(new Set(VERCEL_RULES).size, VERCEL_RULES.length);
  });

  it('every contract code is reported by exactly one rule, and every reported code is registered', () => {
    const owners = new Map<string, number>();
    for (const rule of VERCEL_RULES) for (const code of rule.codes) owners.set(code, (owners.get(code) ?? 0) + 1);
    for (const code of CONTRACT) assert.equal(owners.get(code), 1, code);
    for (const code of owners.keys()) assert.ok(Object.prototype.hasOwnProperty.call(CODES, code), `${code} is not in codes.ts`);
  });
});

/**
 * Every rule module is registered and tested, in every registry: a new file in a rules folder
 * that is not in its registry would never run, and one without a table test would run untested.
 * A rule module's file name is its code, or the family of codes the rule declares; its table
 * test has the same name, and every test file named like a code is the table of a registered rule.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CODES, type ProblemCode } from '../../../src/core/codes';
import { type Rule, ruleMeta } from '../../../src/core/diagnostics';
import { CRON_ROUTE_RULES, RULE_REGISTRIES } from '../../../src/core/service/rules';
import { ROUTE_RULES } from '../../../src/core/routes/rules';
import { VERCEL_RULES } from '../../../src/core/vercel/rules';
import { WRAPPER_RULES } from '../../../src/core/wrappers/rules';
import { repoRoot } from '../support/repo';

/** Where each registry's modules and table tests live, relative to src/core/ and to the repository. */
const PLACES: Record<string, { modules: string; tests: string }> = {
  'vercel.json': { modules: 'vercel/rules', tests: 'test/unit/core/vercel/rules' },
  'route file': { modules: 'routes/rules', tests: 'test/unit/core/routes' },
  'wrapper hint': { modules: 'wrappers/rules', tests: 'test/unit/wrappers' },
  'env file': { modules: 'routes/envRules', tests: 'test/unit/core/routes' },
  'server component': { modules: 'routes/componentRules', tests: 'test/unit/core/routes' },
  'scheduler file': { modules: 'schedulers/rules', tests: 'test/unit/core/schedulers/rules' },
};

/** Codes no rule reports: the cron engine gives them to `explain`, for schedulers other than vercel.json's. */
const EXPLAIN_ONLY: ReadonlySet<ProblemCode> = new Set<ProblemCode>(['interval-too-short', 'next-runs-unavailable']);

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

/** A test file's name shaped like a code: lower-case words joined by hyphens. */
const CODE_SHAPED = /^[a-z0-9]+(?:-[a-z0-9]+)+\.test\.ts$/;

function ruleModules(folder: string): string[] {
  return fs
    .readdirSync(path.join(repoRoot(), 'src', 'core', folder))
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
}

function isRule(value: unknown): value is Rule<never> {
  return typeof value === 'object' && value !== null && Array.isArray((value as Rule<never>).codes) && typeof (value as Rule<never>).check === 'function';
}

/** The rule a module exports; the compiled module sits at the same relative place under out/. */
function exportedRules(folder: string, name: string): Rule<never>[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = require(path.join(__dirname, '..', '..', '..', 'src', 'core', folder, name)) as Record<string, unknown>;
  return Object.values(exported).filter(isRule);
}

describe('rule registries', () => {
  it('every registry has a place, and the four families are there', () => {
    assert.deepEqual(RULE_REGISTRIES.map((r) => r.name).sort(), Object.keys(PLACES).sort());
    const byName = new Map(RULE_REGISTRIES.map((r) => [r.name, r.rules]));
    assert.equal(byName.get('vercel.json'), VERCEL_RULES);
    assert.equal(byName.get('route file'), ROUTE_RULES);
    assert.equal(byName.get('wrapper hint'), WRAPPER_RULES);
  });

  for (const registry of RULE_REGISTRIES) {
    const place = PLACES[registry.name]!;
    describe(`${registry.name} rules (src/core/${place.modules})`, () => {
      const modules = ruleModules(place.modules);

      it('there are rule modules to check', () => {
        assert.ok(modules.length >= 1, place.modules);
        if (registry.name === 'vercel.json') assert.ok(modules.length >= 9, modules.join(', '));
      });

      for (const name of modules) {
        it(`${name}: exports one rule, listed in the registry`, () => {
          const rules = exportedRules(place.modules, name);
          assert.equal(rules.length, 1, `${name}.ts exports ${rules.length} rules`);
          assert.ok(registry.rules.includes(rules[0]!), `${name}.ts's rule is not in the ${registry.name} registry`);
        });
        it(`${name}: the file is named after its one code, or after the family it declares`, () => {
          const rule = exportedRules(place.modules, name)[0]!;
          if (rule.family === undefined) assert.deepEqual(rule.codes, [name]);
          else {
            assert.equal(rule.family, name, 'a family is named as its module');
            assert.ok(rule.codes.length >= 2, 'a family owns several codes');
          }
        });
        it(`${name}: has its table test, ${place.tests}/${name}.test.ts, naming each of its codes`, () => {
          const file = path.join(repoRoot(), place.tests, `${name}.test.ts`);
          assert.ok(fs.existsSync(file), file);
          const text = fs.readFileSync(file, 'utf8');
          for (const code of exportedRules(place.modules, name)[0]!.codes) assert.ok(text.includes(`'${code}'`), `${name}.test.ts never names '${code}'`);
        });
      }

      it('the registry has one entry per module, no more', () => {
        assert.equal(registry.rules.length, modules.length);
        assert.equal(new Set(registry.rules).size, registry.rules.length);
      });
    });
  }

  it('every table test names a registered rule: each test file named like a code is a rule module\'s', () => {
    const tables = new Map<string, Set<string>>();
    for (const registry of RULE_REGISTRIES) {
      const place = PLACES[registry.name]!;
      const names = tables.get(place.tests) ?? new Set<string>();
      for (const name of ruleModules(place.modules)) names.add(`${name}.test.ts`);
      tables.set(place.tests, names);
    }
    for (const [folder, names] of tables) {
      const orphans = fs.readdirSync(path.join(repoRoot(), folder)).filter((f) => CODE_SHAPED.test(f) && !names.has(f));
      assert.deepEqual(orphans, [], `${folder}: test files named like a code that no rule module has`);
    }
  });

  it('every code of codes.ts is reported by exactly one rule of one registry, but the explain-only ones', () => {
    const owners = new Map<string, number>();
    for (const registry of RULE_REGISTRIES) for (const rule of registry.rules) for (const code of rule.codes) owners.set(code, (owners.get(code) ?? 0) + 1);
    for (const code of Object.keys(CODES) as ProblemCode[]) assert.equal(owners.get(code) ?? 0, EXPLAIN_ONLY.has(code) ? 0 : 1, code);
    for (const code of owners.keys()) assert.ok(Object.prototype.hasOwnProperty.call(CODES, code), `${code} is not in codes.ts`);
  });

  it('every vercel.json contract code is reported by exactly one vercel.json rule', () => {
    const owners = new Map<string, number>();
    for (const rule of VERCEL_RULES) for (const code of rule.codes) owners.set(code, (owners.get(code) ?? 0) + 1);
    for (const code of CONTRACT) assert.equal(owners.get(code), 1, code);
  });

  it('a cron route file runs the route rules, then the wrapper hints, each as its registry has it', () => {
    assert.deepEqual(
      CRON_ROUTE_RULES.map((r) => r.codes),
      [...ROUTE_RULES, ...WRAPPER_RULES].map((r) => r.codes),
    );
  });

  it('every code has its meta: the default severity and description of codes.ts, and a docs link', () => {
    for (const code of Object.keys(CODES) as ProblemCode[]) {
      const meta = ruleMeta(code);
      assert.equal(meta.code, code);
      assert.equal(meta.defaultSeverity, CODES[code].defaultSeverity);
      assert.equal(meta.description, CODES[code].description);
      assert.match(meta.docs, /^https:\/\/\S+#problem-codes$/);
    }
  });
});

/**
 * The Schedules fixtures against the schema a local deploy validates: the vercel CLI's (64.0.2)
 * bundled config validator. The array fixture is meant to hold two entries the schema refuses
 * (a jitter of 30, an entry with two targets); the test names exactly those, and the rest of the
 * file, `functions[…].experimentalTriggers` included, must pass. The object fixture is refused
 * as a whole ("should be array"), and the schedules-shape fix turns it into a file that passes.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { applyEdits } from 'jsonc-parser';
import { checkVercelJson } from '../../../../src/core/vercel/check';
import { parseVercelJson } from '../../../../src/core/vercel/model';
import { repoRoot } from '../../support/repo';

interface ValidatorError {
  dataPath?: string;
  instancePath?: string;
  keyword: string;
  message?: string;
}
type Validate = ((data: unknown) => boolean) & { errors?: ValidatorError[] | null };

// tsc turns import() into require() under CommonJS, and the validator is an ES module.
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<{ getConfigValidator(): Validate }>;

function fixture(name: string): string {
  return fs.readFileSync(path.join(repoRoot(), 'test', 'fixtures', name, 'vercel.json'), 'utf8');
}

/** The first error the validator gives (it stops at one), as "where keyword". */
function firstError(validate: Validate, config: unknown): string | undefined {
  if (validate(config)) return undefined;
  const error = validate.errors![0]!;
  return `${error.dataPath ?? error.instancePath} ${error.keyword}`;
}

describe('Schedules fixtures against the vercel CLI 64.0.2 config schema', () => {
  let validate: Validate;
  before(async () => {
    validate = (await importModule('vercel/dist/chunks/config-validator.mjs')).getConfigValidator();
  });

  it('shapes-schedules: refused only for the bad jitter, then only for the entry with two targets', () => {
    const config = JSON.parse(fixture('shapes-schedules')) as { schedules: { name: string }[] };
    const names = config.schedules.map((entry) => entry.name);
    assert.equal(firstError(validate, config), `.schedules[${names.indexOf('hourly-ping')}].jitter maximum`);
    const withoutJitter = { ...config, schedules: config.schedules.filter((entry) => entry.name !== 'hourly-ping') };
    const twoTargets = withoutJitter.schedules.findIndex((entry) => entry.name === 'rebuild-index');
    assert.match(firstError(validate, withoutJitter) ?? 'valid', new RegExp(`^\\.schedules\\[${twoTargets}\\]`));
    const valid = { ...config, schedules: withoutJitter.schedules.filter((entry) => entry.name !== 'rebuild-index') };
    assert.equal(firstError(validate, valid), undefined);
    assert.equal(valid.schedules.length, 7);
  });

  it('schedules-object: the object keyed by name is refused as a whole, and the schedules-shape fix makes it pass', () => {
    const text = fixture('schedules-object');
    assert.equal(firstError(validate, JSON.parse(text)), '.schedules type');
    const findings = checkVercelJson(parseVercelJson(text), { plan: 'unknown', now: new Date('2026-11-28T01:48:00Z'), project: undefined, rules: {} });
    const shape = findings.find((f) => f.code === 'schedules-shape');
    assert.ok(shape?.fixes[0]);
    const fixed = applyEdits(text, shape.fixes[0].edits);
    assert.equal(firstError(validate, JSON.parse(fixed)), undefined);
    assert.deepEqual(
      parseVercelJson(fixed).schedules.map((entry) => [entry.name, entry.target]),
      [
        ['weekly-digest', 'path'],
        ['queue-fanout', 'topic'],
      ],
    );
  });

  it('the rules find the same two refused entries the schema does, and no other error in the file', () => {
    const text = fixture('shapes-schedules');
    const errors = checkVercelJson(parseVercelJson(text), { plan: 'unknown', now: new Date('2026-11-28T01:48:00Z'), project: undefined, rules: {} }).filter((f) => f.severity === 'error');
    assert.deepEqual(
      errors.map((f) => f.code),
      ['invalid-jitter', 'schedule-target'],
    );
  });
});

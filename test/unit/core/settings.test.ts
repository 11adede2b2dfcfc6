import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CODES } from '../../../src/core/codes';
import { applyRuleOverrides, DEFAULT_SETTINGS, readSettings, type RuleSetting } from '../../../src/core/settings';
import type { Problem } from '../../../src/core/types';

describe('readSettings', () => {
  it('returns the defaults for an empty configuration', () => {
    const { settings, warnings } = readSettings({});
    assert.deepEqual(settings, { plan: 'unknown', fluidCompute: 'auto', displayTimeZone: undefined, rules: {}, cronRouteGlob: '**/api/cron/**' });
    assert.deepEqual(warnings, []);
  });

  it('keeps well-typed values without warnings', () => {
    const { settings, warnings } = readSettings({
      plan: 'hobby',
      fluidCompute: 'off',
      displayTimeZone: 'Europe/Berlin',
      rules: { 'hobby-precision': 'off', 'never-fires': 'error', 'interval-too-short': 'hint' },
      cronRouteGlob: 'app/jobs/**',
    });
    assert.deepEqual(settings, {
      plan: 'hobby',
      fluidCompute: 'off',
      displayTimeZone: 'Europe/Berlin',
      rules: { 'hobby-precision': 'off', 'never-fires': 'error', 'interval-too-short': 'hint' },
      cronRouteGlob: 'app/jobs/**',
    });
    assert.deepEqual(warnings, []);
  });

  for (const plan of ['unknown', 'hobby', 'pro', 'enterprise']) {
    it(`accepts plan ${plan}`, () => assert.equal(readSettings({ plan }).settings.plan, plan));
  }

  const badPlans: unknown[] = ['free', 'Hobby', '', 42, true, {}, ['pro']];
  for (const plan of badPlans) {
    it(`ignores plan ${JSON.stringify(plan)} with a warning`, () => {
      const { settings, warnings } = readSettings({ plan });
      assert.equal(settings.plan, 'unknown');
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /nextCronRoutes\.plan/);
    });
  }

  it('ignores a bad fluidCompute with a warning', () => {
    const { settings, warnings } = readSettings({ fluidCompute: 'maybe' });
    assert.equal(settings.fluidCompute, 'auto');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /fluidCompute/);
  });

  it('treats an empty or null displayTimeZone as the machine zone, silently', () => {
    for (const displayTimeZone of ['', null]) {
      const { settings, warnings } = readSettings({ displayTimeZone });
      assert.equal(settings.displayTimeZone, undefined);
      assert.deepEqual(warnings, []);
    }
  });

  it('ignores a non-string displayTimeZone with a warning', () => {
    const { settings, warnings } = readSettings({ displayTimeZone: 5 });
    assert.equal(settings.displayTimeZone, undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /displayTimeZone/);
  });

  it('keeps unknown rule codes (newer configuration) but warns about them', () => {
    const { settings, warnings } = readSettings({ rules: { 'made-up-rule': 'warning', 'never-fires': 'info' } });
    assert.deepEqual(settings.rules, { 'made-up-rule': 'warning', 'never-fires': 'info' });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /made-up-rule/);
  });

  it('drops rule values that are not severities, with one warning each', () => {
    const { settings, warnings } = readSettings({ rules: { 'never-fires': 'fatal', 'hobby-precision': 0, 'invalid-schedule': 'warning' } });
    assert.deepEqual(settings.rules, { 'invalid-schedule': 'warning' });
    assert.equal(warnings.length, 2);
    assert.ok(warnings.some((w) => w.includes('never-fires')));
    assert.ok(warnings.some((w) => w.includes('hobby-precision')));
  });

  it('rejects rules that are not an object', () => {
    for (const rules of ['off', 3, ['never-fires']]) {
      const { settings, warnings } = readSettings({ rules });
      assert.deepEqual(settings.rules, {}, JSON.stringify(rules));
      assert.equal(warnings.length, 1, JSON.stringify(rules));
    }
    assert.deepEqual(readSettings({ rules: null }).warnings, []);
  });

  it('collects one warning per bad setting', () => {
    const { warnings } = readSettings({ plan: 'gold', fluidCompute: 1, displayTimeZone: [], rules: 'x' });
    assert.equal(warnings.length, 4);
  });

  it('never shares or changes the defaults', () => {
    const before = JSON.stringify(DEFAULT_SETTINGS);
    const first = readSettings({ rules: { 'never-fires': 'error' } }).settings;
    const second = readSettings({}).settings;
    assert.deepEqual(second.rules, {});
    assert.notEqual(first.rules, DEFAULT_SETTINGS.rules);
    assert.equal(JSON.stringify(DEFAULT_SETTINGS), before);
  });
});

describe('applyRuleOverrides', () => {
  const problem = (code: string, severity: Problem['severity'], start: number): Problem => ({
    code,
    severity,
    message: `${code} message`,
    span: { start, end: start + 1 },
  });
  const problems: readonly Problem[] = Object.freeze([
    problem('invalid-schedule', 'error', 0),
    problem('hobby-precision', 'info', 2),
    problem('never-fires', 'warning', 4),
    problem('hobby-precision', 'info', 6),
  ]);

  it('returns the problems unchanged without overrides', () => {
    assert.deepEqual(applyRuleOverrides(problems, {}), problems);
  });

  it('drops every problem of a rule set to off', () => {
    const result = applyRuleOverrides(problems, { 'hobby-precision': 'off' });
    assert.deepEqual(
      result.map((p) => p.code),
      ['invalid-schedule', 'never-fires'],
    );
  });

  it('changes only the severity, keeping message, span and order', () => {
    const result = applyRuleOverrides(problems, { 'never-fires': 'error', 'invalid-schedule': 'hint' });
    assert.deepEqual(
      result.map((p) => [p.code, p.severity, p.span.start, p.message]),
      [
        ['invalid-schedule', 'hint', 0, 'invalid-schedule message'],
        ['hobby-precision', 'info', 2, 'hobby-precision message'],
        ['never-fires', 'error', 4, 'never-fires message'],
        ['hobby-precision', 'info', 6, 'hobby-precision message'],
      ],
    );
  });

  it('does not mutate its input', () => {
    const copy = JSON.parse(JSON.stringify(problems)) as Problem[];
    applyRuleOverrides(problems, { 'never-fires': 'error', 'hobby-precision': 'off' });
    assert.deepEqual(problems, copy);
  });

  it('keeps extra fields of richer problem types', () => {
    const rich = [{ ...problem('never-fires', 'warning', 0), file: 'vercel.json' }];
    const [result] = applyRuleOverrides(rich, { 'never-fires': 'error' });
    assert.equal(result!.file, 'vercel.json');
    assert.equal(result!.severity, 'error');
  });

  it('every setting value works for every known code', () => {
    const settings: RuleSetting[] = ['error', 'warning', 'info', 'hint', 'off'];
    for (const code of Object.keys(CODES)) {
      for (const setting of settings) {
        const result = applyRuleOverrides([problem(code, 'warning', 0)], { [code]: setting });
        if (setting === 'off') assert.deepEqual(result, [], code);
        else assert.equal(result[0]!.severity, setting, code);
      }
    }
  });

  it('an override read from settings applies end to end', () => {
    const { settings } = readSettings({ rules: { 'hobby-precision': 'off', 'never-fires': 'error', bogus: 'nonsense' } });
    const result = applyRuleOverrides(problems, settings.rules);
    assert.deepEqual(
      result.map((p) => [p.code, p.severity]),
      [
        ['invalid-schedule', 'error'],
        ['never-fires', 'error'],
      ],
    );
  });
});

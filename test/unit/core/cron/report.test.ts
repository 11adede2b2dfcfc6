import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DialectId } from '../../../../src/core/cron/dialects';
import { explainCron } from '../../../../src/core/cron/engine';
import { formatExplanationText } from '../../../../src/core/cron/report';
import type { Plan } from '../../../../src/core/settings';
import { applyRuleOverrides, type RuleSetting } from '../../../../src/core/settings';
import { DEFAULT_FROM } from '../helpers';

/** The verdict line of the text report: the line under the description, or none for a valid schedule. */
function verdict(expression: string, options: { dialect?: DialectId; plan?: Plan; rules?: Record<string, RuleSetting> } = {}): string | undefined {
  const explanation = explainCron(expression, { dialect: options.dialect ?? 'vercel', plan: options.plan, from: DEFAULT_FROM });
  // As the CLI and the editor command do: overrides first, then valid from what is left.
  const problems = applyRuleOverrides(explanation.problems, options.rules ?? {});
  const valid = !problems.some((p) => p.severity === 'error');
  const text = formatExplanationText({ ...explanation, problems, valid }, { displayZone: 'UTC', now: DEFAULT_FROM });
  return text.split('\n').find((line) => /^ {2}Not /.test(line))?.trim();
}

describe('formatExplanationText: the verdict line', () => {
  const cases: [name: string, expression: string, options: Parameters<typeof verdict>[1], expected: string | undefined][] = [
    ['valid', '*/15 * * * *', {}, undefined],
    ['valid on Pro', '*/15 * * * *', { plan: 'pro' }, undefined],
    ['only the Hobby plan refuses it', '*/15 * * * *', { plan: 'hobby' }, 'Not allowed on the Hobby plan.'],
    ['twice a day on Hobby', '0 */12 * * *', { plan: 'hobby' }, 'Not allowed on the Hobby plan.'],
    ['a platform error', '0 9 * * MON', {}, 'Not valid for Vercel Cron Jobs.'],
    ['a platform error on Hobby too', '0 9 * * MON', { plan: 'hobby' }, 'Not valid for Vercel Cron Jobs.'],
    ['a platform error beside a plan error', '*/15 * * * MON', { plan: 'hobby' }, 'Not valid for Vercel Cron Jobs.'],
    ['plan unknown: hobby-frequency is a warning, so valid', '*/15 * * * *', { plan: 'unknown' }, undefined],
    ['hobby-frequency raised to error by the rules setting is still a plan refusal', '*/15 * * * *', { plan: 'unknown', rules: { 'hobby-frequency': 'error' } }, 'Not allowed on the Hobby plan.'],
    ['another code raised to error is not', '0 9 * * *', { plan: 'hobby', rules: { 'hobby-precision': 'error' } }, 'Not valid for Vercel Cron Jobs.'],
    ['another dialect names itself', '*/15 * * *', { dialect: 'github-actions' }, 'Not valid for GitHub Actions schedule.'],
  ];
  for (const [name, expression, options, expected] of cases) {
    it(`${name}: ${expression}`, () => assert.equal(verdict(expression, options), expected));
  }
});

import { isKnownCode } from './codes';
import type { Severity } from './types';

/** The `nextCronRoutes.*` settings, shared by the editor and the CLI. */
export const PLANS = ['unknown', 'hobby', 'pro', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];

export const FLUID_MODES = ['auto', 'on', 'off'] as const;
export type FluidMode = (typeof FLUID_MODES)[number];

export type RuleSetting = Severity | 'off';
const RULE_SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'info', 'hint', 'off'];

export interface Settings {
  plan: Plan;
  fluidCompute: FluidMode;
  /** IANA zone for the "local" column; undefined means the machine's zone. */
  displayTimeZone: string | undefined;
  rules: Readonly<Record<string, RuleSetting>>;
  /** Route files checked as cron routes even before vercel.json points at them. */
  cronRouteGlob: string;
}

export const DEFAULT_SETTINGS: Settings = {
  plan: 'unknown',
  fluidCompute: 'auto',
  displayTimeZone: undefined,
  rules: {},
  cronRouteGlob: '**/api/cron/**',
};

export function isPlan(value: unknown): value is Plan {
  return typeof value === 'string' && (PLANS as readonly string[]).includes(value);
}

export function isFluidMode(value: unknown): value is FluidMode {
  return typeof value === 'string' && (FLUID_MODES as readonly string[]).includes(value);
}

/**
 * Reads settings from any object shaped like VS Code's configuration (`{ plan, rules, … }`),
 * keeping only well-typed values. Unknown rule codes are kept so a newer configuration does
 * not break an older CLI; each ignored value is described in `warnings`.
 */
export function readSettings(raw: Record<string, unknown>): { settings: Settings; warnings: string[] } {
  const warnings: string[] = [];
  const settings: Settings = { ...DEFAULT_SETTINGS, rules: {} };
  if (raw.plan !== undefined) {
    if (isPlan(raw.plan)) settings.plan = raw.plan;
    else warnings.push(`nextCronRoutes.plan: expected one of ${PLANS.join(', ')}; got ${JSON.stringify(raw.plan)}`);
  }
  if (raw.fluidCompute !== undefined) {
    if (isFluidMode(raw.fluidCompute)) settings.fluidCompute = raw.fluidCompute;
    else warnings.push(`nextCronRoutes.fluidCompute: expected auto, on or off; got ${JSON.stringify(raw.fluidCompute)}`);
  }
  if (raw.displayTimeZone !== undefined && raw.displayTimeZone !== null && raw.displayTimeZone !== '') {
    if (typeof raw.displayTimeZone === 'string') settings.displayTimeZone = raw.displayTimeZone;
    else warnings.push('nextCronRoutes.displayTimeZone: expected an IANA zone name');
  }
  if (raw.cronRouteGlob !== undefined && raw.cronRouteGlob !== null && raw.cronRouteGlob !== '') {
    if (typeof raw.cronRouteGlob === 'string') settings.cronRouteGlob = raw.cronRouteGlob;
    else warnings.push('nextCronRoutes.cronRouteGlob: expected a glob such as **/api/cron/**');
  }
  if (raw.rules !== undefined && raw.rules !== null) {
    if (typeof raw.rules === 'object' && !Array.isArray(raw.rules)) {
      const rules: Record<string, RuleSetting> = {};
      for (const [code, value] of Object.entries(raw.rules as Record<string, unknown>)) {
        if (typeof value === 'string' && (RULE_SETTINGS as readonly string[]).includes(value)) {
          rules[code] = value as RuleSetting;
          if (!isKnownCode(code)) warnings.push(`nextCronRoutes.rules: unknown rule "${code}"`);
        } else {
          warnings.push(`nextCronRoutes.rules.${code}: expected ${RULE_SETTINGS.join(', ')}`);
        }
      }
      settings.rules = rules;
    } else {
      warnings.push('nextCronRoutes.rules: expected an object mapping rule codes to severities');
    }
  }
  return { settings, warnings };
}

/** Applies per-rule overrides like ESLint's rule config; `off` drops the problem. */
export function applyRuleOverrides<T extends { code: string; severity: Severity }>(
  problems: readonly T[],
  rules: Readonly<Record<string, RuleSetting>>,
): T[] {
  const result: T[] = [];
  for (const problem of problems) {
    const override = rules[problem.code];
    if (override === 'off') continue;
    result.push(override ? { ...problem, severity: override } : problem);
  }
  return result;
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readSettings } from '../../../src/core/settings';
import { layeredSettings, sectionOf } from '../../../src/lsp/settings';

/** A settings file as readFolderSettings gives it: the values and the keys the file set. */
function fileSettings(raw: Record<string, unknown>) {
  const { settings, warnings } = readSettings(raw);
  return { settings, warnings, explicit: new Set(Object.keys(raw)) };
}

describe('language server settings: client over .vscode/settings.json over defaults', () => {
  it('the client wins key by key; rules merge by code', () => {
    const file = fileSettings({ plan: 'pro', fluidCompute: 'off', rules: { 'never-fires': 'error', 'hobby-precision': 'warning' } });
    const { settings } = layeredSettings(file, { plan: 'hobby', rules: { 'hobby-precision': 'off' } });
    assert.equal(settings.plan, 'hobby');
    assert.equal(settings.fluidCompute, 'off');
    assert.deepEqual(settings.rules, { 'never-fires': 'error', 'hobby-precision': 'off' });
  });

  it('no client settings: the file; no file either: the defaults', () => {
    assert.equal(layeredSettings(fileSettings({ plan: 'enterprise' }), undefined).settings.plan, 'enterprise');
    assert.equal(layeredSettings(fileSettings({}), undefined).settings.plan, 'unknown');
  });

  it('a wrong client value is a warning and falls back to the default, never a throw', () => {
    const { settings, warnings } = layeredSettings(fileSettings({}), { plan: 42, rules: 'all' });
    assert.equal(settings.plan, 'unknown');
    assert.equal(warnings.length, 2);
  });

  it('reads the section however a client sends it: nested, flat, with nulls for unset keys', () => {
    assert.deepEqual(sectionOf({ nextCronRoutes: { plan: 'hobby', displayTimeZone: null } }, true), { plan: 'hobby' });
    assert.deepEqual(sectionOf({ 'nextCronRoutes.plan': 'pro', other: 1 }, true), { plan: 'pro' });
    assert.deepEqual(sectionOf({ plan: 'pro', cronRouteGlob: null }, false), { plan: 'pro' });
    for (const junk of [null, 'x', 42, [1], { other: {} }]) assert.equal(sectionOf(junk, true), undefined);
  });
});

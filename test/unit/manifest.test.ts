import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CODES } from '../../src/core/codes';
import { PLANS } from '../../src/core/settings';
import { repoRoot } from './support/repo';

const root = repoRoot();
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function versionTuple(version: string): number[] {
  return version.replace(/^[^\d]*/, '').split('.').map(Number);
}

describe('extension manifest', () => {
  it('@types/vscode is not newer than engines.vscode, which is not newer than 1.139', () => {
    const engine = versionTuple(manifest.engines.vscode);
    const types = versionTuple(manifest.devDependencies['@types/vscode']);
    assert.ok(engine[0] === 1 && engine[1]! <= 139, manifest.engines.vscode);
    assert.ok(types[1]! <= engine[1]!, `@types/vscode ${types.join('.')} > engines ${engine.join('.')}`);
  });

  it('pins cron-parser and cronstrue exactly: their behaviour changes between patches', () => {
    for (const name of ['cron-parser', 'cronstrue']) assert.match(manifest.dependencies[name], /^\d+\.\d+\.\d+$/, name);
  });

  it('has a PNG icon, a repository, a publisher and an untrusted-workspace statement', () => {
    const icon = fs.readFileSync(path.join(root, manifest.icon));
    assert.deepEqual([...icon.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(manifest.repository.url);
    assert.ok(manifest.publisher);
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(manifest.capabilities.untrustedWorkspaces.description.length > 20);
  });

  it('activates on vercel.json and next.config.*', () => {
    assert.ok(manifest.activationEvents.includes('workspaceContains:**/vercel.json'));
    assert.ok(manifest.activationEvents.some((e: string) => e.startsWith('workspaceContains:**/next.config.')));
  });

  it('contributes the four settings with the documented values', () => {
    const props = manifest.contributes.configuration.properties;
    assert.deepEqual(props['nextCronRoutes.plan'].enum, [...PLANS]);
    assert.equal(props['nextCronRoutes.plan'].default, 'unknown');
    assert.deepEqual(props['nextCronRoutes.fluidCompute'].enum, ['auto', 'on', 'off']);
    assert.equal(props['nextCronRoutes.fluidCompute'].default, 'auto');
    assert.equal(props['nextCronRoutes.displayTimeZone'].type, 'string');
    assert.deepEqual(props['nextCronRoutes.rules'].additionalProperties.enum, ['error', 'warning', 'info', 'hint', 'off']);
    for (const prop of Object.values(props) as { markdownDescription?: string; description?: string }[]) {
      assert.ok((prop.markdownDescription ?? prop.description ?? '').length > 20);
    }
  });

  it('the vercel.json schema describes crons, schedules and functions without constraining what our rules report', () => {
    const [validation] = manifest.contributes.jsonValidation;
    assert.equal(validation.fileMatch, 'vercel.json');
    const schema = JSON.parse(fs.readFileSync(path.join(root, 'src', 'vscode', 'vercel.schema.json'), 'utf8'));
    for (const key of ['crons', 'schedules', 'functions']) assert.ok(schema.properties[key].description, key);
    const text = JSON.stringify(schema);
    for (const constraint of ['"required"', '"pattern"', '"minLength"', '"maxLength"', '"maxItems"', '"additionalProperties":false']) {
      assert.ok(!text.includes(constraint), `schema constrains with ${constraint}`);
    }
  });

  it('every command is namespaced and categorised', () => {
    for (const command of manifest.contributes.commands) {
      assert.match(command.command, /^nextCronRoutes\.[a-z][A-Za-z]+$/);
      assert.equal(command.category, 'Next Cron Routes');
    }
  });

  it("every problem code is listed in README's Problem codes, and nothing else is", () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Problem codes'), readme.indexOf('\n## ', readme.indexOf('### Problem codes')));
    const listed = new Set([...section.matchAll(/`([a-z]+(?:-[a-z]+)+)`/g)].map((m) => m[1]!));
    assert.deepEqual(Object.keys(CODES).filter((code) => !listed.has(code)), [], 'codes missing from the README');
    assert.deepEqual([...listed].filter((code) => !Object.prototype.hasOwnProperty.call(CODES, code)), [], 'README lists codes that do not exist');
  });

  it('every problem code is kebab-case with a description', () => {
    for (const [code, info] of Object.entries(CODES)) {
      assert.match(code, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(info.description.length > 20, code);
    }
  });
});

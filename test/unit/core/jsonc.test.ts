import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { ParseError } from 'jsonc-parser';
import { excessiveNestingOffset, locationAt, MAX_JSON_DEPTH, parseJsonc } from '../../../src/core/jsonc';
import { tempFolders } from '../support/cliRun';
import { resolveModule } from '../../../src/core/routes/modules';
import { checkVercelJson } from '../../../src/core/vercel/check';
import { getCompletions } from '../../../src/core/vercel/completion';
import { getScheduleHover } from '../../../src/core/vercel/hover';
import { parseVercelJson } from '../../../src/core/vercel/model';
import { ProjectModel } from '../../../src/core/vercel/projectModel';
import { readFolderSettings } from '../../../src/cli/settingsFile';
import { loadTypeScript } from '../../../src/node/loadTypeScript';

const nested = (depth: number, open = '[', close = ']') => open.repeat(depth) + close.repeat(depth);

describe('excessiveNestingOffset', () => {
  const cases: [name: string, text: string, limit: number, expected: number][] = [
    ['flat', '{"crons":[{"path":"/a"}]}', 3, -1],
    ['exactly at the limit', nested(3), 3, -1],
    ['one over the limit: the offending bracket', nested(4), 3, 3],
    ['objects count like arrays', '{"a":{"b":{"c":{}}}}', 3, 15],
    ['brackets in strings do not count', '["[[[[", "{{{{"]', 2, -1],
    ['an escaped quote does not end the string', '["\\"[[[["]', 2, -1],
    ['a string ends at a line break, as JSONC reads it', '["[[\n[[[', 3, 7],
    ['line comments are skipped', '[// [[[[\n]', 2, -1],
    ['block comments are skipped', '[/* [[[[ */]', 2, -1],
    ['an unterminated block comment ends the text', '[/* [[[[', 2, -1],
    // A closer of the other kind does not end what jsonc-parser may still be inside.
    ['a mismatched closer does not pop', '[}[}[}', 2, 4],
    ['siblings do not add up', '[[],[],[],[]]', 2, -1],
  ];
  for (const [name, text, limit, expected] of cases) {
    it(name, () => assert.equal(excessiveNestingOffset(text, limit), expected));
  }

  it('reads 100,000 levels in a bounded way', () => {
    assert.equal(excessiveNestingOffset(nested(100_000)), MAX_JSON_DEPTH);
  });
});

describe('deeply nested configuration files (#14 item 4)', () => {
  it('vercel.json: one invalid-json error at the bracket past the limit, nothing else read', () => {
    const text = `{"crons":${nested(20_000)}}`;
    const doc = parseVercelJson(text);
    assert.equal(doc.crons.length, 0);
    const findings = checkVercelJson(doc, { plan: 'unknown', now: new Date('2026-11-28T00:00:00Z'), project: undefined, rules: {} });
    assert.deepEqual(findings.map((f) => [f.code, f.severity, f.span.start]), [['invalid-json', 'error', 9 + MAX_JSON_DEPTH - 1]]);
    assert.match(findings[0]!.message, /nested more than 512 levels deep/);
  });

  it('vercel.json at the limit is still read', () => {
    const doc = parseVercelJson(`{"crons":[{"path":"/api/cron/a","schedule":"0 3 * * *","x":${nested(MAX_JSON_DEPTH - 3)}}]}`);
    assert.equal(doc.crons.length, 1);
    assert.deepEqual(doc.strict.errors, []);
  });

  it('tsconfig.json: parseJsonc answers undefined with an error, and imports through it resolve as without aliases', () => {
    const errors: ParseError[] = [];
    assert.equal(parseJsonc(nested(50_000, '{"a":', '}'), errors), undefined);
    assert.equal(errors.length, 1);
    const files: Record<string, string> = { 'tsconfig.json': `{"compilerOptions":{"paths":${nested(50_000)}}}`, 'app/api/cron/a/route.ts': '', 'lib/auth.ts': '' };
    const project = new ProjectModel(Object.keys(files), { readFile: (file) => files[file], loadTypeScript });
    assert.equal(resolveModule(project, 'app/api/cron/a/route.ts', '@/lib/auth'), undefined);
    assert.equal(resolveModule(project, 'app/api/cron/a/route.ts', '../../../../lib/auth'), 'lib/auth.ts');
  });

  it('.vscode/settings.json: the defaults, with a warning that says why', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-deep-settings-'));
    try {
      fs.mkdirSync(path.join(folder, '.vscode'));
      fs.writeFileSync(path.join(folder, '.vscode', 'settings.json'), `{"nextCronRoutes.plan":"hobby","x":${nested(100_000)}}`);
      const read = readFolderSettings(folder);
      assert.equal(read.settings.plan, 'unknown');
      assert.equal(read.warnings.length, 1);
      assert.match(read.warnings[0]!, /nested more than 512 levels deep, so it is not read; using the defaults/);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('deeply nested vercel.json in the editor paths and trigger (#14 item 4)', () => {
  const deepCrons = `{"crons": [{"path": "/api/cron/a", "schedule": "0 3 * * *"}], "x": ${nested(20_000)}}`;
  const offset = deepCrons.indexOf('0 3');

  it('hover and completion on the schedule answer nothing instead of overflowing the stack', () => {
    assert.equal(locationAt(deepCrons, offset), undefined);
    assert.equal(getScheduleHover(deepCrons, offset, { now: new Date('2026-11-28T00:00:00Z'), plan: 'unknown', displayTimeZone: 'UTC' }), undefined);
    assert.deepEqual(getCompletions(deepCrons, offset, undefined, 'unknown', new Date('2026-11-28T00:00:00Z')), { items: [], replace: undefined });
  });

  it('a vercel.json within the limit still hovers', () => {
    const text = '{"crons": [{"path": "/api/cron/a", "schedule": "0 3 * * *"}]}';
    assert.ok(locationAt(text, text.indexOf('0 3')));
    assert.ok(getScheduleHover(text, text.indexOf('0 3'), { now: new Date('2026-11-28T00:00:00Z'), plan: 'unknown', displayTimeZone: 'UTC' }));
  });

  it('trigger reads a deep .vscode/settings.json as no settings, without a crash', async () => {
    const folder = tempFolders('ncr-deep-trigger-')({ '.vscode/settings.json': nested(100_000), 'vercel.json': '{"crons": []}', 'package.json': '{"dependencies": {"next": "16.0.0"}}' });
    const { runCli } = await import('../../../src/cli/main');
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['trigger', '/api/cron/a', '--base-url', 'http://127.0.0.1:9', '--timeout', '1', '--json'], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: folder, now: () => new Date() });
    assert.ok(code === 1 || code === 2, `exit ${code}: ${err.join('\n')}`);
    assert.ok(!err.join('\n').includes('Maximum call stack'), err.join('\n'));
  });
});

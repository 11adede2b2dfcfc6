/**
 * Completion in vercel.toml (getTomlCompletions through the service): the paths and schedules
 * vercel.json offers, inside a crons entry's `path` and `schedule` strings, written in the quotes
 * the string has, replacing the whole string; nothing elsewhere, in a multi-line string or in a
 * file TOML cannot parse.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { createCronService, type CronServiceHost, type HostRead } from '../../../../src/core/service';
import { DEFAULT_SETTINGS } from '../../../../src/core/settings';
import { loadTypeScript } from '../../../../src/node/loadTypeScript';
import { NOW } from '../../support/ruleHarness';

const FOLDER = '/work/app';
const ROUTE = 'export async function GET() {\n  return Response.json({});\n}\n';

function completionAt(toml: string, cursor: string, plan: 'hobby' | 'pro' = 'pro') {
  const files: Record<string, string> = { 'package.json': '{ "dependencies": { "next": "15.3.2" } }', 'vercel.toml': toml.replace('|', ''), 'app/api/cron/cleanup/route.ts': ROUTE, 'app/dashboard/route.ts': ROUTE };
  const host: CronServiceHost = {
    listFiles: () => ({ files: Object.keys(files).sort(), unread: new Map() }),
    readFile: (file): HostRead => {
      const text = files[path.posix.relative(FOLDER, file)];
      return text === undefined ? { missing: true } : { text };
    },
    inFolder: (root) => (relative) => path.posix.join(root, relative),
    relative: (root, file) => path.posix.relative(root, file),
    settings: () => ({ ...DEFAULT_SETTINGS, plan }),
    mayReadSecrets: () => true,
    loadTypeScript,
    now: () => NOW,
  };
  const offset = toml.indexOf('|');
  assert.ok(offset >= 0 && toml.includes(cursor), 'the case marks its cursor');
  return createCronService(host, () => FOLDER).completion(path.posix.join(FOLDER, 'vercel.toml'), offset);
}

describe('completion in vercel.toml', () => {
  it('paths in a basic string: JSON-escaped, replacing the string with its quotes, cron routes first', () => {
    const toml = '[[crons]]\npath = "/api/|"\nschedule = "0 3 * * *"\n';
    const result = completionAt(toml, '|');
    const text = toml.replace('|', '');
    assert.equal(text.slice(result.replace!.start, result.replace!.end), '"/api/"');
    assert.deepEqual(
      [...result.items].sort((a, b) => a.sortText.localeCompare(b.sortText)).map((item) => item.insertText),
      ['"/api/cron/cleanup"', '"/dashboard"'],
    );
  });

  it("a literal string keeps its single quotes", () => {
    const result = completionAt("[[crons]]\npath = '|'\nschedule = '0 3 * * *'\n", '|');
    assert.ok(result.items.length > 0);
    assert.ok(result.items.every((item) => /^'[^']*'$/.test(item.insertText)), JSON.stringify(result.items.map((item) => item.insertText)));
  });

  it('schedules valid for the plan, with what they mean, in inline tables too', () => {
    const pro = completionAt('crons = [{ path = "/api/cron/cleanup", schedule = "|" }]\n', '|');
    assert.ok(pro.items.some((item) => item.insertText === '"*/15 * * * *"'));
    assert.ok(pro.items.every((item) => item.detail.endsWith('(UTC)')));
    const hobby = completionAt('crons = [{ path = "/api/cron/cleanup", schedule = "|" }]\n', '|', 'hobby');
    assert.ok(hobby.items.length > 0);
    assert.ok(!hobby.items.some((item) => item.insertText === '"*/15 * * * *"'), 'Hobby runs a job at most once a day');
  });

  const none: [what: string, toml: string][] = [
    ['outside the strings', '[[crons]]\npath = "/api/cron/cleanup"|\nschedule = "0 3 * * *"\n'],
    ['on a key', '[[crons]]\npa|th = "/api/cron/cleanup"\nschedule = "0 3 * * *"\n'],
    ['a string of another key', '[[crons]]\npath = "/api/cron/cleanup"\nschedule = "0 3 * * *"\nnote = "|"\n'],
    ['a multi-line string', '[[crons]]\npath = """|"""\nschedule = "0 3 * * *"\n'],
    ['half-typed TOML', '[[crons]]\npath = "|\nschedule = "0 3 * * *"\n'],
    ['a schedules entry (vercel.json offers none there either)', '[[schedules]]\nname = "a"\nschedule = "|"\npath = "/api/cron/cleanup"\n'],
  ];
  for (const [what, toml] of none) it(`nothing: ${what}`, () => assert.deepEqual(completionAt(toml, '|'), { items: [], replace: undefined }));
});

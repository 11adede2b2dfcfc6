/**
 * config-unreadable (issue #14, item 13): a vercel.json that exists and was not read (a FIFO, a
 * folder, a broken symbolic link, no permission) counted as "0 vercel.json checked: no problems".
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkVercelJson } from '../../../../../src/core/vercel/check';
import { parseVercelJson, unreadableVercelJson } from '../../../../../src/core/vercel/model';
import { configUnreadableRule } from '../../../../../src/core/vercel/rules/config-unreadable';
import { NOW, projectOf } from '../../../support/ruleHarness';

const findings = (doc: ReturnType<typeof parseVercelJson>, rules = {}) =>
  checkVercelJson(doc, { plan: 'unknown', now: NOW, project: projectOf({ 'app/api/cron/a/route.ts': 'export async function GET() {}\n' }), rules });

describe('config-unreadable', () => {
  const readable = ['{}', '{ "crons": [] }', '', '{ "crons": {} }', '{ oops'];
  for (const text of readable) {
    it(`a file that was read is never unreadable: ${JSON.stringify(text)}`, () => {
      assert.deepEqual(findings(parseVercelJson(text)).filter((f) => f.code === 'config-unreadable'), []);
    });
  }

  const reasons = [
    'it is a FIFO (named pipe), not a regular file',
    'it is a directory, not a regular file',
    'it is a symbolic link to nothing (its target does not exist)',
    'permission denied',
    'it is larger than 1 MiB, the most read of such a file',
  ];
  for (const reason of reasons) {
    it(`one error at 1:1 saying why: ${reason}`, () => {
      const doc = unreadableVercelJson(reason);
      const all = findings(doc);
      assert.deepEqual(
        all.map((f) => [f.code, f.severity, f.span]),
        [['config-unreadable', 'error', { start: 0, end: 0 }]],
        'nothing else: there is no text to check',
      );
      assert.equal(all[0]!.message, `vercel.json could not be read: ${reason}. Nothing in it was checked; make it a readable regular file.`);
      assert.deepEqual(all[0]!.fixes, []);
    });
  }

  it('nextCronRoutes.rules can turn it down', () => {
    assert.deepEqual(findings(unreadableVercelJson('permission denied'), { 'config-unreadable': 'warning' }).map((f) => f.severity), ['warning']);
  });

  it('rule module: file scope, one code', () => {
    assert.deepEqual(configUnreadableRule.codes, ['config-unreadable']);
    assert.equal(configUnreadableRule.scope, 'file');
  });
});

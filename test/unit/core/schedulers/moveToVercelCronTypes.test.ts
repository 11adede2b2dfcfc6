/**
 * What "Move this schedule to vercel.json" writes type-checks in one real program against the
 * installed next and node-cron types, with create-next-app's compiler settings: the route it
 * creates, and the job's module after the fix (an export added, a callback made a function), in
 * the canonical style and in double quotes without semicolons.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { applyEdits } from 'jsonc-parser';
import * as ts from 'typescript';
import { SCHEDULER_SOURCES } from '../../../../src/core/schedulers/registry';
import { checkSchedulerFile } from '../../../../src/core/schedulers/rules';
import { projectJobInput } from '../../../../src/core/service/codeJobs';
import { loadTypeScript } from '../../../../src/node/loadTypeScript';
import { ROOT } from '../../snippets/support';
import { projectOf } from '../../support/ruleHarness';
import { NEXT_APP_OPTIONS, virtualProgram } from '../../support/virtualProgram';

const APP = path.join(ROOT, '.move-cron-typecheck');
const OPTIONS: ts.CompilerOptions = { ...NEXT_APP_OPTIONS, jsx: ts.JsxEmit.Preserve, noUnusedLocals: true, noUnusedParameters: true };

const BASE = {
  'package.json': JSON.stringify({ scripts: { start: 'next start' }, dependencies: { next: '15.3.2', 'node-cron': '4.2.1' } }),
  'vercel.json': '{}\n',
  'app/page.tsx': `import '../lib/jobs';\n\nexport default function Page() {\n  return null;\n}\n`,
};

/** The project's files after the fix of the one finding in lib/jobs.ts. */
function fixed(jobs: string, extra: Record<string, string> = {}): Record<string, string> {
  const files: Record<string, string> = { ...BASE, 'lib/jobs.ts': jobs, ...extra };
  const project = projectOf(files);
  const input = projectJobInput(project, loadTypeScript);
  const found = SCHEDULER_SOURCES.filter((r) => r.mayDeclare('lib/jobs.ts', jobs)).flatMap((r) => r.read('lib/jobs.ts', jobs, input));
  const [finding] = checkSchedulerFile({ file: 'lib/jobs.ts', text: jobs, jobs: found, project, loadTypeScript, rules: {} });
  const fix = finding?.fixes[0];
  assert.ok(fix, 'the fix is offered');
  const result: Record<string, string> = { ...files, 'lib/jobs.ts': applyEdits(jobs, fix.edits) };
  for (const created of fix.createFiles ?? []) result[created.file] = created.content;
  return result;
}

function assertTypeChecks(files: Record<string, string>): void {
  // What the fix wrote or edited: the pages around it only import the module.
  const scripts = Object.fromEntries(Object.entries(files).filter(([file]) => /^(lib|app\/api)\/.*\.ts$/.test(file)));
  const diagnostics = [...virtualProgram(APP).typeCheck(scripts, OPTIONS).values()].flat();
  assert.deepEqual(diagnostics, []);
}

describe('Move this schedule to vercel.json: what it writes type-checks', () => {
  it('a named function: the route imports and awaits it', () => {
    const files = fixed(`import cron from 'node-cron';\n\nasync function sendDigest(): Promise<void> {\n  console.log('digest');\n}\n\ncron.schedule('0 8 * * *', sendDigest);\n`);
    assert.ok(files['app/api/cron/send-digest/route.ts']);
    assertTypeChecks(files);
  });
  it('an inline callback made an exported const, in double quotes without semicolons', () => {
    const files = fixed(`import cron from "node-cron"\n\ncron.schedule("0 4 * * *", () => {\n  console.log("warm")\n}, { name: "warm-cache" })\n\nexport const loaded = cron.getTasks().size\n`, {
      'app/page.tsx': `import { loaded } from "../lib/jobs"\n\nexport default function Page() {\n  return <p>{loaded}</p>\n}\n`,
    });
    assert.ok(files['app/api/cron/warm-cache/route.ts']);
    assertTypeChecks(files);
  });
  it('a function imported from another module of the app', () => {
    const files = fixed(`import cron from 'node-cron';\nimport { cleanup } from './cleanup';\n\ncron.schedule('30 2 * * *', cleanup);\n\nexport const started = true;\n`, {
      'lib/cleanup.ts': `export const cleanup = async (): Promise<number> => 3;\n`,
      'app/page.tsx': `import { started } from '../lib/jobs';\n\nexport default function Page() {\n  return <p>{String(started)}</p>;\n}\n`,
    });
    assert.match(files['app/api/cron/cleanup/route.ts']!, /from '\.\.\/\.\.\/\.\.\/\.\.\/lib\/cleanup'/);
    assertTypeChecks(files);
  });
});

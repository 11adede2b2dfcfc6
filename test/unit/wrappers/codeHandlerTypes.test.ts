/**
 * The helpers the QStash and Trigger.dev wrapper refactors create (#20) type-check in one real
 * program with the code they wrap, against the real next, @upstash/qstash (verifySignatureAppRouter
 * inside the guard), @upstash/redis, pg and @trigger.dev/sdk types, with create-next-app's compiler
 * settings, the JavaScript callers under @ts-check; also restyled (double quotes, no semicolons).
 * A task's inline `run` keeps the payload type the task gives it through withTaskMonitoring.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as ts from 'typescript';
import { NEXT_APP_OPTIONS, virtualProgram } from '../support/virtualProgram';
import { applyStyle } from '../../../src/core/next/guardTemplate';
import { monitoringModule, taskMonitoringModule } from '../../../src/core/wrappers/monitoring';
import { qstashGuardModule } from '../../../src/core/wrappers/runGuard/qstashGuard';
import { ROOT } from '../snippets/support';

const APP = path.join(ROOT, '.code-handler-typecheck');
// checkJs off: JavaScript files opt in with @ts-check (the helpers type their API in JSDoc, not their internals, as the monitoring helper).
const OPTIONS: ts.CompilerOptions = { ...NEXT_APP_OPTIONS, allowJs: true, checkJs: false, noUnusedLocals: true, noUnusedParameters: true };
const STYLES = {
  canonical: (text: string) => text,
  styled: (text: string) => applyStyle(text, { quote: '"', semicolons: false, indent: '\t' }),
};

function app(style: (text: string) => string): Record<string, string> {
  const files: Record<string, string> = {
    'lib/cron-monitoring.ts': monitoringModule({ typed: true }),
    'lib/qstash-idempotency.ts': qstashGuardModule('upstash-redis', { typed: true, file: 'lib/qstash-idempotency.ts' }),
    'lib/pg/qstash-idempotency.ts': qstashGuardModule('pg', { typed: true, file: 'lib/pg/qstash-idempotency.ts' }),
    'lib/stub/qstash-idempotency.ts': qstashGuardModule('interface', { typed: true, file: 'lib/stub/qstash-idempotency.ts' }),
    'lib/js/qstash-idempotency.js': qstashGuardModule('upstash-redis', { typed: false, file: 'lib/js/qstash-idempotency.js' }),
    'lib/task-monitoring.ts': taskMonitoringModule({ typed: true }),
    'lib/js/task-monitoring.js': taskMonitoringModule({ typed: false }),
    'app/api/qstash/digest/route.ts': `import { verifySignatureAppRouter } from '@upstash/qstash/nextjs';
import { withCronMonitoring } from '../../../../lib/cron-monitoring';
import { withQStashIdempotency } from '../../../../lib/qstash-idempotency';

async function handler(request: Request) {
  return Response.json({ length: (await request.text()).length });
}

export const POST = withQStashIdempotency({ job: 'qstash-digest', lockSeconds: 300 }, withCronMonitoring('qstash-digest', verifySignatureAppRouter(handler)));
`,
    'app/api/qstash/plain/route.ts': `import type { NextRequest } from 'next/server';
import { withQStashIdempotency as pgGuard } from '../../../../lib/pg/qstash-idempotency';
import { withQStashIdempotency as stubGuard } from '../../../../lib/stub/qstash-idempotency';

export const PUT = pgGuard({ job: 'plain', lockSeconds: 300 }, async (request: NextRequest) => Response.json({ path: request.nextUrl.pathname }));
export const DELETE = stubGuard({ job: 'plain', lockSeconds: 300 }, async () => new Response(null, { status: 204 }));
`,
    'app/api/qstash/js/route.js': `// @ts-check
import { withQStashIdempotency } from '../../../../lib/js/qstash-idempotency';

export const POST = withQStashIdempotency({ job: 'js', lockSeconds: 300 }, async (/** @type {Request} */ request) => Response.json({ url: request.url }));
`,
    'trigger/nightly.ts': `import { schedules } from '@trigger.dev/sdk';
import { withTaskMonitoring } from '../lib/task-monitoring';

export const nightly = schedules.task({
  id: 'nightly-report',
  cron: '0 2 * * *',
  run: withTaskMonitoring('nightly-report', async (payload, { ctx }) => {
    return { at: payload.timestamp.toISOString(), run: ctx.run.id };
  }),
});

export const quiet = schedules.task({ id: 'quiet', cron: '0 3 * * *', run: withTaskMonitoring('quiet', async () => {}) });

// @ts-expect-error the payload keeps its type: a schedule payload has no such field
schedules.task({ id: 'typo', run: withTaskMonitoring('typo', async (payload) => payload.nothingHere) });
`,
    'trigger/js-task.js': `// @ts-check
import { schedules } from '@trigger.dev/sdk';
import { withTaskMonitoring } from '../lib/js/task-monitoring';

export const jsTask = schedules.task({ id: 'js-task', cron: '0 4 * * *', run: withTaskMonitoring('js-task', async (payload) => payload.timestamp.getTime()) });
`,
  };
  return Object.fromEntries(Object.entries(files).map(([file, text]) => [file, style(text)]));
}

const program = virtualProgram(APP);

describe('QStash and Trigger.dev wrapper helpers type-check with the code they wrap', () => {
  for (const [name, style] of Object.entries(STYLES)) {
    it(`${name}: every file, no diagnostics`, () => {
      const result = program.typeCheck(app(style), OPTIONS);
      const problems = [...result.entries()].filter(([, diagnostics]) => diagnostics.length > 0);
      assert.deepEqual(problems, []);
    });
  }

  it('the checks can fail: a guard around a handler that is no route handler is refused', () => {
    const files = { ...app(STYLES.canonical), 'app/api/qstash/bad/route.ts': `import { withQStashIdempotency } from '../../../../lib/qstash-idempotency';\n\nexport const POST = withQStashIdempotency({ job: 'bad', lockSeconds: 300 }, async () => 42);\n` };
    const problems = program.typeCheck(files, OPTIONS).get('app/api/qstash/bad/route.ts') ?? [];
    assert.equal(problems.length, 1, problems.join('\n'));
  });
});

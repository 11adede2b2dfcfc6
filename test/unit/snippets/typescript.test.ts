/**
 * Every TypeScript and TSX snippet, inserted with its defaults at a path of a Next.js app, type-checks
 * in one real TypeScript program against the packages it imports (next, @upstash/qstash,
 * @trigger.dev/sdk, node-cron, @types/react), with the compiler settings `create-next-app` writes.
 * The files are virtual, inside the repository, so imports resolve from its node_modules.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import * as ts from 'typescript';
import { NEXT_APP_OPTIONS, virtualProgram } from '../support/virtualProgram';
import { bodyText, expandSnippet, prefixes, tabstops } from './expand';
import { ROOT, snippetFile } from './support';

/** Where each snippet goes in an app: imports between snippets (instrumentation → lib/cron) resolve. */
const FILES: Readonly<Record<string, string>> = {
  'cron-route': 'app/api/cron/cleanup-sessions/route.ts',
  'cron-pages-route': 'pages/api/cron/cleanup-sessions.ts',
  'cron-health': 'app/api/health/cleanup-sessions/route.ts',
  'cron-qstash-publish': 'lib/queue.ts',
  'cron-qstash-schedule': 'scripts/qstash-schedule.ts',
  'cron-qstash-worker': 'app/api/workers/generate-report/route.ts',
  'cron-qstash-receiver': 'app/api/workers/generate-report-verified/route.ts',
  'cron-trigger-task': 'trigger/cleanup-sessions.ts',
  'cron-node-cron': 'lib/cron.ts',
  'cron-instrumentation': 'instrumentation.ts',
  'cron-after-route': 'app/api/orders/route.ts',
  'cron-after-page': 'app/dashboard/page.tsx',
};

const APP = path.join(ROOT, '.snippet-typecheck');

const OPTIONS: ts.CompilerOptions = { ...NEXT_APP_OPTIONS, jsx: ts.JsxEmit.Preserve, resolveJsonModule: true };

const program = virtualProgram(APP);

/** A program over virtual files (relative to APP) plus everything they import from disk. */
function typeCheck(files: Readonly<Record<string, string>>): Map<string, string[]> {
  return program.typeCheck(files, OPTIONS);
}

const SNIPPETS = [...Object.values(snippetFile('typescript.json')), ...Object.values(snippetFile('typescriptreact.json'))];

/** The snippet with defaults, plus one variant per further option of each choice. */
function variants(prefix: string, body: string): [string, string][] {
  const file = FILES[prefix]!;
  const result: [string, string][] = [[file, expandSnippet(body, { indent: '  ' })]];
  for (const info of tabstops(body).values()) {
    for (const choice of info.choices?.slice(1) ?? []) {
      result.push([
        file.replace(/(\.tsx?)$/, `.${info.index}-${choice}$1`),
        expandSnippet(body, { indent: '  ', values: { [info.index]: choice } }),
      ]);
    }
  }
  return result;
}

describe('snippets: TypeScript and TSX type-check against the real packages', () => {
  let diagnostics: Map<string, string[]>;
  const files: Record<string, string> = {};
  const byPrefix = new Map<string, string[]>();
  for (const snippet of SNIPPETS) {
    for (const prefix of prefixes(snippet)) {
      if (!FILES[prefix]) continue;
      const list = variants(prefix, bodyText(snippet));
      byPrefix.set(
        prefix,
        list.map(([file]) => file),
      );
      for (const [file, text] of list) files[file] = text;
    }
  }

  before(() => {
    diagnostics = typeCheck(files);
  });

  it('every TypeScript snippet has a place in the app', () => {
    assert.deepEqual(
      SNIPPETS.flatMap(prefixes).filter((p) => !FILES[p]),
      [],
    );
  });

  for (const [prefix, list] of byPrefix) {
    it(`${prefix} (${list.join(', ')})`, () => {
      for (const file of list) assert.deepEqual(diagnostics.get(file), [], `${file}:\n${files[file]}`);
    });
  }

  it('the harness sees the real packages: a wrong use of each is the expected error', () => {
    const wrong = typeCheck({
      'a.ts': `import { schedules } from '@trigger.dev/sdk';\nexport const t = schedules.task({ id: 'x', cron: { pattern: '0 0 * * *', zone: 'UTC' }, run: async () => {} });\n`,
      'b.ts': `import { Receiver } from '@upstash/qstash';\nexport const ok = new Receiver({}).verify({ body: 'x' });\n`,
      'c.ts': `import { verifySignatureAppRouter } from '@upstash/qstash/nextjs';\nexport const POST = verifySignatureAppRouter(42);\n`,
      'd.ts': `import cron from 'node-cron';\ncron.schedule('* * * * *', () => {}, { scheduled: false });\n`,
      'e.ts': `import { after } from 'next/server';\nafter(42);\n`,
      'f.tsx': `export default function Page() {\n  return <h1 title={1}>x</h1>;\n}\n`,
      'g.ts': `import { nope } from 'next/server';\nexport { nope };\n`,
    });
    const codes = Object.fromEntries([...wrong].map(([file, found]) => [file, found.map((d) => /TS(\d+)/.exec(d)?.[1])]));
    // 2353 unknown property, 2345 wrong argument, 2322 wrong JSX attribute, 2305 no such export; never 2307 (module not found).
    assert.deepEqual(codes, {
      'a.ts': ['2353'],
      'b.ts': ['2345'],
      'c.ts': ['2345'],
      'd.ts': ['2353'],
      'e.ts': ['2345'],
      'f.tsx': ['2322'],
      'g.ts': ['2305'],
    });
  });
});

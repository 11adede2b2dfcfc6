/**
 * Every generated duplicate-run guard parses, and every TypeScript variant (and every JavaScript
 * one, with checkJs) type-checks in one real program together with App and Pages Router routes
 * that use it, against the real next, ioredis, redis, pg, postgres, @neondatabase/serverless and
 * @upstash/redis types, with the compiler settings create-next-app writes; also after applyStyle
 * (double quotes, no semicolons, tabs). The interface variant is checked as generated (its store
 * not implemented) and as implemented. The wrapped handlers must pass the checks Next's typegen
 * applies to route exports. @vercel/postgres is not installed (Vercel deprecated it for Neon),
 * so its variant is only parsed here and run through a stand-in in runGuardStores.test.ts.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as ts from 'typescript';
import { NEXT_APP_OPTIONS, virtualProgram } from '../support/virtualProgram';
import { applyStyle } from '../../../src/core/next/guardTemplate';
import { RUN_ANYWAY_HEADER, RUN_GUARD_EXPORT, type StoreKind } from '../../../src/core/wrappers/protocol';
import { CRON_RUNS_TABLE, runGuardModule, STORE_STUB_TS } from '../../../src/core/wrappers/runGuard';
import { ROOT } from '../snippets/support';

const APP = path.join(ROOT, '.run-guard-typecheck');
const STORES: StoreKind[] = ['upstash-redis', 'ioredis', 'node-redis', 'pg', 'postgres-js', 'neon', 'vercel-postgres', 'interface'];
/** Type-checked: installed; the interface both as generated and once implemented. */
const CHECKED = STORES.filter((s) => s !== 'vercel-postgres');
/** The folder of the interface variant exactly as generated, its store not yet implemented. */
const UNIMPLEMENTED = 'interface-unimplemented';

const OPTIONS: ts.CompilerOptions = { ...NEXT_APP_OPTIONS, allowJs: true, checkJs: true, noUnusedLocals: true, noUnusedParameters: true };

const STYLES = {
  canonical: (text: string) => text,
  styled: (text: string) => applyStyle(text, { quote: '"', semicolons: false, indent: '\t' }),
};

/** What the interface variant looks like once the user has written a store (with @upstash/redis here). */
const IMPLEMENTED_STORE = `const redis = Redis.fromEnv();

export const cronRunStore: CronRunStore = {
  async claim(key, ttlSeconds) {
    return (await redis.set(key, '1', { nx: true, ex: ttlSeconds })) === 'OK';
  },
  async release(key) {
    await redis.del(key);
  },
};`;

function implemented(text: string): string {
  return `import { Redis } from '@upstash/redis';\n${text.replace(STORE_STUB_TS, IMPLEMENTED_STORE)}`;
}

/** Next's route export checks, as its typegen writes them into .next/types/validator.ts. */
const VALIDATOR_TYPES = `import type { NextApiHandler } from 'next';
import type { NextRequest } from 'next/server';

export type RouteHandlerConfig<Params> = {
  GET?: (request: NextRequest, context: { params: Promise<Params> }) => Promise<Response | void> | Response | void;
};

export type ApiRouteConfig = {
  default: (req: any, res: any) => ReturnType<NextApiHandler>;
};

export type Check<Module extends Config, Config> = Module;
`;

/** Routes using the helper of one store (named by its folder): App (plain, NextRequest with params), Pages, JavaScript. */
function routes(store: string): Record<string, string> {
  const lib = `lib/${store}/cron-run-guard`;
  const options = `{ job: 'cleanup-sessions', schedule: '0 3 * * *', lockSeconds: 300 }`;
  return {
    [`app/api/cron/${store}/route.ts`]: `import { ${RUN_GUARD_EXPORT} } from '../../../../${lib}';

export const maxDuration = 300;

export const GET = ${RUN_GUARD_EXPORT}(${options}, async (request: Request) => {
  const url = new URL(request.url);
  return Response.json({ ok: true, path: url.pathname });
});
`,
    [`app/api/cron/${store}/[job]/route.ts`]: `import { NextResponse, type NextRequest } from 'next/server';
import { ${RUN_GUARD_EXPORT} } from '../../../../../${lib}';

export const GET = ${RUN_GUARD_EXPORT}(${options}, async (request: NextRequest, { params }: { params: Promise<{ job: string }> }) => {
  const { job } = await params;
  return NextResponse.json({ job, from: request.nextUrl.pathname });
});
`,
    [`pages/api/cron/${store}.ts`]: `import type { NextApiRequest, NextApiResponse } from 'next';
import { ${RUN_GUARD_EXPORT} } from '../../../${lib}';

export default ${RUN_GUARD_EXPORT}(${options}, async (req: NextApiRequest, res: NextApiResponse<{ ok: boolean }>) => {
  res.status(req.method === 'GET' ? 200 : 405).json({ ok: true });
});
`,
    [`app/api/cron/${store}-js/route.js`]: `// @ts-check
import { ${RUN_GUARD_EXPORT} } from '../../../../lib/js/${store}/cron-run-guard';

export const GET = ${RUN_GUARD_EXPORT}(${options}, async (/** @type {Request} */ request) => Response.json({ url: request.url }));
`,
    [`types/${store}/validator.ts`]: `import type { Check, RouteHandlerConfig, ApiRouteConfig } from '../validator';
import type * as Daily from '../../app/api/cron/${store}/route';
import type * as Dynamic from '../../app/api/cron/${store}/[job]/route';
import type * as Pages from '../../pages/api/cron/${store}';

export type Checked = [
  Check<typeof Daily, RouteHandlerConfig<{}>>,
  Check<typeof Dynamic, RouteHandlerConfig<{ job: string }>>,
  Check<typeof Pages, ApiRouteConfig>,
];
`,
    [`types/${store}/misuse.ts`]: `import type { NextApiRequest, NextApiResponse } from 'next';
import { ${RUN_GUARD_EXPORT} } from '../../${lib}';

const handler = async (request: Request, context: { params: Promise<{ id: string }> }) => Response.json({ id: (await context.params).id, url: request.url });
const pages = async (_req: NextApiRequest, res: NextApiResponse<{ ok: boolean }>) => res.json({ ok: true });

export const same: (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response> = ${RUN_GUARD_EXPORT}(${options}, handler);
export const samePages: (req: NextApiRequest, res: NextApiResponse<{ ok: boolean }>) => Promise<void> = ${RUN_GUARD_EXPORT}(${options}, pages);

export function misuse() {
  // @ts-expect-error the lock must say how long it lives
  ${RUN_GUARD_EXPORT}({ job: 'x', schedule: '0 3 * * *' }, handler);
  // @ts-expect-error an App Router handler answers with a Response
  ${RUN_GUARD_EXPORT}(${options}, async (_request: Request) => 'done');
  // @ts-expect-error a number is no handler
  ${RUN_GUARD_EXPORT}(${options}, 42);
}
`,
  };
}

/** The TypeScript app, or the JavaScript one (its routes and helpers only). */
function app(style: (text: string) => string, language: 'ts' | 'js'): Record<string, string> {
  const files: Record<string, string> = language === 'ts' ? { 'types/validator.ts': VALIDATOR_TYPES } : {};
  for (const store of CHECKED) {
    if (language === 'ts') {
      const typed = runGuardModule(store, { typed: true });
      files[`lib/${store}/cron-run-guard.ts`] = store === 'interface' ? implemented(typed) : typed;
      if (store === 'interface') {
        files[`lib/${UNIMPLEMENTED}/cron-run-guard.ts`] = typed;
        for (const [file, text] of Object.entries(routes(UNIMPLEMENTED))) if (file.endsWith('.ts')) files[file] = text;
      }
    } else {
      // The interface store as generated: it compiles, and throws at run time until implemented.
      files[`lib/js/${store}/cron-run-guard.js`] = runGuardModule(store, { typed: false });
    }
    for (const [file, text] of Object.entries(routes(store))) if (file.endsWith(`.${language}`)) files[file] = text;
  }
  return Object.fromEntries(Object.entries(files).map(([file, text]) => [file, style(text)]));
}

/**
 * JavaScript as a project with `// @ts-check` sees it: every check but implicit any, since plain
 * JavaScript has no annotations to give (wrong calls into the client packages still fail).
 */
const JS_OPTIONS: ts.CompilerOptions = { ...OPTIONS, noImplicitAny: false };

const program = virtualProgram(APP);
const { format } = program;

/** A program over virtual files (relative to APP) plus everything they import from disk. */
function typeCheck(files: Readonly<Record<string, string>>, options = OPTIONS): Map<string, string[]> {
  return program.typeCheck(files, options);
}

function syntaxErrors(text: string, fileName: string): string[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, fileName.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  return (file as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.map(format);
}

describe('run guard helper: every variant parses and reads right', () => {
  for (const store of STORES) {
    for (const typed of [true, false]) {
      const text = runGuardModule(store, { typed });
      const name = `${store} (${typed ? 'TypeScript' : 'JavaScript'})`;

      it(`${name} parses, canonical and styled`, () => {
        for (const [style, apply] of Object.entries(STYLES)) {
          assert.deepEqual(syntaxErrors(apply(text), typed ? 'guard.ts' : 'guard.js'), [], `${style}:\n${apply(text)}`);
        }
      });

      it(`${name}: no apostrophe outside a quoted string, so applyStyle cannot mangle a line`, () => {
        const bad = text.split('\n').filter((line) => line.replace(/'([^'\n]*)'/g, '').includes("'"));
        assert.deepEqual(bad, []);
      });

      it(`${name}: exports ${RUN_GUARD_EXPORT} and previousCronSlot, documents ${RUN_ANYWAY_HEADER}${STORE_SQL(store) ? ' and the table' : ''}`, () => {
        assert.match(text, new RegExp(`^export function ${RUN_GUARD_EXPORT}\\b`, 'm'));
        assert.match(text, /^export function previousCronSlot\(/m);
        const doc = text.slice(0, text.indexOf('*/'));
        assert.ok(doc.includes(`\`${RUN_ANYWAY_HEADER}: 1\``), doc);
        if (STORE_SQL(store)) assert.ok(doc.includes(CRON_RUNS_TABLE.split('\n').map((l) => ` * ${l}`).join('\n')), 'CREATE TABLE in the doc comment');
        assert.equal(typed, /^import type \{ NextApiRequest, NextApiResponse \} from 'next';$/m.test(text));
      });
    }
  }
});

function STORE_SQL(store: StoreKind): boolean {
  return ['pg', 'postgres-js', 'neon', 'vercel-postgres'].includes(store);
}

describe('run guard helper: type-checks against the real packages', () => {
  for (const [style, apply] of Object.entries(STYLES)) {
    it(`every store but @vercel/postgres, TypeScript, with App and Pages routes and Next route checks (${style})`, () => {
      const diagnostics = typeCheck(app(apply, 'ts'));
      const failures = [...diagnostics].filter(([, found]) => found.length > 0);
      assert.deepEqual(
        failures.map(([file, found]) => `${file}\n${found.join('\n')}`),
        [],
      );
    });

    it(`every store but @vercel/postgres, JavaScript with checkJs, with an App route (${style})`, () => {
      const diagnostics = typeCheck(app(apply, 'js'), JS_OPTIONS);
      const failures = [...diagnostics].filter(([, found]) => found.length > 0);
      assert.deepEqual(
        failures.map(([file, found]) => `${file}\n${found.join('\n')}`),
        [],
      );
    });
  }

  it('@vercel/postgres type-checks against its documented sql tag, declared here as the package is not installed', () => {
    const files = {
      'types/vercel-postgres.d.ts': `declare module '@vercel/postgres' {
  import type { QueryResult, QueryResultRow } from 'pg';
  type Primitive = string | number | boolean | undefined | null;
  /** README: const { rows } = await sql\`SELECT ...\`; values are sent as parameters. */
  export function sql<O extends QueryResultRow>(strings: TemplateStringsArray, ...values: Primitive[]): Promise<QueryResult<O>>;
}
`,
      'lib/vercel-postgres/cron-run-guard.ts': runGuardModule('vercel-postgres', { typed: true }),
      ...Object.fromEntries(Object.entries(routes('vercel-postgres')).filter(([file]) => file.endsWith('.ts') && !file.includes('validator'))),
    };
    const failures = [...typeCheck(files)].filter(([, found]) => found.length > 0);
    assert.deepEqual(
      failures.map(([file, found]) => `${file}\n${found.join('\n')}`),
      [],
    );
  });

  it('the TypeScript program above holds the interface variant as generated, unimplemented, with its routes', () => {
    const files = app(STYLES.canonical, 'ts');
    assert.ok(files[`lib/${UNIMPLEMENTED}/cron-run-guard.ts`]!.includes(STORE_STUB_TS));
    assert.ok(files[`app/api/cron/${UNIMPLEMENTED}/route.ts`]);
  });

  it('the harness sees the real packages: a wrong use of each is the expected error', () => {
    const wrong = typeCheck({
      'a.ts': `import { Redis } from 'ioredis';\nexport const r = new Redis('redis://x').set('k', 'v', 'NX', 'EX', 1);\n`,
      'b.ts': `import { createClient } from 'redis';\nexport const r = createClient().set('k', 'v', { condition: 'NOPE' });\n`,
      'c.ts': `import { Pool } from 'pg';\nexport const p = new Pool({ connectionString: 1 });\n`,
      'd.ts': `import postgres from 'postgres';\nexport const s = postgres(1);\n`,
      'e.ts': `import { neon } from '@neondatabase/serverless';\nexport const s = neon(1);\n`,
      'f.ts': `import { Redis } from '@upstash/redis';\nexport const r = Redis.fromEnv().set('k', 'v', { nx: true, ex: 'soon' });\n`,
      'g.ts': `import type { NextApiResponse } from 'next';\nexport const f = (res: NextApiResponse) => res.status('200');\n`,
    });
    const codes = Object.fromEntries([...wrong].map(([file, found]) => [file, found.map((d) => /TS(\d+)/.exec(d)?.[1])]));
    // 2769 no overload matches, 2322 wrong property type, 2345 wrong argument; never 2307 (module not found).
    assert.deepEqual(codes, {
      'a.ts': ['2769'],
      'b.ts': ['2322'],
      'c.ts': ['2322'],
      'd.ts': ['2769'],
      'e.ts': ['2769'],
      'f.ts': ['2322'],
      'g.ts': ['2345'],
    });
  });
});

/**
 * Runs a route file a fix wrote, the way Next.js would call it, so tests check what the guard
 * does rather than how it reads. TypeScript is stripped with the product's own compiler;
 * `process.env` is a private object, so tests never touch the real environment. The edge
 * variant's Web Crypto is Node's global `crypto`, the same API the Edge runtime exposes.
 */
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { loadTypeScript } from '../../../src/node/loadTypeScript';

export interface CronCall {
  /** CRON_SECRET as the deployment would have it; undefined when unset. */
  secret: string | undefined;
  /** The Authorization header; undefined when absent. */
  authorization: string | undefined;
}

class FakeNextResponse extends Response {
  static override json(body: unknown, init?: ResponseInit): FakeNextResponse {
    return new FakeNextResponse(JSON.stringify(body), { ...init, headers: { 'content-type': 'application/json' } });
  }
  static next(): FakeNextResponse {
    return new FakeNextResponse(null, { status: 200 });
  }
}

function load(
  source: string,
  fileName: string,
  secret: string | undefined,
  modules: Record<string, unknown>,
  request: () => Request | undefined,
): Record<string, unknown> {
  const ts = loadTypeScript();
  const js = ts.transpileModule(source, {
    fileName,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  const env: Record<string, string> = {};
  if (secret !== undefined) env.CRON_SECRET = secret;
  const fakeRequire = (id: string): unknown => {
    if (id === 'node:crypto' || id === 'crypto') return crypto;
    if (id === 'next/server') return { NextResponse: FakeNextResponse, NextRequest: Request };
    if (id === 'next/headers') return { headers: async () => request()?.headers ?? new Headers() };
    if (Object.prototype.hasOwnProperty.call(modules, id)) return modules[id];
    throw new Error(`the route imports ${id}, which the test does not provide`);
  };
  const module = { exports: {} as Record<string, unknown> };
  new Function('require', 'module', 'exports', 'process', js)(fakeRequire, module, module.exports, { env });
  return module.exports;
}

/** The status an App Router route's GET answers a cron request with. */
export async function runAppGet(
  source: string,
  call: CronCall,
  modules: Record<string, unknown> = {},
  fileName = 'route.ts',
): Promise<number> {
  const headers: Record<string, string> = { 'user-agent': 'vercel-cron/1.0' };
  if (call.authorization !== undefined) headers.authorization = call.authorization;
  const request = new Request('https://example.com/api/cron/job', { headers });
  const exports = load(source, fileName, call.secret, modules, () => request);
  const get = exports.GET;
  if (typeof get !== 'function') throw new Error('the route exports no GET function');
  const response = (await get(request, { params: Promise.resolve({}) })) as Response;
  return response.status;
}

/** The status a Pages Router API route's default export answers a cron request with. */
export async function runPagesHandler(
  source: string,
  call: CronCall,
  modules: Record<string, unknown> = {},
  fileName = 'job.ts',
): Promise<number> {
  const exports = load(source, fileName, call.secret, modules, () => undefined);
  const handler = exports.default;
  if (typeof handler !== 'function') throw new Error('the API route has no default export function');
  const headers: Record<string, string> = { 'user-agent': 'vercel-cron/1.0' };
  if (call.authorization !== undefined) headers.authorization = call.authorization;
  const req = { method: 'GET', url: '/api/cron/job', query: {}, headers };
  const res = {
    statusCode: 200,
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    json() {
      return this;
    },
    send() {
      return this;
    },
    end() {
      return this;
    },
  };
  await handler(req, res);
  return res.statusCode;
}

/** The calls every guard must answer right: no secret configured, forged "Bearer undefined", wrong and right secret. */
export const GUARD_CASES: [name: string, call: CronCall, status: 'refused' | 200][] = [
  ['CRON_SECRET unset, no header', { secret: undefined, authorization: undefined }, 'refused'],
  ['CRON_SECRET unset, "Bearer undefined"', { secret: undefined, authorization: 'Bearer undefined' }, 'refused'],
  ['CRON_SECRET unset, "Bearer " (empty secret)', { secret: undefined, authorization: 'Bearer ' }, 'refused'],
  ['secret set, no header', { secret: 'a2f0c7d1e9b84c6aa1f3', authorization: undefined }, 'refused'],
  [
    'secret set, wrong secret of the same length',
    { secret: 'a2f0c7d1e9b84c6aa1f3', authorization: 'Bearer a2f0c7d1e9b84c6aa1f4' },
    'refused',
  ],
  ['secret set, secret without "Bearer "', { secret: 'a2f0c7d1e9b84c6aa1f3', authorization: 'a2f0c7d1e9b84c6aa1f3' }, 'refused'],
  ['secret set, right secret', { secret: 'a2f0c7d1e9b84c6aa1f3', authorization: 'Bearer a2f0c7d1e9b84c6aa1f3' }, 200],
];

/** Asserts a guard's answers on every GUARD_CASES call: 401 when refused, 200 for the right secret. */
export async function assertGuards(run: (call: CronCall) => Promise<number>): Promise<void> {
  for (const [name, call, expected] of GUARD_CASES) assert.equal(await run(call), expected === 200 ? 200 : 401, name);
}

/** Node's `(req, res)` for a cron request, and the status the handler set. */
function nodeCall(call: CronCall): { req: unknown; res: { statusCode: number } } {
  const headers: Record<string, string> = { 'user-agent': 'vercel-cron/1.0' };
  if (call.authorization !== undefined) headers.authorization = call.authorization;
  const res = {
    statusCode: 200,
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    json() {
      return this;
    },
    send() {
      return this;
    },
    end() {
      return this;
    },
  };
  return { req: { method: 'GET', url: '/api/cron/job', query: {}, headers }, res };
}

/**
 * The status a Vercel function of a project without Next.js answers a cron request with, called
 * as Vercel's runtime calls it: the default export (or CommonJS `module.exports`) when it is a
 * function, with `(req, res)` or, when `web` (the edge runtime), a Request; else the `GET` or
 * `fetch` of the exported object, or the exported GET, with a Request.
 */
export async function runVercelFunction(source: string, call: CronCall, options: { web?: boolean; fileName?: string; modules?: Record<string, unknown> } = {}): Promise<number> {
  const headers: Record<string, string> = { 'user-agent': 'vercel-cron/1.0' };
  if (call.authorization !== undefined) headers.authorization = call.authorization;
  const request = new Request('https://example.com/api/cron/job', { headers });
  const exports = load(source, options.fileName ?? 'job.ts', call.secret, options.modules ?? {}, () => request) as unknown;
  const listener = (typeof exports === 'function' ? exports : ((exports as Record<string, unknown>).default ?? exports)) as Record<string, unknown> | ((...args: unknown[]) => unknown);
  if (typeof listener === 'function') {
    if (options.web) return ((await listener(request)) as Response).status;
    const { req, res } = nodeCall(call);
    await listener(req, res);
    return res.statusCode;
  }
  const web = listener.GET ?? listener.fetch;
  if (typeof web !== 'function') throw new Error('the function exports no handler');
  return ((await (web as (request: Request) => unknown).call(listener, request)) as Response).status;
}

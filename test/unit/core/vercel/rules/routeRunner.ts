/**
 * Runs the GET of a route file a fix wrote, the way Next would call it, so tests check what the
 * generated guard does rather than how it reads. TypeScript is stripped with the project's own
 * compiler; `process.env` is a private object, so tests never touch the real environment.
 */
import * as crypto from 'node:crypto';
import { loadTypeScript } from '../../../../../src/node/loadTypeScript';

export interface GetCall {
  /** CRON_SECRET as the deployment would have it; undefined when unset. */
  secret: string | undefined;
  /** The Authorization header; undefined when absent. */
  authorization: string | undefined;
}

const NEXT_SERVER = { NextResponse: { json: (body: unknown, init?: ResponseInit) => Response.json(body, init) } };

/** The status of `GET(request)` exported by `source`. */
export async function runRouteGet(source: string, fileName: string, call: GetCall, modules: Record<string, unknown> = {}): Promise<number> {
  const ts = loadTypeScript();
  const js = ts.transpileModule(source, {
    fileName,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const env: Record<string, string> = {};
  if (call.secret !== undefined) env.CRON_SECRET = call.secret;
  const fakeRequire = (id: string): unknown => {
    if (id === 'node:crypto' || id === 'crypto') return crypto;
    if (id === 'next/server') return NEXT_SERVER;
    if (Object.prototype.hasOwnProperty.call(modules, id)) return modules[id];
    throw new Error(`the route imports ${id}, which the test does not provide`);
  };
  const module = { exports: {} as Record<string, unknown> };
  new Function('require', 'module', 'exports', 'process', js)(fakeRequire, module, module.exports, { env });
  const get = module.exports.GET;
  if (typeof get !== 'function') throw new Error('the route exports no GET function');
  const headers: Record<string, string> = call.authorization === undefined ? {} : { authorization: call.authorization };
  const response = (await get(new Request('https://example.com/api/cron/job', { headers }), { params: Promise.resolve({}) })) as Response;
  return response.status;
}

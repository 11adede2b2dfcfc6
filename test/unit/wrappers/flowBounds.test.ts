/**
 * The wrapper hints' analyses are bounded by counts (calls followed, syntax nodes read, nesting),
 * never by the clock, and what they did not read they do not call clean: past a bound the answer
 * is `unseen` and the hint is quiet. Also the key-stability reading on its own.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findHandler } from '../../../src/core/routes/handlers';
import { analyseClaims } from '../../../src/core/wrappers/flow/claims';
import { keyStability, type KeyStability } from '../../../src/core/wrappers/flow/keyStability';
import { analyseMonitoring } from '../../../src/core/wrappers/flow/monitoring';
import { Resolver } from '../../../src/core/wrappers/flow/origins';
import { MAX_RUN_HOPS, MAX_RUN_NODES } from '../../../src/core/wrappers/flow/run';
import { type Files, flowApp, projectOf, ROUTE } from '../support/ruleHarness';

function analyse(route: string, files: Files = {}) {
  const project = projectOf(flowApp(route, files));
  const handler = findHandler(project.ts(), project.sourceFile(ROUTE)!, 'app')!;
  return { monitoring: analyseMonitoring(project, ROUTE, handler), claims: analyseClaims(project, ROUTE, handler) };
}

/** step0() → step1() → … → step{n-1}(), the last one holding `last`. */
function chain(n: number, last: string): string {
  const steps = Array.from({ length: n }, (_, i) => (i === n - 1 ? `async function step${i}() {\n${last}\n}\n` : `async function step${i}() {\n  await step${i + 1}();\n}\n`));
  return `import * as Sentry from '@sentry/nextjs';\nimport { redis } from '@/lib/redis';\n\n${steps.join('\n')}\nexport async function GET() {\n  await step0();\n  return Response.json({ ok: true });\n}\n`;
}
const REPORTS = "  try {\n    await fetch('https://api.example.com');\n  } catch (error) {\n    Sentry.captureException(error);\n  }";
const CLAIMS = "  if (!(await redis.set('cron:job', 1, { nx: true, ex: 60 }))) return;\n  await fetch('https://api.example.com');";
const REDIS = { 'lib/redis.ts': `import { Redis } from '@upstash/redis';\n\nexport const redis = Redis.fromEnv();\n` };

describe('calls followed from the handler', () => {
  it(`evidence ${MAX_RUN_HOPS} calls deep is found`, () => {
    assert.equal(analyse(chain(MAX_RUN_HOPS, REPORTS)).monitoring.verdict, 'reported');
    assert.equal(analyse(chain(MAX_RUN_HOPS, CLAIMS), REDIS).claims.verdict, 'claimed');
  });
  it('deeper, the run is unseen: the hints stay quiet rather than say there is nothing', () => {
    const monitoring = analyse(chain(MAX_RUN_HOPS + 3, REPORTS)).monitoring;
    assert.equal(monitoring.verdict, 'unseen');
    assert.match(monitoring.why, /more than \d+ calls deep/);
    assert.equal(analyse(chain(MAX_RUN_HOPS + 3, CLAIMS), REDIS).claims.verdict, 'unseen');
  });
  it('recursion ends: functions calling each other are read once', () => {
    const route = `import * as Sentry from '@sentry/nextjs';\n\nasync function ping(n: number): Promise<void> {\n  if (n > 0) await pong(n - 1);\n}\nasync function pong(n: number): Promise<void> {\n  try {\n    await ping(n);\n  } catch (error) {\n    await ping(0);\n    console.error(error);\n  }\n}\n\nexport async function GET() {\n  await ping(3);\n  return Response.json({ ok: true });\n}\n`;
    const facts = analyse(route);
    assert.equal(facts.monitoring.verdict, 'unreported', facts.monitoring.why);
    assert.equal(facts.claims.verdict, 'unclaimed');
  });
  it('a failure path that calls itself ends too', () => {
    const route = `async function report(error: unknown): Promise<void> {\n  try {\n    console.error(error);\n  } catch (again) {\n    await report(again);\n  }\n}\n\nexport async function GET() {\n  try {\n    await fetch('https://api.example.com');\n  } catch (error) {\n    await report(error);\n  }\n  return Response.json({ ok: true });\n}\n`;
    assert.equal(analyse(route).monitoring.verdict, 'unreported');
  });
});

describe('syntax read per analysis', () => {
  it(`a run longer than ${MAX_RUN_NODES} syntax nodes is unseen, not unreported`, () => {
    const statements = Array.from({ length: 2500 }, (_, i) => `  await fetch('https://api.example.com/${i}', { method: 'POST' });`).join('\n');
    const route = `export async function GET() {\n  try {\n${statements}\n  } catch (error) {\n    console.error(error);\n  }\n  return Response.json({ ok: true });\n}\n`;
    const facts = analyse(route).monitoring;
    assert.equal(facts.verdict, 'unseen');
    assert.match(facts.why, /more code than the analysis reads/);
  });
  it('nesting deeper than the walk goes is unseen, and nothing throws', () => {
    // No brackets (files nested past 256 of them are not parsed at all): a sum nests one level per term.
    const route = `export async function GET() {\n  try {\n    const value = ${Array.from({ length: 400 }, () => '1').join(' + ')};\n    console.log(value);\n  } catch (error) {\n    console.error(error);\n  }\n  return Response.json({ ok: true });\n}\n`;
    const facts = analyse(route).monitoring;
    assert.equal(facts.verdict, 'unseen');
    assert.match(facts.why, /nests its code too deeply/);
  });
});

describe('key stability: what an idempotency or deduplication key derives from', () => {
  const cases: [expression: string, expected: KeyStability][] = [
    ["'daily-payout'", 'constant'],
    ['`payout-${new Date().toISOString().slice(0, 10)}`', 'stable'],
    ["new Date().toISOString().split('T')[0]", 'stable'],
    ['new Date().toISOString()', 'clock'],
    ['new Date().toISOString().slice(0, 19)', 'clock'],
    ['`run-${Date.now()}`', 'clock'],
    ['Math.floor(Date.now() / 3_600_000)', 'stable'],
    ['new Date().toDateString()', 'stable'],
    ['new Date().getUTCDate()', 'stable'],
    ['randomUUID()', 'random'],
    ['crypto.randomUUID()', 'random'],
    ['`job-${Math.random()}`', 'random'],
    ['nanoid()', 'random'],
    ['v4()', 'random'],
    ["format(new Date(), 'yyyy-MM-dd')", 'stable'],
    ["format(new Date(), 'yyyy-MM-dd HH:mm:ss')", 'clock'],
    ["dayjs().format('YYYY-MM-DD')", 'stable'],
    ['dayjs().toISOString()', 'clock'],
    ['`invoice-${invoice.id}`', 'stable'],
    ['slot', 'stable'],
    ['today', 'stable'],
    ['stamp', 'clock'],
  ];
  const prelude = `import { randomUUID } from 'node:crypto';\nimport { nanoid } from 'nanoid';\nimport { v4 } from 'uuid';\nimport { format } from 'date-fns';\nimport dayjs from 'dayjs';\n\n`;
  for (const [expression, expected] of cases) {
    it(`${expression} → ${expected}`, () => {
      const text = `${prelude}export async function GET(invoice: { id: string }, slot: string) {\n  const today = new Date().toISOString().slice(0, 10);\n  const stamp = new Date().toISOString();\n  const key = ${expression};\n  return [today, stamp, key];\n}\n`;
      const project = projectOf(flowApp(text));
      const sourceFile = project.sourceFile(ROUTE)!;
      const handler = findHandler(project.ts(), sourceFile, 'app')!;
      const resolver = new Resolver(project, 1000);
      const scope = resolver.child(resolver.moduleScope(ROUTE)!, handler.fn);
      const statement = (handler.fn.body as import('typescript').Block).statements[2] as import('typescript').VariableStatement;
      assert.equal(keyStability(resolver, statement.declarationList.declarations[0]!.initializer!, scope), expected);
    });
  }
});

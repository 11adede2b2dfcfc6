/**
 * Route files nested deeper than the analysis goes (issue #14, items 5 and 12): never a crash,
 * and never a clean bill of health for code that was not read. A throw while checking one route
 * is that route's internal error, never the end of the whole check.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseAuth, MAX_WALK_DEPTH } from '../../../../src/core/routes/authAnalysis';
import { checkCronRoutes } from '../../../../src/core/service/rules';
import { findHandler } from '../../../../src/core/routes/handlers';
import { missingAuthRule } from '../../../../src/core/routes/rules/missing-auth';
import { excessiveSourceNesting, MAX_SOURCE_NESTING } from '../../../../src/core/sourceNesting';
import { parseVercelJson } from '../../../../src/core/vercel/model';
import { ProjectModel } from '../../../../src/core/vercel/projectModel';
import { loadTypeScript } from '../../../../src/node/loadTypeScript';
import { app, DEFAULTS, projectOf, ROUTE, routeApp, runRoutes, vercelJson } from '../../support/ruleHarness';

describe('excessiveSourceNesting', () => {
  const cases: [name: string, text: string, limit: number, expected: number][] = [
    ['calls at the limit', 'f(f(f(1)))', 3, -1],
    ['calls one past the limit: the offending bracket', 'f(f(f(f(1))))', 3, 7],
    ['arrays, objects and parentheses mix', 'x = [{a: (1)}]', 2, 9],
    ['brackets in strings do not count', `s = "((((" + '[[[[' + "\\"(("`, 1, -1],
    ['brackets in comments do not count', '// ((((\n/* [[[[ */ f()', 1, -1],
    ['template text does not count', 'x = `((((`', 1, -1],
    ['a template expression counts its braces and what is inside', 'x = `${f(g(1))}`', 2, 8],
    ['nested templates (each template and each ${ is a level)', 'x = `${`${1}`}`', 4, -1],
    ['nested templates past the limit', 'x = `${`${1}`}`', 3, 8],
    ['a closer of another kind does not pop', 'f(]]]]((', 2, 7],
    ['an unterminated string ends at the line break', 'x = "((\nf(1)', 1, -1],
  ];
  for (const [name, text, limit, expected] of cases) {
    it(name, () => assert.equal(excessiveSourceNesting(text, limit), expected));
  }
});

const handlerWith = (expression: string) => `export async function GET() {\n  const value = ${expression};\n  return Response.json({ value });\n}\n`;

function unparsable(route: string): string | undefined {
  const project = projectOf(routeApp(route));
  const reason = project.unparsable(ROUTE);
  if (reason) assert.equal(project.sourceFile(ROUTE), undefined);
  return reason;
}

describe('ProjectModel: route files TypeScript cannot parse', () => {
  it('700 nested calls: not parsed, with the reason (TypeScript overflows near 670)', () => {
    assert.match(unparsable(handlerWith('f('.repeat(700) + '1' + ')'.repeat(700))) ?? '', new RegExp(`more than ${MAX_SOURCE_NESTING} levels deep`));
  });

  it('a nesting TypeScript parses is parsed', () => {
    assert.equal(unparsable(handlerWith('f('.repeat(MAX_SOURCE_NESTING - 2) + '1' + ')'.repeat(MAX_SOURCE_NESTING - 2))), undefined);
  });

  it('20,000 nested arrow functions (no bracket nesting): the parser overflows, and the reason says so', () => {
    assert.match(unparsable(handlerWith('() => '.repeat(20_000) + '1')) ?? '', /too deeply for TypeScript to parse/);
  });
});

describe('analyseAuth: a depth budget counted in syntax levels', () => {
  function facts(route: string) {
    const project = projectOf(routeApp(route));
    const sourceFile = project.sourceFile(ROUTE);
    assert.ok(sourceFile, project.unparsable(ROUTE));
    const handler = findHandler(project.ts(), sourceFile, 'app');
    assert.ok(handler);
    return analyseAuth(project, ROUTE, handler);
  }

  it('200,000 terms of 1 + 1 + …: incomplete, no stack overflow', () => {
    const result = facts(handlerWith(Array.from({ length: 200_000 }, () => '1').join(' + ')));
    assert.match(result.incomplete ?? '', new RegExp(`the handler nests its code more than ${MAX_WALK_DEPTH} levels deep`));
  });

  it('1,000 nested ifs around the only read of the header: incomplete, not "never checks"', () => {
    const route = `export async function GET(request: Request) {\n  ${'if (request) '.repeat(1_000)}{ if (request.headers.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) return new Response(null, { status: 401 }); }\n  return Response.json({ ok: true });\n}\n`;
    const result = facts(route);
    assert.ok(result.incomplete);
  });

  it('a handler within the budget is complete', () => {
    const result = facts(handlerWith('f('.repeat(100) + '1' + ')'.repeat(100)));
    assert.equal(result.incomplete, undefined);
  });
});

describe('checkCronRoutes: a route it could not analyse is listed as not analysed, never clean', () => {
  const OPEN = 'export async function GET() {\n  await fetch(\'https://example.com/hooks/rebuild\', { method: \'POST\' });\n  return Response.json({ ok: true });\n}\n';
  const deepCalls = handlerWith('f('.repeat(700) + '1' + ')'.repeat(700));
  const longSum = handlerWith(Array.from({ length: 200_000 }, () => '1').join(' + '));
  const outcome = (files: Record<string, string>, options = {}) =>
    runRoutes(files, options).map((r) => ({ file: r.file, codes: r.findings.map((f) => f.code), notAnalysed: r.notAnalysed, internalError: r.internalError }));

  it('700 nested calls: listed with the reason (it was skipped as if it did not exist)', () => {
    const [result, ...rest] = outcome(routeApp(deepCalls));
    assert.deepEqual(rest, []);
    assert.equal(result!.file, ROUTE);
    assert.deepEqual(result!.codes, []);
    assert.match(result!.notAnalysed ?? '', new RegExp(`^it nests brackets more than ${MAX_SOURCE_NESTING} levels deep \\(at offset \\d+\\), deeper than TypeScript can parse$`));
  });

  it('200,000 terms of 1 + 1 + …: listed with the reason, and no missing-auth from facts that stopped early', () => {
    assert.deepEqual(outcome(routeApp(longSum)), [{ file: ROUTE, codes: [], notAnalysed: `the handler nests its code more than ${MAX_WALK_DEPTH} levels deep`, internalError: undefined }]);
    // The wrapper hints (and their fixes, which overflowed the stack) are route rules too.
    assert.deepEqual(outcome(routeApp(longSum), { rules: {} })[0]!.codes, []);
  });

  it('the other routes of the app are checked as usual', () => {
    const files = app({
      'vercel.json': vercelJson('/api/cron/deep', '/api/cron/open'),
      'app/api/cron/deep/route.ts': longSum,
      'app/api/cron/open/route.ts': OPEN,
    });
    assert.deepEqual(
      outcome(files).map((r) => [r.file, r.codes, r.notAnalysed === undefined]),
      [
        ['app/api/cron/deep/route.ts', [], false],
        ['app/api/cron/open/route.ts', ['missing-auth'], true],
      ],
    );
  });

  it('a glob-only route too deep to analyse is listed; one without GET is still no cron route', () => {
    const files = app({ 'vercel.json': '{}', 'app/api/cron/deep/route.ts': longSum, 'app/api/cron/post/route.ts': longSum.replace('GET', 'POST') });
    assert.deepEqual(outcome(files).map((r) => [r.file, r.notAnalysed !== undefined]), [['app/api/cron/deep/route.ts', true]]);
  });

  it('a route file the host cannot read (a FIFO to the CLI) is listed as unread, not skipped', () => {
    const files = routeApp(OPEN);
    const project = new ProjectModel(Object.keys(files), { readFile: (file) => (file === ROUTE ? undefined : files[file]), loadTypeScript });
    const results = checkCronRoutes(parseVercelJson(files['vercel.json']!), project, { ...DEFAULTS });
    assert.deepEqual(results, [{ file: ROUTE, findings: [], notAnalysed: 'it could not be read' }]);
  });

  it('an env file the host cannot read is listed as unread (it was skipped silently)', () => {
    const files = routeApp(OPEN, { '.env.local': 'CRON_SECRET=x\n' });
    const project = new ProjectModel(Object.keys(files), { readFile: (file) => (file === '.env.local' ? undefined : files[file]), loadTypeScript });
    const results = checkCronRoutes(parseVercelJson(files['vercel.json']!), project, { ...DEFAULTS });
    assert.deepEqual(results.find((r) => r.file === '.env.local'), { file: '.env.local', findings: [], notAnalysed: 'it could not be read' });
  });
});

describe("checkCronRoutes: what one route throws is that route's internal error", () => {
  it('the other routes and the env files are still checked, and the throw is kept for the caller', () => {
    const files = app({
      'vercel.json': vercelJson('/api/cron/a', '/api/cron/b'),
      'app/api/cron/a/route.ts': 'export async function GET() {\n  return Response.json({ a: 1 });\n}\n',
      'app/api/cron/b/route.ts': 'export async function GET() {\n  await fetch(\'https://example.com/hooks/b\');\n  return Response.json({ b: 1 });\n}\n',
      '.env.local': 'CRON_SECRET=short\n',
    });
    const boom = new RangeError('Maximum call stack size exceeded');
    const check = missingAuthRule.check;
    missingAuthRule.check = (ctx) => {
      if (ctx.file === 'app/api/cron/a/route.ts') throw boom;
      return check(ctx);
    };
    try {
      const released: string[] = [];
      const project = projectOf(files);
      const release = project.release.bind(project);
      project.release = (file) => {
        released.push(file);
        release(file);
      };
      const results = checkCronRoutes(parseVercelJson(files['vercel.json']!), project, { ...DEFAULTS }, (f) => f.code);
      assert.deepEqual(results, [
        { file: 'app/api/cron/a/route.ts', findings: [], internalError: boom },
        { file: 'app/api/cron/b/route.ts', findings: ['missing-auth'] },
        { file: '.env.local', findings: ['cron-secret-format'] },
      ]);
      assert.deepEqual(released, ['app/api/cron/a/route.ts', 'app/api/cron/b/route.ts'], 'the failed route is released too');
    } finally {
      missingAuthRule.check = check;
    }
  });
});

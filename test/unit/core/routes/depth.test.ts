/**
 * Route files nested deeper than the analysis goes (issue #14, items 5 and 12): never a crash,
 * and never a clean bill of health for code that was not read.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseAuth, MAX_WALK_DEPTH } from '../../../../src/core/routes/authAnalysis';
import { findHandler } from '../../../../src/core/routes/handlers';
import { excessiveSourceNesting, MAX_SOURCE_NESTING } from '../../../../src/core/sourceNesting';
import { projectOf } from '../vercel/rules/harness';
import { ROUTE, routeApp } from './harness';

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

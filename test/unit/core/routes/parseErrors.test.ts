/**
 * No fix edits code inside or next to a syntax error (#14 item 4): TypeScript recovered from the
 * error by guessing where the handler ends, a fix placed by that guess does not settle (plain
 * `fix` once prepended ten `if (!process.env.CRON_SECRET)` blocks per run to such a route), and
 * can turn a recoverable file into garbage. The findings stay; their fixes go.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsIn, routeApp } from '../../support/ruleHarness';

/** The route: the `if (` lacks its `)` and the arrow's parameter list its own. */
const BROKEN_AUTH = 'export const GET = async (req => { if (req.headers.get("authorization") !== `Bearer ${process.env.CRON_SECRET}` return 1 }\n';

/** The same check, parsed whole. */
const WHOLE_AUTH =
  "export async function GET(request: Request) {\n  if (request.headers.get('authorization') !== `Bearer ${process.env.CRON_SECRET}`) {\n    return new Response('Unauthorized', { status: 401 });\n  }\n  return Response.json({ ok: true });\n}\n";

const fixesByCode = (findings: ReturnType<typeof findingsIn>) => findings.map((f) => [f.code, f.fixes.length] as const).sort();

describe('route fixes next to a syntax error', () => {
  it('the issue route: auth-fails-open and auth-not-timing-safe are reported, with no fix', () => {
    const findings = findingsIn(routeApp(BROKEN_AUTH));
    const codes = fixesByCode(findings);
    assert.ok(codes.some(([code]) => code === 'auth-fails-open'), JSON.stringify(codes));
    assert.deepEqual(
      codes.filter(([, fixes]) => fixes > 0),
      [],
    );
  });

  // One line, one finding: the fail-closed fix makes the comparison constant-time too (no hint on its line).
  it('the same route parsed whole keeps its fixes', () => {
    const codes = fixesByCode(findingsIn(routeApp(WHOLE_AUTH)));
    assert.deepEqual(
      codes.filter(([code]) => code === 'auth-fails-open' || code === 'auth-not-timing-safe'),
      [['auth-fails-open', 1]],
    );
  });

  it('an error in the handler, even far from where a fix edits, takes the fixes of the handler', () => {
    const broken = WHOLE_AUTH.replace('return Response.json({ ok: true });', 'const rows = [1, 2;\n  return Response.json({ ok: true, rows });');
    const codes = fixesByCode(findingsIn(routeApp(broken)));
    assert.deepEqual(
      codes.filter(([, fixes]) => fixes > 0),
      [],
    );
  });

  it('an error in a statement of its own, lines away, leaves the fixes of the handler alone', () => {
    const far = `${WHOLE_AUTH}\nconst rows = [1, 2;\n\nexport const a = 1;\nexport const b = 2;\nexport const c = 3;\n`;
    const codes = fixesByCode(findingsIn(routeApp(far)));
    assert.deepEqual(
      codes.filter(([code]) => code === 'auth-fails-open' || code === 'auth-not-timing-safe'),
      [['auth-fails-open', 1]],
    );
  });

  it("a fix that appends to the file is dropped when the file's last lines are broken", () => {
    // The constant-time helper goes at the end of the file, right after the broken statement:
    // the fail-closed fix, which also makes the comparison constant-time, appends it too.
    const tail = `${WHOLE_AUTH}\nconst rows = [1, 2;\n`;
    const codes = fixesByCode(findingsIn(routeApp(tail)));
    assert.deepEqual(
      codes.filter(([code]) => code === 'auth-fails-open' || code === 'auth-not-timing-safe'),
      [['auth-fails-open', 0]],
    );
    // A comparison that is not fail-open keeps its own hint, and it too loses the appending fix.
    const closed = tail.replace('  if (request', '  if (!process.env.CRON_SECRET) return new Response(null, { status: 500 });\n  if (request');
    assert.deepEqual(
      fixesByCode(findingsIn(routeApp(closed))).filter(([code]) => code === 'auth-fails-open' || code === 'auth-not-timing-safe'),
      [['auth-not-timing-safe', 0]],
    );
  });
});

describe('"Add a GET handler" next to a syntax error', () => {
  // route-missing-get is reported in the route file, where its fix appends the handler.
  const POST_ONLY = 'export async function POST() {\n  return Response.json({ ok: true });\n}\n';
  const getFixes = (route: string) =>
    findingsIn(routeApp(route))
      .filter((f) => f.code === 'route-missing-get')
      .map((f) => f.fixes.length);

  it('appends to the route: offered on a whole file, not after a broken last statement', () => {
    assert.deepEqual(getFixes(POST_ONLY), [1]);
    assert.deepEqual(getFixes(`${POST_ONLY}const rows = [1, 2;\n`), [0]);
  });
});

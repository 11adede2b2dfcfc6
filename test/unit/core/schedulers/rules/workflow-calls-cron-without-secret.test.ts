import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { hasFixes, type Finding } from '../../../../../src/core/diagnostics';
import { checkSchedulerFile, SCHEDULER_FILE_RULES } from '../../../../../src/core/schedulers/rules';
import { MAX_REQUESTS_PER_FILE } from '../../../../../src/core/schedulers/rules/workflow-calls-cron-without-secret';
import { applyEdits } from 'jsonc-parser';
import { AUTH, type Files, packageJson, projectOf, summary, vercelJson } from '../../../support/ruleHarness';
import { loadTypeScript } from '../../../../../src/node/loadTypeScript';

const CODE = 'workflow-calls-cron-without-secret';
const WORKFLOW = '.github/workflows/cron.yml';

/** A route that checks CRON_SECRET, one vercel.json schedules, one it does not, and a route that is no cron route. */
const APP: Files = {
  'vercel.json': vercelJson('/api/cron/sync'),
  'package.json': packageJson('15.3.2'),
  'app/api/cron/sync/route.ts': `export async function GET(request: Request) {\n${AUTH}  return Response.json({ ok: true });\n}\n`,
  'app/api/cron/backfill/route.ts': `export async function POST(request: Request) {\n${AUTH}  return Response.json({ ok: true });\n}\n`,
  'app/api/health/route.ts': `export async function GET() {\n  return Response.json({ ok: true });\n}\n`,
};

function check(workflow: string, files: Files = APP, { broken = false } = {}): Finding[] {
  // A case must be the YAML it means to be: a plain scalar holding `: ` is no run step at all.
  if (!broken) assert.deepEqual(parseDocument(workflow).errors.map((e) => e.message), []);
  const project = projectOf({ ...files, [WORKFLOW]: workflow });
  const findings = checkSchedulerFile({ file: WORKFLOW, text: workflow, jobs: [], project, loadTypeScript, rules: {} });
  for (const finding of findings) assert.equal(hasFixes(finding), finding.fixes.length > 0);
  return findings.filter((finding) => finding.code === CODE);
}

/** A workflow with one job whose steps are `steps` (indented as list items under `steps:`). */
function workflow(steps: string, { jobEnv = '', workflowEnv = '', runsOn = 'ubuntu-latest' } = {}): string {
  return `name: Cron\non:\n  schedule:\n    - cron: '0 5 * * *'\n${workflowEnv}jobs:\n  call:\n    runs-on: ${runsOn}\n${jobEnv}    steps:\n${steps}`;
}

const SECRET_ENV = '        env:\n          CRON_SECRET: ${{ secrets.CRON_SECRET }}\n';

describe(`${CODE}: silent on workflows that send the secret, or where it cannot tell`, () => {
  const cases: [string, string][] = [
    ['a header with the secret inline', workflow('      - run: |\n          curl -fsS -H "Authorization: Bearer ${{ secrets.CRON_SECRET }}" "${{ secrets.APP_URL }}/api/cron/sync"\n')],
    ['the secret through the step env', workflow(`      - name: Sync\n        run: |\n          curl -H "Authorization: Bearer $CRON_SECRET" https://myapp.vercel.app/api/cron/sync\n${SECRET_ENV}`)],
    ['the secret through the job env', workflow('      - run: |\n          curl --fail \\\n            --header "Authorization: Bearer ${CRON_SECRET}" \\\n            "$BASE_URL/api/cron/sync"\n', { jobEnv: '    env:\n      CRON_SECRET: ${{ secrets.CRON_SECRET }}\n      BASE_URL: https://myapp.vercel.app\n' })],
    ['the secret through the workflow env and ${{ env.X }}', workflow('      - run: |\n          curl -H "Authorization: Bearer ${{ env.TOKEN }}" https://myapp.vercel.app/api/cron/sync\n', { workflowEnv: 'env:\n  TOKEN: ${{ secrets.CRON_SECRET }}\n' })],
    ['a cluster of short options ending in H', workflow('      - run: |\n          curl -fsSH "Authorization: Bearer ${{ secrets.CRON_SECRET }}" https://myapp.vercel.app/api/cron/sync\n')],
    ['curl --oauth2-bearer from a secret', workflow('      - run: curl --oauth2-bearer "${{ secrets.CRON_SECRET }}" https://myapp.vercel.app/api/cron/sync\n')],
    ['wget --header=', workflow(`      - run: |\n          wget -qO- --header="Authorization: Bearer $CRON_SECRET" https://myapp.vercel.app/api/cron/sync\n${SECRET_ENV}`)],
    ['HTTPie header item', workflow(`      - run: http --check-status GET https://myapp.vercel.app/api/cron/sync "Authorization:Bearer $CRON_SECRET"\n${SECRET_ENV}`)],
    ['a curl to another site', workflow('      - run: curl -X POST https://api.github.com/repos/acme/app/dispatches\n')],
    ['a curl to a route that is no cron route', workflow('      - run: curl https://myapp.vercel.app/api/health\n')],
    ['a curl to a path no route answers', workflow('      - run: curl https://myapp.vercel.app/api/cron/missing\n')],
    ['a uses: step with inputs', workflow('      - uses: some/http-action@v1\n        with:\n          url: https://myapp.vercel.app/api/cron/sync\n')],
    ['a computed path', workflow('      - run: curl "https://myapp.vercel.app/api/cron/$JOB"\n')],
    ['a path from a secret', workflow('      - run: curl "${{ secrets.CRON_URL }}"\n')],
    ['a header set by an earlier step through GITHUB_ENV', workflow('      - run: echo "TOKEN=$(cat token)" >> "$GITHUB_ENV"\n      - run: |\n          curl -H "Authorization: Bearer $TOKEN" https://myapp.vercel.app/api/cron/sync\n')],
    ['a header whose name is a variable', workflow('      - run: curl -H "$AUTH_HEADER" https://myapp.vercel.app/api/cron/sync\n')],
    ['a secret in another header, which the route may check', workflow('      - run: |\n          curl -H "x-cron-key: $KEY" https://myapp.vercel.app/api/cron/sync\n        env:\n          KEY: ${{ secrets.CRON_KEY }}\n')],
    ['a user and password', workflow('      - run: curl -u "bot:${{ secrets.PASS }}" https://myapp.vercel.app/api/cron/sync\n')],
    ['headers from a file', workflow('      - run: curl -H @headers.txt https://myapp.vercel.app/api/cron/sync\n')],
    ['a PowerShell step', workflow('      - shell: pwsh\n        run: curl https://myapp.vercel.app/api/cron/sync\n')],
    ['a Windows runner', workflow('      - run: curl https://myapp.vercel.app/api/cron/sync\n', { runsOn: 'windows-latest' })],
    ['a runner from a matrix', workflow('      - run: curl https://myapp.vercel.app/api/cron/sync\n', { runsOn: '${{ matrix.os }}' })],
    ['a here-document that writes a script', workflow('      - run: |\n          cat <<EOF > call.sh\n          curl https://myapp.vercel.app/api/cron/sync\n          EOF\n')],
    ['a comment', workflow('      - run: |\n          # curl https://myapp.vercel.app/api/cron/sync\n          echo done\n')],
    ['half-typed YAML', 'jobs:\n  call:\n    steps:\n      - run: "curl https://myapp.vercel.app/api/cron/sync\n'],
  ];
  for (const [name, text] of cases) {
    it(name, () => assert.deepEqual(summary(text, check(text, APP, { broken: name.startsWith('half-typed') })), []));
  }
});

describe(`${CODE}: reported on the URL argument`, () => {
  const cases: [string, string, string, RegExp][] = [
    ['no header', workflow('      - run: curl -fsS "${{ secrets.APP_URL }}/api/cron/sync"\n'), '"${{ secrets.APP_URL }}/api/cron/sync"', /no Authorization header/],
    ['a header from vars', workflow('      - run: |\n          curl -H "Authorization: Bearer ${{ vars.CRON_TOKEN }}" https://myapp.vercel.app/api/cron/sync\n'), 'https://myapp.vercel.app/api/cron/sync', /built from \$\{\{ vars\.CRON_TOKEN \}\}, a configuration variable.*: that is no secret/],
    ['a literal token', workflow("      - run: |\n          curl -H 'Authorization: Bearer abc123' https://myapp.vercel.app/api/cron/sync\n"), 'https://myapp.vercel.app/api/cron/sync', /a token written in the workflow/],
    ['an env var set from a literal', workflow('      - run: |\n          curl -H "Authorization: Bearer $TOKEN" https://myapp.vercel.app/api/cron/sync\n        env:\n          TOKEN: abc123\n'), 'https://myapp.vercel.app/api/cron/sync', /\$TOKEN, whose env: value is a token written in the workflow/],
    ['the secret in single quotes, sent as written', workflow("      - run: |\n          curl -H 'Authorization: Bearer $CRON_SECRET' https://myapp.vercel.app/api/cron/sync\n" + SECRET_ENV), 'https://myapp.vercel.app/api/cron/sync', /in single quotes, where the shell expands no variable/],
    ['a route that checks the secret though vercel.json does not schedule it', workflow('      - run: curl -X POST "$BASE_URL/api/cron/backfill"\n        env:\n          BASE_URL: ${{ vars.APP_URL }}\n'), '"$BASE_URL/api/cron/backfill"', /api\/cron\/backfill/],
    ['wget in a multi-line script after &&', workflow('      - name: Call\n        run: |\n          set -e\n          echo start && wget -qO- \\\n            https://myapp.vercel.app/api/cron/sync?full=1 | jq .\n'), 'https://myapp.vercel.app/api/cron/sync?full=1', /Step "Call" of job call .* with wget/],
    ['HTTPie', workflow('      - run: http POST :3000/api/cron/sync\n'), ':3000/api/cron/sync', /HTTPie/],
    ['inside $(…)', workflow('      - run: |\n          status=$(curl -s -o /dev/null -w "%{http_code}" https://myapp.vercel.app/api/cron/sync)\n          test "$status" = 200\n'), 'https://myapp.vercel.app/api/cron/sync', /no Authorization header/],
    ['a folded scalar', workflow('      - run: >\n          curl --retry 3\n          https://myapp.vercel.app/api/cron/sync\n'), 'https://myapp.vercel.app/api/cron/sync', /curl/],
  ];
  for (const [name, text, flagged, message] of cases) {
    it(name, () => {
      const findings = check(text);
      assert.deepEqual(summary(text, findings), [[CODE, 'error', flagged]]);
      assert.match(findings[0]!.message, message);
    });
  }
});

describe(`${CODE}: work bounded by a count of requests`, () => {
  it(`reads the first ${MAX_REQUESTS_PER_FILE} URLs requested in a file, whether on lines of their own or continued in one command`, () => {
    const lines = Array.from({ length: 100 }, () => '          curl https://myapp.vercel.app/api/cron/sync\n').join('');
    assert.equal(check(workflow(`      - run: |\n${lines}`)).length, MAX_REQUESTS_PER_FILE);
    const continued = Array.from({ length: 100 }, () => '          https://myapp.vercel.app/api/cron/sync \\\n').join('');
    assert.equal(check(workflow(`      - run: |\n          curl \\\n${continued}          -s\n`)).length, 0);
  });
});

describe(`${CODE}: the prefilter`, () => {
  it('passes workflow files that run a client, and nothing else', () => {
    const rule = SCHEDULER_FILE_RULES.find((r) => r.codes.includes(CODE))!;
    assert.equal(rule.mayHaveFindings(WORKFLOW, 'run: curl -fsS x'), true);
    assert.equal(rule.mayHaveFindings('.github/workflows/a.yaml', 'run: http POST x'), true);
    assert.equal(rule.mayHaveFindings(WORKFLOW, '# see https://example.com\nrun: npm test'), false);
    assert.equal(rule.mayHaveFindings('scripts/call.yml', 'run: curl -fsS x'), false);
  });
});

/** Applies the only finding's fix, checks the YAML parses and the rule is silent, and that the fix is not offered again. */
function fixOnce(text: string): string {
  const [finding] = check(text);
  assert.ok(finding, 'a finding');
  const [fix] = finding.fixes;
  assert.ok(fix, 'a fix');
  const fixed = applyEdits(text, fix.edits);
  assert.deepEqual(parseDocument(fixed).errors, []);
  assert.deepEqual(summary(fixed, check(fixed)), [], `still reported in:\n${fixed}`);
  return fixed;
}

describe(`${CODE}: the fix sends CRON_SECRET from the secret`, () => {
  it('curl in a block scalar, no env: adds the header and a step env', () => {
    const text = workflow('      - name: Sync\n        run: |\n          curl -fsS "${{ secrets.APP_URL }}/api/cron/sync"\n');
    assert.equal(
      fixOnce(text),
      workflow('      - name: Sync\n        env:\n          CRON_SECRET: ${{ secrets.CRON_SECRET }}\n        run: |\n          curl -H "Authorization: Bearer $CRON_SECRET" -fsS "${{ secrets.APP_URL }}/api/cron/sync"\n'),
    );
  });
  it('a plain scalar on the list item line, with an env: the header has no space after the colon', () => {
    const text = workflow('      - run: curl https://myapp.vercel.app/api/cron/sync # nightly\n        env:\n          A: b\n');
    assert.equal(fixOnce(text), workflow('      - run: curl -H "Authorization:Bearer $CRON_SECRET" https://myapp.vercel.app/api/cron/sync # nightly\n        env:\n          A: b\n          CRON_SECRET: ${{ secrets.CRON_SECRET }}\n'));
  });
  it('wget and HTTPie get their own header spelling', () => {
    assert.match(fixOnce(workflow('      - run: |\n          wget -q https://myapp.vercel.app/api/cron/sync\n')), /wget --header="Authorization: Bearer \$CRON_SECRET" -q/);
    assert.match(fixOnce(workflow('      - run: |\n          http GET https://myapp.vercel.app/api/cron/sync\n')), /sync "Authorization:Bearer \$CRON_SECRET"\n/);
  });
  it('no fix when a header is there but is no secret, or CRON_SECRET is defined otherwise', () => {
    assert.deepEqual(check(workflow('      - run: |\n          curl -H "Authorization: Bearer ${{ vars.T }}" https://myapp.vercel.app/api/cron/sync\n'))[0]!.fixes, []);
    assert.deepEqual(check(workflow('      - run: curl https://myapp.vercel.app/api/cron/sync\n', { jobEnv: '    env:\n      CRON_SECRET: not-a-secret\n' }))[0]!.fixes, []);
  });
  it('no fix on a run value shared through an anchor', () => {
    const text = workflow('      - run: &call |\n          curl https://myapp.vercel.app/api/cron/sync\n      - run: *call\n');
    const findings = check(text);
    assert.equal(findings.length, 2);
    for (const finding of findings) assert.deepEqual(finding.fixes, []);
  });
  it('CRLF line endings are kept', () => {
    const text = workflow('      - run: |\n          curl https://myapp.vercel.app/api/cron/sync\n').replace(/\n/g, '\r\n');
    const fixed = fixOnce(text);
    assert.ok(!/[^\r]\n/.test(fixed), fixed);
  });
});

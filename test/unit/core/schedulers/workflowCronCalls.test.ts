/**
 * workflow-calls-cron-without-secret through the service, as the editor sees it: the Problems
 * panel lists a workflow that is not open, an open one gets the finding and its quick fix, and a
 * route that stops being a cron route takes the finding away. Then random run scripts and broken
 * workflow files: the shell reader and the rule never throw, and every span stays in the text.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { applyEdits } from 'jsonc-parser';
import { createCronService } from '../../../../src/core/service';
import { checkSchedulerFile } from '../../../../src/core/schedulers/rules';
import { httpRequestOf } from '../../../../src/core/schedulers/httpClients';
import { shellCommands } from '../../../../src/core/schedulers/shellCommands';
import { loadTypeScript } from '../../../../src/node/loadTypeScript';
import { fixtureFiles, projectOf } from '../../support/ruleHarness';
import { memoryHost as sharedMemoryHost } from '../../support/memoryHost';

const CODE = 'workflow-calls-cron-without-secret';
const FOLDER = '/work/app';
const CALLS = '.github/workflows/call-crons.yml';
const APP = fixtureFiles('workflows-cron-calls');
const SEED = process.env.FC_SEED !== undefined && process.env.FC_SEED !== '' ? Number(process.env.FC_SEED) : 20261128;

function memoryHost(files: Record<string, string>, cronRouteGlob?: string) {
  return sharedMemoryHost(FOLDER, files, { settings: { rules: { 'no-idempotency-guard': 'off', 'no-monitoring': 'off' }, ...(cronRouteGlob ? { cronRouteGlob } : {}) } });
}

/** A cron route glob that names none of the fixture's routes: only the config and the secret make a cron route. */
const NO_GLOB_ROUTES = '**/api/scheduled/**';
const OPEN_BACKFILL = 'export async function POST() {\n  return Response.json({ ok: true });\n}\n';

describe(`${CODE} in the editor`, () => {
  it('the Problems panel lists the findings of a workflow that is not open', () => {
    const { host, at } = memoryHost(APP);
    const service = createCronService(host, () => FOLDER);
    const shown = service.routeDiagnostics(at('app/api/health/route.ts'))!;
    const findings = shown.files.get(CALLS);
    assert.ok(findings, `listed: ${[...shown.files.keys()].join(', ')}`);
    const text = APP[CALLS]!;
    assert.deepEqual(
      findings.map((f) => [f.code, text.slice(f.span.start, f.span.end)]),
      [
        [CODE, '"${{ secrets.APP_URL }}/api/cron/sync"'],
        [CODE, '"$APP_URL/api/cron/digest"'],
        [CODE, '"$APP_URL/api/cron/backfill"'],
      ],
    );
    // The clean workflow is listed with nothing, which clears what it showed before.
    assert.deepEqual(shown.files.get('.github/workflows/calls-done-right.yml') ?? [], []);
  });

  it('an open workflow gets the finding and its quick fix; the fixed text is clean', () => {
    const { host, disk, at } = memoryHost(APP);
    const service = createCronService(host, () => FOLDER);
    const file = at(CALLS);
    const [first] = service.diagnostics(file).filter((f) => f.code === CODE);
    assert.ok(first);
    const [fix] = service.codeActions(file, first.span, CODE);
    assert.ok(fix, 'the quick fix is offered');
    const fixed = applyEdits(APP[CALLS]!, fix.edits);
    disk.set(file, fixed);
    service.fileChanged(file);
    assert.equal(service.diagnostics(file).filter((f) => f.code === CODE).length, 2);
  });

  it('a route that no longer reads CRON_SECRET and is not scheduled is no cron route (outside the cron route glob): its finding goes', () => {
    const { host, disk, at } = memoryHost(APP, NO_GLOB_ROUTES);
    const service = createCronService(host, () => FOLDER);
    const file = at(CALLS);
    assert.equal(service.diagnostics(file).length, 3);
    disk.set(at('app/api/cron/backfill/route.ts'), 'export async function POST() {\n  return Response.json({ ok: true });\n}\n');
    service.fileChanged(at('app/api/cron/backfill/route.ts'));
    assert.deepEqual(service.diagnostics(file).map((f) => APP[CALLS]!.slice(f.span.start, f.span.end)), ['"${{ secrets.APP_URL }}/api/cron/sync"', '"$APP_URL/api/cron/digest"']);
  });

  it('the same in the Problems panel for a workflow that is not open: the route edit alone takes the finding away', () => {
    const { host, disk, at } = memoryHost(APP, NO_GLOB_ROUTES);
    const service = createCronService(host, () => FOLDER);
    const shown = () => service.routeDiagnostics(at('app/api/health/route.ts'))!.files.get(CALLS)?.length;
    assert.equal(shown(), 3);
    // An event that changes nothing the rule reads leaves the same array: the editor re-sends nothing.
    const listed = () => service.routeDiagnostics(at('app/api/health/route.ts'))!.files.get(CALLS);
    const before = listed();
    service.fileChanged(at('app/api/health/route.ts'));
    assert.equal(listed(), before);
    disk.set(at('app/api/cron/backfill/route.ts'), 'export async function POST() {\n  return Response.json({ ok: true });\n}\n');
    service.fileChanged(at('app/api/cron/backfill/route.ts'));
    assert.equal(shown(), 2);
  });

  it('an open route the cron route glob names (the default **/api/cron/**) stays a cron route: called without the header, it is reported', () => {
    const { host, disk, at } = memoryHost(APP);
    const service = createCronService(host, () => FOLDER);
    disk.set(at('app/api/cron/backfill/route.ts'), OPEN_BACKFILL);
    service.fileChanged(at('app/api/cron/backfill/route.ts'));
    assert.equal(service.diagnostics(at(CALLS)).length, 3);
  });
});

/** Pieces of run scripts: the tools, their options, quotes, expansions, operators and damage. */
const PIECE = fc.constantFrom(
  'curl', 'wget', 'http', ' ', ' ', '\n', ' \\\n', '-H', '-fsSH', '--header', '--header=', '-u', '--oauth2-bearer', '"', "'", '`', '$(', ')', '${', '}', '${{ secrets.X }}',
  '${{ vars.Y }}', '${{', '}}', '$CRON_SECRET', '$', 'Authorization: Bearer ', 'Authorization:', 'https://fixture.vercel.app', '/api/cron/sync', '/api/cron/backfill',
  '?a=1', ':3000', '&&', '||', ';', '|', '&', '>', '2>&1', '<<EOF', 'EOF', '#', '\\', '@file', 'POST', '=', 'x',
);

describe(`${CODE}: random scripts and broken workflows never throw`, () => {
  it('the shell reader reads any script, with word spans inside it', () => {
    fc.assert(
      fc.property(fc.array(PIECE, { maxLength: 40 }).map((pieces) => pieces.join('')), (script) => {
        for (const command of shellCommands(script)) {
          for (const word of command.words) {
            assert.ok(word.span.start >= 0 && word.span.end <= script.length && word.span.start < word.span.end);
            assert.equal(script.slice(word.span.start, word.span.end), word.raw);
          }
          httpRequestOf(command);
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('the rule reads any workflow: scripts in every scalar style, and cuts of the fixture', () => {
    const project = projectOf(APP);
    const styles = [
      (script: string) => `jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          ${script.replace(/\n/g, '\n          ')}\n`,
      (script: string) => `jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: >-\n          ${script.replace(/\n/g, '\n          ')}\n`,
      (script: string) => `jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${JSON.stringify(script)}\n`,
      (script: string) => `jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${script}\n`,
    ];
    const text = APP[CALLS]!;
    const workflows = fc.oneof(
      fc.tuple(fc.array(PIECE, { maxLength: 30 }), fc.integer({ min: 0, max: styles.length - 1 })).map(([pieces, style]) => styles[style]!(pieces.join(''))),
      fc.tuple(fc.integer({ min: 0, max: text.length }), fc.integer({ min: 0, max: text.length }), PIECE).map(([a, b, piece]) => text.slice(0, Math.min(a, b)) + piece + text.slice(Math.max(a, b))),
    );
    fc.assert(
      fc.property(workflows, (workflow) => {
        const findings = checkSchedulerFile({ file: CALLS, text: workflow, jobs: [], project, loadTypeScript, rules: {} });
        for (const finding of findings) {
          assert.ok(finding.span.start >= 0 && finding.span.end <= workflow.length && finding.span.start < finding.span.end);
          for (const fix of finding.fixes) applyEdits(workflow, fix.edits);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

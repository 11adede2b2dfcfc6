import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProjectModel } from '../../../../src/core/vercel/projectModel';
import { loadTypeScript } from '../../../../src/node/loadTypeScript';

const ROUTE = 'app/api/cron/job/route.ts';

/** A model over an in-memory disk the test edits, counting reads per file. */
function modelOf(initial: Record<string, string>) {
  const disk = new Map(Object.entries(initial));
  const reads = new Map<string, number>();
  const model = new ProjectModel(disk.keys(), {
    readFile: (file) => {
      reads.set(file, (reads.get(file) ?? 0) + 1);
      return disk.get(file);
    },
    loadTypeScript,
  });
  return { disk, reads, model };
}

describe('ProjectModel file events', () => {
  it('a content change re-reads and re-parses the file, and its route still matches', () => {
    const { disk, model } = modelOf({ [ROUTE]: 'export async function GET() {}\n' });
    assert.equal(model.matchRoute('/api/cron/job')?.file, ROUTE);
    const before = model.sourceFile(ROUTE);
    assert.ok(model.routeExports(ROUTE)?.methods.has('GET'));

    disk.set(ROUTE, 'export async function POST() {}\n');
    model.fileChanged(ROUTE);
    const after = model.sourceFile(ROUTE);
    assert.notEqual(after, before);
    assert.equal(after?.text, disk.get(ROUTE));
    assert.deepEqual([...(model.routeExports(ROUTE)?.methods.keys() ?? [])], ['POST']);
    assert.equal(model.matchRoute('/api/cron/job')?.file, ROUTE);
  });

  it('a content change reads only the changed file again', () => {
    const { disk, reads, model } = modelOf({ [ROUTE]: 'export async function GET() {}\n', 'lib/auth.ts': 'export const x = 1;\n' });
    model.sourceFile(ROUTE);
    model.sourceFile('lib/auth.ts');
    disk.set(ROUTE, 'export async function GET(request: Request) {}\n');
    model.fileChanged(ROUTE);
    model.sourceFile(ROUTE);
    model.sourceFile('lib/auth.ts');
    assert.equal(reads.get(ROUTE), 2);
    assert.equal(reads.get('lib/auth.ts'), 1);
  });

  it('a created route file matches its path, a deleted one no longer does', () => {
    const { disk, model } = modelOf({ 'app/page.tsx': 'export default function Page() { return null; }\n' });
    assert.equal(model.matchRoute('/api/cron/job'), undefined);
    disk.set(ROUTE, 'export async function GET() {}\n');
    model.fileCreated(ROUTE);
    assert.equal(model.matchRoute('/api/cron/job')?.file, ROUTE);
    assert.ok(model.files().includes(ROUTE));
    disk.delete(ROUTE);
    model.fileDeleted(ROUTE);
    assert.equal(model.matchRoute('/api/cron/job'), undefined);
    assert.ok(!model.files().includes(ROUTE));
  });

  it('an edited document the model has not seen created yet still gets its route', () => {
    const { disk, model } = modelOf({});
    assert.equal(model.matchRoute('/api/cron/job'), undefined);
    disk.set(ROUTE, 'export async function GET() {}\n');
    model.fileChanged(ROUTE);
    assert.equal(model.matchRoute('/api/cron/job')?.file, ROUTE);
    // …and exists for module resolution: a helper a fix just created resolves before the watcher says so.
    assert.ok(model.has(ROUTE));
    assert.ok(model.files().includes(ROUTE));
  });

  it('trackReads records what is read, parsed or probed, until it is turned off', () => {
    const { model } = modelOf({ [ROUTE]: 'export async function GET() {}\n', 'lib/a.ts': 'export const a = 1;\n' });
    const reads = new Set<string>();
    model.trackReads(reads);
    model.routeExports(ROUTE);
    model.readFile('lib/a.ts');
    model.has('lib/missing.ts');
    model.trackReads(undefined);
    model.readFile('tsconfig.json');
    assert.deepEqual([...reads].sort(), [ROUTE, 'lib/a.ts', 'lib/missing.ts']);
    assert.ok(model.watches('lib/a.ts'));
    assert.ok(!model.watches('node_modules/next/package.json') && !model.watches('.next/trace'));
  });

  it('a next.config change re-derives the routes and drops remembered matches', () => {
    const { disk, model } = modelOf({ 'next.config.js': 'module.exports = {};\n', 'app/api/cron/job/route.api.ts': 'export async function GET() {}\n' });
    assert.equal(model.matchRoute('/api/cron/job'), undefined);
    disk.set('next.config.js', "module.exports = { pageExtensions: ['api.ts', 'tsx'] };\n");
    model.fileChanged('next.config.js');
    assert.equal(model.matchRoute('/api/cron/job')?.file, 'app/api/cron/job/route.api.ts');
    disk.set('next.config.js', "module.exports = { basePath: '/docs', pageExtensions: ['api.ts'] };\n");
    model.fileChanged('next.config.js');
    assert.equal(model.config.basePath, '/docs');
    assert.equal(model.matchRoute('/api/cron/job')?.file, 'app/api/cron/job/route.api.ts');
  });
});

describe('ProjectModel: what the folder is (app facts), kept current by file events', () => {
  it('package.json gaining next makes a Next.js app; a created app/ file does too; deleting it undoes it', () => {
    const { disk, model } = modelOf({ 'package.json': '{ "name": "site" }', 'api/cron/job.ts': 'export function GET() {}\n' });
    assert.equal(model.app().kind, 'other');
    assert.deepEqual(model.app().apiFunctions, ['api/cron/job.ts']);
    // Cached between events: no re-read of package.json.
    assert.equal(model.app(), model.app());

    disk.set('package.json', '{ "dependencies": { "next": "16.0.0" } }');
    model.fileChanged('package.json');
    assert.equal(model.app().kind, 'next');

    disk.set('package.json', '{ "name": "site" }');
    model.fileChanged('package.json');
    assert.equal(model.app().kind, 'other');
    disk.set(ROUTE, 'export async function GET() {}\n');
    model.fileCreated(ROUTE);
    assert.equal(model.app().kind, 'next');
    disk.delete(ROUTE);
    model.fileDeleted(ROUTE);
    assert.equal(model.app().kind, 'other');
  });

  it("the apps below follow their package.json files and next.configs", () => {
    const { disk, model } = modelOf({ 'package.json': '{ "workspaces": ["apps/*"] }', 'apps/web/package.json': '{ "name": "web" }' });
    assert.deepEqual(model.nextAppsBelow(), []);
    disk.set('apps/web/package.json', '{ "dependencies": { "next": "16.0.0" } }');
    model.fileChanged('apps/web/package.json');
    assert.deepEqual(model.nextAppsBelow(), ['apps/web']);
    disk.set('apps/admin/next.config.ts', 'export default {};\n');
    model.fileCreated('apps/admin/next.config.ts');
    assert.deepEqual(model.nextAppsBelow(), ['apps/admin', 'apps/web']);
  });

  it('a Next.js app has no apps below, and reads no nested package.json to say so', () => {
    const { reads, model } = modelOf({ 'package.json': '{ "dependencies": { "next": "16.0.0" } }', 'packages/x/package.json': '{ "dependencies": { "next": "16.0.0" } }' });
    assert.deepEqual(model.nextAppsBelow(), []);
    assert.equal(reads.get('packages/x/package.json'), undefined);
  });
});

/**
 * The editor's path completion and path hover in a vercel.json that is not a Next.js app's
 * (issue #15, shapes 11 and 12): no Next.js route files are offered or claimed missing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getCompletions } from '../../../../src/core/vercel/completion';
import { parseVercelJson } from '../../../../src/core/vercel/model';
import { getPathHover } from '../../../../src/core/vercel/pathHover';
import { type Files, NOW, projectOf } from '../../support/ruleHarness';

const GET = 'export function GET() {\n  return Response.json({ ok: true });\n}\n';
const text = '{ "crons": [{ "path": "/api/cron/cleanup", "schedule": "0 3 * * *" }] }';
const inPath = text.indexOf('/api/cron/cleanup') + 3;

describe('path completion', () => {
  it('a project without Next.js: the paths of its api/ functions (not helpers, not dynamic ones)', () => {
    const files: Files = { 'package.json': '{}', 'api/cron/cleanup.ts': GET, 'api/index.ts': GET, 'api/users/[id].ts': GET, 'api/_lib/auth.ts': GET };
    const { items } = getCompletions(text, inPath, projectOf(files), 'unknown', NOW);
    assert.deepEqual(items.map((i) => [i.label, i.detail]).sort(), [
      ['/api', 'api/index.ts'],
      ['/api/cron/cleanup', 'api/cron/cleanup.ts'],
    ]);
  });

  it("a monorepo root above the app: nothing (the app's routes are not the root's)", () => {
    const files: Files = { 'package.json': '{ "workspaces": ["apps/*"] }', 'apps/web/package.json': '{ "dependencies": { "next": "16.0.0" } }', 'apps/web/app/api/cron/cleanup/route.ts': GET };
    assert.deepEqual(getCompletions(text, inPath, projectOf(files), 'unknown', NOW).items, []);
  });

  it('a Next.js app: its routes, as before', () => {
    const files: Files = { 'package.json': '{ "dependencies": { "next": "16.0.0" } }', 'app/api/cron/cleanup/route.ts': GET };
    assert.deepEqual(getCompletions(text, inPath, projectOf(files), 'unknown', NOW).items.map((i) => i.label), ['/api/cron/cleanup']);
  });
});

describe('path hover', () => {
  const hover = (files: Files) => getPathHover(parseVercelJson(text), inPath, projectOf(files), (file) => `file:///${file}`);

  it('a Next.js app: the route that serves the path, or that none does', () => {
    assert.match(hover({ 'package.json': '{ "dependencies": { "next": "16.0.0" } }', 'app/api/cron/cleanup/route.ts': GET })!.markdown, /app\/api\/cron\/cleanup\/route\.ts/);
    assert.match(hover({ 'package.json': '{ "dependencies": { "next": "16.0.0" } }' })!.markdown, /^No route file serves/);
  });

  it('not a Next.js app (api/ functions, a monorepo root): no claim about Next.js route files', () => {
    assert.equal(hover({ 'package.json': '{}', 'api/cron/cleanup.ts': GET }), undefined);
    assert.equal(hover({ 'package.json': '{ "workspaces": ["apps/*"] }', 'apps/web/package.json': '{ "dependencies": { "next": "16.0.0" } }' }), undefined);
  });
});

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { createCronService, type CronServiceHost, type HostRead } from '../../../src/core/service';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/core/settings';
import { loadTypeScript } from '../../../src/node/loadTypeScript';

const FOLDER = '/work/app';
const NOW = new Date('2026-11-28T02:00:00Z');

const GUARDED = `import { isCron } from '@/lib/auth';

export async function GET(request: Request) {
  if (!isCron(request)) return new Response('Unauthorized', { status: 401 });
  await fetch('https://example.com/hooks/rebuild', { method: 'POST' });
  return Response.json({ ok: true });
}
`;
const OPEN = `export async function GET() {
  await fetch('https://example.com/hooks/rebuild', { method: 'POST' });
  return Response.json({ ok: true });
}
`;
const AUTH = `export function isCron(request: Request): boolean {
  const secret = process.env.CRON_SECRET;
  if (!secret) return false;
  return request.headers.get('authorization') === \`Bearer \${secret}\`;
}
`;

/** A host over an in-memory folder the test edits; `unreadable` files exist and cannot be read. */
function memoryHost(initial: Record<string, string>, options: { unreadable?: Record<string, string>; settings?: Partial<Settings> } = {}) {
  const disk = new Map(Object.entries(initial).map(([file, text]) => [path.posix.join(FOLDER, file), text]));
  const unreadable = new Map(Object.entries(options.unreadable ?? {}).map(([file, why]) => [path.posix.join(FOLDER, file), why]));
  const host: CronServiceHost = {
    listFiles: (folder) => ({
      files: [...disk.keys(), ...unreadable.keys()].filter((file) => file.startsWith(`${folder}/`)).map((file) => path.posix.relative(folder, file)).sort(),
      unread: new Map(),
    }),
    readFile: (file): HostRead => {
      const text = disk.get(file);
      if (text !== undefined) return { text };
      const why = unreadable.get(file);
      return why === undefined ? { missing: true } : { unread: why };
    },
    inFolder: (folder) => (relative) => path.posix.join(folder, relative),
    relative: (folder, file) => path.posix.relative(folder, file),
    // The wrapper hints fire on every route: left out, so each case shows the findings it is about.
    settings: () => ({ ...DEFAULT_SETTINGS, plan: 'pro', rules: { 'no-idempotency-guard': 'off', 'no-monitoring': 'off' }, ...options.settings }),
    mayReadSecrets: () => true,
    loadTypeScript,
    now: () => NOW,
  };
  return { host, disk, at: (file: string) => path.posix.join(FOLDER, file) };
}

const APP = {
  'package.json': '{ "dependencies": { "next": "15.0.0" } }',
  'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }',
  'vercel.json': '{ "crons": [ { "path": "/api/cron/guarded", "schedule": "0 3 * * *" }, { "path": "/api/cron/open", "schedule": "0 4 * * *" } ] }\n',
  'app/api/cron/guarded/route.ts': GUARDED,
  'app/api/cron/open/route.ts': OPEN,
  'lib/auth.ts': AUTH,
  'middleware.ts': 'export function middleware() {}\n',
};

describe('createCronService: whole folders', () => {
  it('checkProject: the vercel.json and every cron route, findings as plain data, unread files listed with why', () => {
    const { host } = memoryHost(APP, { unreadable: { 'next.config.js': 'it is larger than 4 MiB, the most read of such a file' } });
    const results = createCronService(host).checkProject(FOLDER);
    assert.deepEqual(
      results.map((r) => [r.reported, r.findings.map((f) => f.code), r.cronRoute ?? false, r.notAnalysed]),
      [
        ['vercel.json', [], false, undefined],
        ['app/api/cron/guarded/route.ts', [], true, undefined],
        ['app/api/cron/open/route.ts', ['missing-auth'], true, undefined],
        ['next.config.js', [], false, 'it is larger than 4 MiB, the most read of such a file'],
      ],
    );
    assert.equal(results[2]!.file, `${FOLDER}/app/api/cron/open/route.ts`);
    assert.equal(results[2]!.root, FOLDER);
    assert.equal(results[2]!.findings[0]!.fixable, true);
    assert.equal(results[2]!.findings[0]!.fixes, undefined, 'fixes are built only when asked for');
    assert.ok(createCronService(host).checkProject(FOLDER, { withFixes: true })[2]!.findings[0]!.fixes!.length > 0);
  });

  it('checkProject: a route the host cannot read is not analysed, with the host\'s reason', () => {
    const { 'app/api/cron/open/route.ts': _open, ...rest } = APP;
    const { host } = memoryHost(rest, { unreadable: { 'app/api/cron/open/route.ts': 'it is a FIFO (named pipe), not a regular file' } });
    const open = createCronService(host).checkProject(FOLDER).find((r) => r.reported === 'app/api/cron/open/route.ts');
    assert.equal(open?.notAnalysed, 'it is a FIFO (named pipe), not a regular file');
    assert.equal(open?.cronRoute, true);
  });

  it('fixAll: one pass of the fixes asked for (the default set unasked), as edits per host path with the codes they fix', () => {
    const { host, at } = memoryHost(APP);
    // Adding a CRON_SECRET check changes what a route answers: not in the default set.
    assert.deepEqual([...createCronService(host).fixAll(FOLDER).edits], []);
    const only = new Set(['missing-auth']);
    const pass = createCronService(host).fixAll(FOLDER, { only });
    assert.deepEqual([...pass.edits.keys()], [at('app/api/cron/open/route.ts')]);
    assert.deepEqual([...pass.fixedCodes.get(at('app/api/cron/open/route.ts'))!], ['missing-auth']);
    assert.deepEqual([...pass.refused], []);
    const refused = createCronService(host).fixAll(FOLDER, { only, refusal: (file) => (file.endsWith('route.ts') ? 'it is read-only' : undefined) });
    assert.deepEqual([...refused.edits], []);
    assert.deepEqual([...refused.refused], [[at('app/api/cron/open/route.ts'), 'it is read-only']]);
  });

  it('jobs: every vercel.json of the folder, each job resolved to its route file', () => {
    const { host } = memoryHost(APP);
    const [project, ...others] = createCronService(host).jobs(FOLDER);
    assert.deepEqual(others, []);
    assert.equal(project!.root, FOLDER);
    assert.deepEqual(
      project!.jobs.map((job) => [job.target, job.route.file]),
      [
        [{ kind: 'path', path: '/api/cron/guarded', method: 'GET' }, 'app/api/cron/guarded/route.ts'],
        [{ kind: 'path', path: '/api/cron/open', method: 'GET' }, 'app/api/cron/open/route.ts'],
      ],
    );
  });
});

describe('createCronService: per file, kept current by file events', () => {
  const service = () => {
    const memory = memoryHost(APP);
    return { ...memory, service: createCronService(memory.host, () => FOLDER) };
  };

  it('diagnostics: the same findings as checkProject, for vercel.json and for a route', () => {
    const { service: cron, at, host } = service();
    const whole = createCronService(host).checkProject(FOLDER);
    for (const file of ['vercel.json', 'app/api/cron/open/route.ts', 'app/api/cron/guarded/route.ts']) {
      const expected = whole.find((r) => r.reported === file)!.findings.map((f) => [f.code, f.span.start, f.span.end]);
      assert.deepEqual(cron.diagnostics(at(file)).map((f) => [f.code, f.span.start, f.span.end]), expected, file);
    }
  });

  const events: { name: string; event: (cron: ReturnType<typeof service>) => void; rechecked: number }[] = [
    { name: 'no event: nothing', event: () => {}, rechecked: 0 },
    {
      name: 'a helper one route reads: that route',
      event: ({ service: cron, disk, at }) => {
        disk.set(at('lib/auth.ts'), AUTH.replace('if (!secret) return false;', ''));
        cron.fileChanged(at('lib/auth.ts'));
      },
      rechecked: 1,
    },
    {
      name: 'a route file: that route',
      event: ({ service: cron, disk, at }) => {
        disk.set(at('app/api/cron/open/route.ts'), `${OPEN}// edited\n`);
        cron.fileChanged(at('app/api/cron/open/route.ts'));
      },
      rechecked: 1,
    },
    {
      name: 'the middleware: every route',
      event: ({ service: cron, at }) => cron.fileChanged(at('middleware.ts')),
      rechecked: 2,
    },
    {
      name: 'a file appearing: every route',
      event: ({ service: cron, disk, at }) => {
        disk.set(at('lib/other.ts'), 'export const x = 1;\n');
        cron.fileCreated(at('lib/other.ts'));
      },
      rechecked: 2,
    },
    {
      name: 'a file no route reads: nothing',
      event: ({ service: cron, disk, at }) => {
        disk.set(at('app/account/page.tsx'), 'export default function Page() { return null; }\n');
        cron.fileCreated(at('app/account/page.tsx'));
        cron.diagnostics(at('app/api/cron/open/route.ts'));
        disk.set(at('app/account/page.tsx'), 'export default function Page() { return 1; }\n');
        cron.fileChanged(at('app/account/page.tsx'));
      },
      rechecked: 2,
    },
  ];
  for (const { name, event, rechecked } of events) {
    it(`re-checks only what an event reached: ${name}`, () => {
      const memory = service();
      const { service: cron, at } = memory;
      cron.diagnostics(at('app/api/cron/open/route.ts'));
      const before = cron.routeChecks();
      assert.equal(before, 2, 'the first request checks every cron route');
      event(memory);
      cron.diagnostics(at('app/api/cron/guarded/route.ts'));
      assert.equal(cron.routeChecks() - before, rechecked);
    });
  }

  it('a re-check sees the new text: a helper that fails open makes its route fail open', () => {
    const { service: cron, disk, at } = service();
    assert.deepEqual(cron.diagnostics(at('app/api/cron/guarded/route.ts')), []);
    disk.set(at('lib/auth.ts'), "export function isCron(request: Request): boolean {\n  return request.headers.get('authorization') === `Bearer ${process.env.CRON_SECRET}`;\n}\n");
    cron.fileChanged(at('lib/auth.ts'));
    assert.deepEqual(
      cron.diagnostics(at('app/api/cron/guarded/route.ts')).map((f) => f.code),
      ['auth-fails-open'],
    );
  });

  it('codeActions: the fixes of the finding its last diagnostics returned', () => {
    const { service: cron, at } = service();
    const [finding] = cron.diagnostics(at('app/api/cron/open/route.ts'));
    assert.ok(cron.codeActions(at('app/api/cron/open/route.ts'), finding!.span, 'missing-auth').length > 0);
    assert.deepEqual(cron.codeActions(at('app/api/cron/open/route.ts'), finding!.span, 'auth-fails-open'), []);
  });

  it('hover, completion and code lenses answer in vercel.json, nothing elsewhere', () => {
    const { service: cron, at } = service();
    const vercelJson = at('vercel.json');
    const text = APP['vercel.json'];
    const options = { displayTimeZone: 'UTC', fileLink: (root: string, file: string) => `file://${root}/${file}` };
    assert.match(cron.hover(vercelJson, text.indexOf('0 3 * * *') + 1, options)!.markdown, /03:00/);
    assert.match(cron.hover(vercelJson, text.indexOf('/api/cron/open') + 2, options)!.markdown, /app\/api\/cron\/open\/route\.ts/);
    assert.equal(cron.hover(at('app/api/cron/open/route.ts'), 10, options), undefined);
    assert.deepEqual(
      cron.codeLenses(vercelJson).map((lens) => lens.path),
      ['/api/cron/guarded', '/api/cron/open'],
    );
    const completion = cron.completion(vercelJson, text.indexOf('/api/cron/open') + 1);
    assert.ok(completion.items.some((item) => item.insertText === '"/api/cron/guarded"'));
    assert.deepEqual(cron.completion(at('lib/auth.ts'), 0).items, []);
  });

  it('routeDiagnostics: every route of the project at once, with the text its spans count in', () => {
    const { service: cron, at } = service();
    const project = cron.routeDiagnostics(at('vercel.json'))!;
    assert.equal(project.root, FOLDER);
    assert.equal(cron.projectRoot(at('lib/auth.ts')), FOLDER);
    for (const file of ['app/api/cron/open/route.ts', 'app/api/cron/guarded/route.ts']) {
      assert.deepEqual(project.files.get(file), cron.diagnostics(at(file)), file);
      assert.equal(project.text(file), APP[file as keyof typeof APP]);
    }
    assert.equal(project.text('vercel.json'), APP['vercel.json']);
  });

  it('file events say which projects took them in and whether route findings rest on the file', () => {
    const { service: cron, disk, at } = service();
    cron.routeDiagnostics(at('vercel.json'));
    assert.deepEqual(cron.fileChanged(at('lib/auth.ts')), [{ root: FOLDER, file: 'lib/auth.ts', kind: 'changed', routes: true }]);
    disk.set(at('app/account/page.tsx'), 'export default function Page() { return null; }\n');
    assert.deepEqual(cron.fileChanged(at('app/account/page.tsx')), [{ root: FOLDER, file: 'app/account/page.tsx', kind: 'created', routes: true }]);
    cron.routeDiagnostics(at('vercel.json'));
    assert.deepEqual(cron.fileChanged(at('app/account/page.tsx')), [{ root: FOLDER, file: 'app/account/page.tsx', kind: 'changed', routes: false }]);
    assert.deepEqual(cron.fileDeleted(at('lib/nothing.ts')), []);
  });

  it('codeActions of a route: none from a file appearing until every route is checked again', () => {
    const { service: cron, disk, at } = service();
    const route = at('app/api/cron/open/route.ts');
    const [finding] = cron.routeDiagnostics(route)!.files.get('app/api/cron/open/route.ts')!;
    assert.ok(cron.codeActions(route, finding!.span, 'missing-auth').length > 0);
    disk.set(at('lib/cron-run-guard.ts'), 'export const x = 1;\n');
    cron.fileCreated(at('lib/cron-run-guard.ts'));
    assert.deepEqual(cron.codeActions(route, finding!.span, 'missing-auth'), []);
    const [again] = cron.routeDiagnostics(route)!.files.get('app/api/cron/open/route.ts')!;
    assert.ok(cron.codeActions(route, again!.span, 'missing-auth').length > 0);
  });

  it('settingsChanged: every route is checked again on next request, and nothing before', () => {
    const { service: cron, at } = service();
    cron.routeDiagnostics(at('vercel.json'));
    const before = cron.routeChecks();
    cron.settingsChanged();
    assert.equal(cron.routeChecks(), before);
    cron.routeDiagnostics(at('vercel.json'));
    assert.equal(cron.routeChecks() - before, 2);
  });

  it('a vercel.json written before its creation is reported roots its folder when asked about', () => {
    const { service: cron, disk, at } = service();
    cron.routeDiagnostics(at('vercel.json'));
    const crons = Array.from({ length: 101 }, (_, i) => ({ path: `/api/cron/job-${i}`, schedule: '0 3 * * *' }));
    disk.set(at('apps/many/vercel.json'), JSON.stringify({ crons }));
    assert.equal(cron.projectRoot(at('apps/many/vercel.json')), at('apps/many'));
    assert.ok(cron.diagnostics(at('apps/many/vercel.json')).some((f) => f.code === 'too-many-crons'));
  });

  it('a host that lists on demand: only the project\'s folder is listed, found by probing the folders above the file', () => {
    const { host, disk, at } = memoryHost(APP);
    disk.set('/work/other/vercel.json', '{ "crons": [] }');
    disk.set('/work/other/app/api/cron/x/route.ts', OPEN);
    const listed: string[] = [];
    const names = (folder: string) => [...new Set([...disk.keys()].filter((file) => file.startsWith(`${folder}/`)).map((file) => file.slice(folder.length + 1).split('/')[0]!))];
    const cron = createCronService(
      { ...host, listFiles: (folder) => (listed.push(folder), host.listFiles(folder)), folderNames: names, canList: (folder) => folder === FOLDER },
      () => '/work',
    );
    assert.equal(cron.projectFolder(at('app/api/cron/open/route.ts')), FOLDER);
    assert.equal(cron.projectFolder('/work/other/app/api/cron/x/route.ts'), '/work/other');
    assert.equal(cron.projectFolder('/work/README.md'), undefined);
    const whole = createCronService(host, () => FOLDER);
    assert.deepEqual(cron.diagnostics(at('app/api/cron/open/route.ts')), whole.diagnostics(at('app/api/cron/open/route.ts')));
    // A folder the host cannot list yet answers nothing, and is not taken as empty.
    assert.deepEqual(cron.diagnostics('/work/other/vercel.json'), []);
    assert.deepEqual(listed, [FOLDER]);
    assert.deepEqual(cron.fileChanged(at('app/api/cron/open/route.ts')), [{ root: FOLDER, file: 'app/api/cron/open/route.ts', kind: 'changed', routes: true }]);
  });

  it('a file outside every project: no diagnostics, no hover', () => {
    const { host } = memoryHost(APP);
    const cron = createCronService(host, () => undefined);
    assert.deepEqual(cron.diagnostics(`${FOLDER}/app/api/cron/open/route.ts`), []);
  });

  it('a vercel.json outside every project is read on its own: its own checks, schedule hovers and lenses, no route behind a path', () => {
    const { host, disk } = memoryHost(APP);
    const key = 'git:/work/app/vercel.json?ref#/vercel.json';
    const text = '{ "crons": [ { "path": "/api/cron/open", "schedule": "0 3 * * *" }, { "path": "/api/cron/x", "schedule": "61 * * * *" } ] }';
    disk.set(key, text);
    const cron = createCronService(host, () => undefined);
    assert.ok(cron.diagnostics(key).some((f) => f.severity === 'error'));
    assert.equal(cron.projectRoot(key), undefined);
    const options = { displayTimeZone: 'UTC', fileLink: (root: string, file: string) => `file://${root}/${file}` };
    assert.match(cron.hover(key, text.indexOf('0 3 * * *') + 1, options)!.markdown, /03:00/);
    assert.equal(cron.hover(key, text.indexOf('/api/cron/open') + 2, options), undefined);
    assert.deepEqual(cron.codeLenses(key).map((lens) => lens.path), ['/api/cron/open', '/api/cron/x']);
  });
});

describe('createCronService: vercel.toml and vercel.ts, wherever vercel.json would be', () => {
  const ROUTES = { 'app/api/cron/guarded/route.ts': GUARDED, 'app/api/cron/open/route.ts': OPEN, 'lib/auth.ts': AUTH };
  const BASE = { 'package.json': APP['package.json'], 'tsconfig.json': APP['tsconfig.json'], ...ROUTES };
  const TOML = '# jobs\n[[crons]]\npath = "/api/cron/guarded"\nschedule = "0 3 * * *"\n\n[[crons]]\npath = \'/api/cron/open\'\nschedule = \'0 4 * * MON\'\n';
  const TS = "const DAILY = '0 3 * * *';\nexport default {\n  crons: [\n    { path: '/api/cron/guarded', schedule: DAILY },\n    { path: '/api/cron/open', schedule: '0 4 * * MON' },\n  ],\n} as const;\n";
  const options = { displayTimeZone: 'UTC', fileLink: (root: string, file: string) => `file://${root}/${file}` };

  for (const [name, text] of [['vercel.toml', TOML], ['vercel.ts', TS]] as const) {
    it(`${name}: diagnostics, hovers, lenses and fixes in the file, routes scheduled by it`, () => {
      const { host, at } = memoryHost({ ...BASE, [name]: text });
      const cron = createCronService(host, () => FOLDER);
      const file = at(name);
      const findings = cron.diagnostics(file);
      const names = findings.find((f) => f.code === 'invalid-schedule');
      assert.ok(names, JSON.stringify(findings.map((f) => f.code)));
      assert.equal(text.slice(names.span.start, names.span.end), 'MON');
      const [fix] = cron.codeActions(file, names.span, 'invalid-schedule');
      assert.equal(fix?.edits[0] && text.slice(fix.edits[0].offset, fix.edits[0].offset + fix.edits[0].length), "'0 4 * * MON'");
      assert.equal(fix?.edits[0]?.content, "'0 4 * * 1'", 'the quotes the file wrote');
      assert.match(cron.hover(file, text.indexOf('0 3 * * *') + 1, options)!.markdown, /03:00/);
      assert.match(cron.hover(file, text.indexOf('/api/cron/open') + 2, options)!.markdown, /app\/api\/cron\/open\/route\.ts/);
      assert.deepEqual(cron.codeLenses(file).map((lens) => lens.path), ['/api/cron/guarded', '/api/cron/open']);
      const completion = cron.completion(file, text.indexOf('/api/cron/open'));
      if (name === 'vercel.ts') assert.deepEqual(completion.items, [], 'completion writes JSON or TOML: none here');
      else assert.ok(completion.items.some((item) => item.insertText === "'/api/cron/guarded'"), 'TOML: the paths, in the literal quotes the string has');
      // The routes are the scheduled ones: the open route fails as a route vercel.json schedules would.
      assert.ok(cron.diagnostics(at('app/api/cron/open/route.ts')).some((f) => f.code === 'missing-auth' && f.severity === 'error'));
      const checked = cron.checkProject(FOLDER);
      assert.ok(checked.some((r) => r.reported === name && r.findings.some((f) => f.code === 'invalid-schedule')));
      assert.deepEqual(cron.jobs(FOLDER)[0]?.jobs.map((j) => [j.declared.file, j.expression]), [[name, '0 3 * * *'], [name, '0 4 * * MON']]);
    });
  }

  it('vercel.json beside vercel.toml: the error on vercel.json, and vercel.toml is not read as a second project', () => {
    const { host, at } = memoryHost({ ...BASE, 'vercel.json': APP['vercel.json'], 'vercel.toml': TOML });
    const cron = createCronService(host, () => FOLDER);
    assert.ok(cron.diagnostics(at('vercel.json')).some((f) => f.code === 'multiple-config-files'));
    assert.deepEqual(cron.diagnostics(at('vercel.toml')), []);
    assert.equal(cron.hover(at('vercel.toml'), TOML.indexOf('0 3 * * *') + 1, options), undefined);
    assert.deepEqual(cron.checkProject(FOLDER).filter((r) => /vercel\.(json|toml)$/.test(r.reported)).map((r) => r.reported), ['vercel.json']);
  });

  it("a route's link to the entry that calls it names vercel.toml, where the span is", () => {
    const toml = '[[crons]]\npath = "/api/cron/post"\nschedule = "0 3 * * *"\n';
    const post = "export async function POST() {\n  return Response.json({ ok: true });\n}\n";
    const { host, at } = memoryHost({ ...BASE, 'vercel.toml': toml, 'app/api/cron/post/route.ts': post });
    const cron = createCronService(host, () => FOLDER);
    const missing = cron.diagnostics(at('app/api/cron/post/route.ts')).find((f) => f.code === 'route-missing-get');
    assert.deepEqual(missing?.related?.map((r) => [r.file, toml.slice(r.span.start, r.span.end)]), [['vercel.toml', '"/api/cron/post"']]);
  });

  // Vercel reads vercel.ts only at a project's Root Directory; deeper, a module of that name is the app's code.
  it('a module named vercel.ts deep in the app is code, not a project: in the whole folder and when probing folder by folder', () => {
    const HELPER = "export const crons = ['nightly-sync', 'weekly-digest'];\n";
    const { host, disk, at } = memoryHost({ ...BASE, 'vercel.json': APP['vercel.json'], 'lib/queue/vercel.ts': HELPER, 'packages/jobs/package.json': '{ "name": "jobs" }', 'packages/jobs/vercel.mjs': TS });
    const names = (folder: string) => [...new Set([...disk.keys()].filter((file) => file.startsWith(`${folder}/`)).map((file) => file.slice(folder.length + 1).split('/')[0]!))];
    const probing = createCronService({ ...host, folderNames: names }, () => FOLDER);
    for (const cron of [createCronService(host, () => FOLDER), probing]) {
      assert.equal(cron.projectRoot(at('lib/queue/vercel.ts')), FOLDER);
      assert.deepEqual(cron.diagnostics(at('lib/queue/vercel.ts')), [], 'not read as a configuration: its crons are no invalid entries');
      assert.deepEqual(cron.codeLenses(at('lib/queue/vercel.ts')), []);
      // A vercel.mjs beside a package.json is its folder's configuration.
      assert.equal(cron.projectRoot(at('packages/jobs/vercel.mjs')), at('packages/jobs'));
      assert.ok(cron.diagnostics(at('packages/jobs/vercel.mjs')).some((f) => f.code === 'invalid-schedule'));
    }
    assert.equal(probing.projectFolder(at('lib/queue/vercel.ts')), FOLDER);
    const whole = createCronService(host, () => FOLDER);
    assert.deepEqual(whole.checkProject(FOLDER).map((r) => r.reported).filter((file) => /vercel\.\w+$/.test(file)), ['packages/jobs/vercel.mjs', 'vercel.json']);
    assert.deepEqual(whole.jobs(FOLDER).map((project) => project.root), [at('packages/jobs'), FOLDER]);
  });

  it('a module named vercel.ts in a folder with no project at all is not read on its own either', () => {
    const { host, at } = memoryHost({ 'package.json': '{ "name": "tools" }', 'scripts/deploy/vercel.ts': "export const crons = ['nightly'];\n", 'vercel.mjs': "export const crons = ['nightly'];\n" });
    const cron = createCronService(host, () => FOLDER);
    assert.equal(cron.projectRoot(at('scripts/deploy/vercel.ts')), FOLDER, 'the folder checked roots a project by its vercel.mjs');
    assert.deepEqual(cron.diagnostics(at('scripts/deploy/vercel.ts')), []);
    const none = createCronService(memoryHost({ 'package.json': '{ "name": "tools" }', 'scripts/deploy/vercel.ts': "export const crons = ['nightly'];\n" }).host, () => FOLDER);
    assert.equal(none.projectRoot(at('scripts/deploy/vercel.ts')), undefined);
    assert.deepEqual(none.diagnostics(at('scripts/deploy/vercel.ts')), []);
    // Outside every folder (a diff view's copy) the name alone decides, as before.
    const outside = createCronService(memoryHost({ 'scripts/deploy/vercel.ts': "export const crons = ['nightly'];\n" }).host, () => undefined);
    assert.ok(outside.diagnostics(at('scripts/deploy/vercel.ts')).some((f) => f.code === 'invalid-config-shape'));
  });

  it('a vercel.toml appearing beside vercel.json brings the error; its going takes it away', () => {
    const { host, disk, at } = memoryHost({ ...BASE, 'vercel.json': APP['vercel.json'] });
    const cron = createCronService(host, () => FOLDER);
    assert.ok(!cron.diagnostics(at('vercel.json')).some((f) => f.code === 'multiple-config-files'));
    disk.set(at('vercel.toml'), TOML);
    cron.fileCreated(at('vercel.toml'));
    assert.ok(cron.diagnostics(at('vercel.json')).some((f) => f.code === 'multiple-config-files'));
    disk.delete(at('vercel.toml'));
    cron.fileDeleted(at('vercel.toml'));
    assert.ok(!cron.diagnostics(at('vercel.json')).some((f) => f.code === 'multiple-config-files'));
  });
});

describe('createCronService: Server Component rules, in check and per file', () => {
  const PAGE = `import { after } from 'next/server';
import { cookies } from 'next/headers';

export default async function Page() {
  after(async () => console.log((await cookies()).get('id')));
  return <main />;
}
`;
  const files = { ...APP, 'app/page.tsx': PAGE, 'app/about/page.tsx': 'export default function About() {\n  return <p>About</p>;\n}\n' };

  it('checkProject reports the page, and only the page, with its fix', () => {
    const { host } = memoryHost(files);
    const results = createCronService(host).checkProject(FOLDER, { withFixes: true });
    const page = results.filter((r) => r.reported === 'app/page.tsx');
    assert.deepEqual(
      page.map((r) => r.findings.map((f) => [f.code, f.severity, r.text.slice(f.span.start, f.span.end), f.fixable])),
      [[['after-request-api-in-callback', 'error', 'cookies()', true]]],
    );
    assert.ok(!results.some((r) => r.reported === 'app/about/page.tsx'));
  });

  it('diagnostics and codeActions of the open page; an edit that reads the value first clears it', () => {
    const { host, disk, at } = memoryHost(files);
    const cron = createCronService(host, () => FOLDER);
    cron.projectFolder(at('app/page.tsx'));
    const [finding] = cron.diagnostics(at('app/page.tsx'));
    assert.equal(finding?.code, 'after-request-api-in-callback');
    const [fix] = cron.codeActions(at('app/page.tsx'), finding!.span, finding!.code);
    assert.equal(fix?.title, 'Read cookies() before after()');
    disk.set(at('app/page.tsx'), PAGE.replace("after(async () => console.log((await cookies()).get('id')));", "const id = (await cookies()).get('id');\n  after(() => console.log(id));"));
    cron.fileChanged(at('app/page.tsx'));
    assert.deepEqual(cron.diagnostics(at('app/page.tsx')), []);
  });
});

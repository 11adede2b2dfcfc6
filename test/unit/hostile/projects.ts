/**
 * Hostile and broken Next.js projects, as fast-check arbitraries: what a CI run over an
 * untrusted pull request, or an editor opened on any folder, may meet. Shared by the CLI's fuzz
 * suite and (later) the language server's, so both face the same inputs.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';

/** The CRON_SECRET every generated env file holds; it must never reach any output. */
export const FUZZ_SECRET = 'fz"Sec\\ret/+=%ü-9f3a7c';

/** One entry of a project, relative to its root. */
export type Entry =
  | { kind: 'file'; path: string; content: string | Uint8Array }
  | { kind: 'dir'; path: string }
  /** `target` is relative to the project root, or starts with `@outside/` for the sibling folder, or is absolute. */
  | { kind: 'symlink'; path: string; target: string }
  | { kind: 'fifo'; path: string };

export interface ProjectSpec {
  name: string;
  entries: Entry[];
}

const deep = (depth: number, open: string, close: string, inner = '') => open.repeat(depth) + inner + close.repeat(depth);

/** Text that is hard to read: BOMs, UTF-16, NUL bytes, invalid UTF-8. */
function encodings(text: string): fc.Arbitrary<string | Uint8Array> {
  return fc.constantFrom<string | Uint8Array>(
    text,
    `\uFEFF${text}`,
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    `${text}\u0000\u0000`,
    Buffer.concat([Buffer.from(text.slice(0, Math.floor(text.length / 2))), Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xff]), Buffer.from(text.slice(Math.floor(text.length / 2)))]),
  );
}

/** Values that cannot go in an HTTP header, or that a terminal would act on. */
const nastyString = fc.constantFrom('0 3 * * *\n', '0 3 * * *\r\nX-Injected: 1', '€ 3 * * *', '\u0007\u001b[31m', '/api/cron/\u001b]8;;http://x\u0007a', 'line\nnext.ts:1:1  error  forged', '\u202e/api/cron/gnp', '\u0000');

const cronPath = fc.oneof(
  fc.constantFrom('/api/cron/job', '/api/cron/job/', '/api/cron/missing', 'api/cron/job', '/api/cron/%E0%A4%A', '/api//cron', '/api/cron/job?x=1#y'),
  fc.integer({ min: 100, max: 12_000 }).map((n) => `/${Array.from({ length: n }, () => 'a').join('/')}`),
  nastyString.map((s) => `/api/cron/${s}`),
);
const schedule = fc.oneof(fc.constantFrom('0 3 * * *', '*/5 * * * *', '0 0 29 2 *', '@daily', 'MON', '', '9'.repeat(2000)), nastyString);

const cronsValue = fc.oneof(
  fc.array(fc.record({ path: cronPath, schedule }), { maxLength: 4 }).map((crons) => JSON.stringify(crons)),
  fc.constantFrom('{}', '"crons"', 'null', '42', '[[[]]]', '[{"path": {"a": 1}, "schedule": []}]', '[null, 1, "x"]'),
);

/** vercel.json: valid, wrong shapes, deep, huge, broken. */
export const vercelJson: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  cronsValue.map((crons) => `{"crons": ${crons}}`),
  cronsValue.map((crons) => `{"crons": ${crons}, "functions": ${'{"app/api/**/*.ts": {"maxDuration": 900}}'}}`),
  fc.constantFrom('[1, 2]', '"x"', 'null', '', '{', '{"crons": [', '/* c */ {"crons": [],}'),
  fc.integer({ min: 600, max: 60_000 }).map((n) => deep(n, '[', ']')),
  fc.integer({ min: 600, max: 30_000 }).map((n) => `{"crons": ${deep(n, '{"a":', '}', '1')}}`),
  fc.integer({ min: 1_000, max: 20_000 }).map((n) => JSON.stringify({ crons: Array.from({ length: n }, (_, i) => ({ path: `/api/cron/j${i}`, schedule: '0 3 * * *' })) })),
).chain((text) => (typeof text === 'string' && text.length < 100_000 ? encodings(text) : fc.constant(text)));

const AUTH_CHECK = "if (request.headers.get('authorization') !== `Bearer ${process.env.CRON_SECRET}`) return new Response('Unauthorized', { status: 401 });";

/** A route file: valid handlers, broken syntax around the auth check, deep nesting, huge expressions. */
export const routeFile: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.constant(`export async function GET(request: Request) {\n  ${AUTH_CHECK}\n  return Response.json({ ok: true });\n}\n`),
  fc.constant('export async function GET() {\n  return Response.json({ ok: true });\n}\n'),
  fc.constant("export async function GET(req) {\n  if (req.headers.get('authorization') !== `Bearer ${process.env.CRON_SECRET}` return 1 }\n"),
  fc.constant("export const GET = async (req => { if (req.headers.get('authorization') !== `Bearer ${process.env.CRON_SECRET}` return 1 }\n"),
  fc.constant('export async function GET( {{{{ ((( \n'),
  fc.integer({ min: 300, max: 3_000 }).map((n) => `export async function GET() {\n  const v = ${deep(n, 'f(', ')', '1')};\n  return Response.json({ v });\n}\n`),
  fc.integer({ min: 1_000, max: 200_000 }).map((n) => `export async function GET() {\n  const v = ${Array.from({ length: n }, () => '1').join(' + ')};\n  return Response.json({ v });\n}\n`),
  fc.integer({ min: 500, max: 6_000 }).map((n) => `export async function GET(request: Request) {\n  ${'if (request) '.repeat(n)}{ ${AUTH_CHECK} }\n  return Response.json({});\n}\n`),
  fc.integer({ min: 1_000, max: 20_000 }).map((n) => `export const GET = ${'() => '.repeat(n)}1;\n`),
).chain((text) => (typeof text === 'string' && text.length < 50_000 ? encodings(text) : fc.constant(text)));

/** Where a config file might be something other than a readable regular file. */
const specialFile = (file: string): fc.Arbitrary<Entry> =>
  fc.constantFrom<Entry>(
    { kind: 'fifo', path: file },
    { kind: 'dir', path: file },
    { kind: 'symlink', path: file, target: '/dev/zero' },
    { kind: 'symlink', path: file, target: '@outside/secret.txt' },
    { kind: 'symlink', path: file, target: 'does-not-exist' },
    { kind: 'symlink', path: file, target: file },
  );

const nextConfig = fc.constantFrom(
  'module.exports = {};\n',
  "module.exports = { pageExtensions: ['../../../../outside/ESCAPED.ts', 'ts'] };\n",
  "module.exports = { pageExtensions: ['/etc/ESCAPED.ts'] };\n",
  `module.exports = ${deep(5_000, '{a:', '}', '1')};\n`,
);

const envFile = fc.constantFrom(
  `CRON_SECRET=${FUZZ_SECRET}\n`,
  `CRON_SECRET="${FUZZ_SECRET.replace(/["\\]/g, '\\$&')}"\n`,
  `CRON_SECRET='${FUZZ_SECRET}\n'\n`,
  'CRON_SECRET=ab\n',
  `CRON_SECRET=${FUZZ_SECRET}\u0000\n`,
);

const tsconfig = fc.constantFrom(
  '{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }',
  `{ "compilerOptions": { "paths": ${deep(30_000, '[', ']')} } }`,
  '{ "compilerOptions": { "baseUrl": "../../../.." } }',
);

/** A whole project: a few of the pieces above, some replaced by special files. */
export const project: fc.Arbitrary<ProjectSpec> = fc
  .record({
    vercel: fc.oneof({ weight: 4, arbitrary: vercelJson.map((content): Entry => ({ kind: 'file', path: 'vercel.json', content })) }, { weight: 1, arbitrary: specialFile('vercel.json') }),
    route: fc.oneof({ weight: 4, arbitrary: routeFile.map((content): Entry => ({ kind: 'file', path: 'app/api/cron/job/route.ts', content })) }, {
      weight: 1,
      arbitrary: fc.constantFrom<Entry>({ kind: 'symlink', path: 'app/api/cron/job', target: '@outside' }, { kind: 'symlink', path: 'app/api/cron/job', target: 'nowhere' }, { kind: 'symlink', path: 'app/api/cron', target: 'app' }),
    }),
    lib: fc.constantFrom<Entry | undefined>(undefined, { kind: 'symlink', path: 'lib', target: '@outside' }, { kind: 'symlink', path: 'lib', target: 'missing-lib' }),
    nextConfig: fc.option(nextConfig.map((content): Entry => ({ kind: 'file', path: 'next.config.js', content })), { nil: undefined }),
    tsconfig: fc.option(fc.oneof(tsconfig.map((content): Entry => ({ kind: 'file', path: 'tsconfig.json', content })), specialFile('tsconfig.json')), { nil: undefined }),
    packageJson: fc.oneof(fc.constant<Entry>({ kind: 'file', path: 'package.json', content: JSON.stringify({ dependencies: { next: '16.0.0' } }) }), specialFile('package.json')),
    env: fc.option(fc.oneof(envFile.map((content): Entry => ({ kind: 'file', path: '.env.local', content })), specialFile('.env.local')), { nil: undefined }),
    settings: fc.option(
      fc.oneof(
        fc.constantFrom('{"nextCronRoutes.plan": "hobby"}', deep(50_000, '[', ']'), '{"nextCronRoutes.rules": {"missing-auth": "bogus"}}').map((content): Entry => ({ kind: 'file', path: '.vscode/settings.json', content })),
        specialFile('.vscode/settings.json'),
      ),
      { nil: undefined },
    ),
    loop: fc.boolean(),
  })
  .map(({ vercel, route, lib, nextConfig: config, tsconfig: ts, packageJson, env, settings, loop }) => ({
    name: vercel.path,
    entries: [vercel, route, packageJson, lib, config, ts, env, settings, loop ? ({ kind: 'symlink', path: 'app/loop', target: '.' } as Entry) : undefined].filter((e): e is Entry => e !== undefined),
  }));

/** Writes a project under `root`; `outside` is the sibling folder symlinks may point into. */
export function materialize(spec: ProjectSpec, root: string, outside: string): void {
  fs.mkdirSync(root, { recursive: true });
  for (const entry of spec.entries) {
    const file = path.join(root, entry.path);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.rmSync(file, { recursive: true, force: true });
    switch (entry.kind) {
      case 'file':
        fs.writeFileSync(file, entry.content);
        break;
      case 'dir':
        fs.mkdirSync(file, { recursive: true });
        break;
      case 'symlink': {
        const target = entry.target.startsWith('@outside') ? path.join(outside, entry.target.slice('@outside'.length)) : path.isAbsolute(entry.target) ? entry.target : path.join(root, entry.target);
        fs.symlinkSync(target, file);
        break;
      }
      case 'fifo': {
        const made = spawnSync('mkfifo', [file]);
        if (made.status !== 0) throw new Error(`mkfifo ${file}: ${made.stderr}`);
        break;
      }
    }
  }
}

/**
 * Every path below `folder` with its kind and, for files, content: compared before and after a
 * command to prove it wrote nothing there. Reads no FIFO and follows no symlink.
 */
export function snapshot(folder: string): Map<string, string> {
  const result = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      const stat = fs.lstatSync(file);
      const key = path.relative(folder, file);
      if (stat.isSymbolicLink()) result.set(key, `link ${fs.readlinkSync(file)}`);
      else if (stat.isDirectory()) {
        result.set(key, 'dir');
        walk(file);
      } else if (stat.isFile()) result.set(key, `file ${fs.readFileSync(file).toString('base64')}`);
      else result.set(key, 'special');
    }
  };
  walk(folder);
  return result;
}

/** Every form in which the secret could leak: raw, JSON-escaped, URL-encoded. */
export function secretForms(secret: string = FUZZ_SECRET): string[] {
  return [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), secret.slice(0, Math.ceil(secret.length / 2))];
}

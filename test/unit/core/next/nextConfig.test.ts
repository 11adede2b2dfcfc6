import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultNextConfig, NEXT_CONFIG_FILES, readNextConfig } from '../../../../src/core/next/nextConfig';
import { DEFAULT_PAGE_EXTENSIONS, type NextConfigInfo } from '../../../../src/core/next/types';

interface ConfigCase {
  name: string;
  file?: string;
  text: string;
  /** Only the fields that differ from the defaults. */
  expected: Partial<NextConfigInfo>;
}

const CASES: ConfigCase[] = [
  // ── module formats ──
  {
    name: 'CommonJS with a JSDoc type and a named constant',
    text: `/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  basePath: '/docs',
  trailingSlash: true,
};

module.exports = nextConfig;
`,
    expected: { basePath: '/docs', trailingSlash: true },
  },
  {
    name: 'CommonJS object literal',
    text: `module.exports = { trailingSlash: false, skipTrailingSlashRedirect: true }`,
    expected: { skipTrailingSlashRedirect: true },
  },
  {
    name: 'ESM default export of a literal',
    file: 'next.config.mjs',
    text: `export default {\n  basePath: "/shop",\n  pageExtensions: ["page.tsx", "ts"],\n};\n`,
    expected: { basePath: '/shop', pageExtensions: ['page.tsx', 'ts'] },
  },
  {
    name: 'create-next-app TypeScript template',
    file: 'next.config.ts',
    text: `import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  /* config options here */
  cacheComponents: true,
};

export default nextConfig;
`,
    expected: { cacheComponents: true },
  },
  {
    name: 'TS literal with satisfies',
    file: 'next.config.ts',
    text: `import type { NextConfig } from 'next'\n\nexport default {\n  trailingSlash: true,\n} satisfies NextConfig\n`,
    expected: { trailingSlash: true },
  },
  {
    name: 'TS annotations with generics, as const and import() types',
    file: 'next.config.mts',
    text: `const nextConfig: import('next').NextConfig = {\n  pageExtensions: ['tsx', 'mdx'] as string[],\n  basePath: '/b' as const,\n} as NextConfig satisfies Partial<Record<string, unknown>>\nexport default nextConfig\n`,
    expected: { pageExtensions: ['tsx', 'mdx'], basePath: '/b' },
  },
  {
    name: 'export { x as default }',
    text: `const config = { basePath: '/named' };\nexport { config as default };`,
    expected: { basePath: '/named' },
  },
  {
    name: 'the last export wins, as at runtime',
    text: `module.exports = { basePath: '/first' }\nmodule.exports = { basePath: '/second' }`,
    expected: { basePath: '/second' },
  },

  // ── plugins and functions ──
  {
    name: 'withSentryConfig(nextConfig, options)',
    file: 'next.config.ts',
    text: `import { withSentryConfig } from "@sentry/nextjs";
import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  basePath: "/app",
};

export default withSentryConfig(nextConfig, {
  org: "acme",
  project: "web",
  silent: !process.env.CI,
  tunnelRoute: "/monitoring",
});
`,
    expected: { basePath: '/app' },
  },
  {
    name: 'withBundleAnalyzer({...}) around a literal',
    text: `const withBundleAnalyzer = require('@next/bundle-analyzer')({\n  enabled: process.env.ANALYZE === 'true',\n})\nmodule.exports = withBundleAnalyzer({ trailingSlash: true })\n`,
    expected: { trailingSlash: true },
  },
  {
    name: 'nested plugins: withSentryConfig(withNextIntl(nextConfig))',
    text: `import createNextIntlPlugin from 'next-intl/plugin';\nconst withNextIntl = createNextIntlPlugin();\nconst nextConfig = { basePath: '/intl' };\nexport default withSentryConfig(withNextIntl(nextConfig), { silent: true });`,
    expected: { basePath: '/intl' },
  },
  {
    name: 'curried plugin: withPWA(options)(nextConfig)',
    text: `const nextConfig = { trailingSlash: true };\nmodule.exports = require('next-pwa')({ dest: 'public', disable: false })(nextConfig);`,
    expected: { trailingSlash: true },
  },
  {
    name: 'next-compose-plugins: withPlugins([...], config)',
    text: `const withPlugins = require('next-compose-plugins');\nmodule.exports = withPlugins([[withImages], [withMDX, { extension: /\\.mdx?$/ }]], { pageExtensions: ['js', 'mdx'] });`,
    expected: { pageExtensions: ['js', 'mdx'] },
  },
  {
    name: 'plugins.reduce over a config',
    text: `const nextConfig = { basePath: '/r' };\nexport default () => [withA, withB].reduce((acc, next) => next(acc), nextConfig);`,
    expected: { basePath: '/r' },
  },
  {
    name: 'function config returning one object',
    text: `module.exports = (phase, { defaultConfig }) => {\n  /** @type {import('next').NextConfig} */\n  const nextConfig = { basePath: '/fn' }\n  return nextConfig\n}`,
    expected: { basePath: '/fn' },
  },
  {
    name: 'async function declaration exported by name',
    text: `async function config(phase) {\n  const extra = [1].map(function (x) { return { basePath: '/not-this' } })\n  return { trailingSlash: true }\n}\nmodule.exports = config`,
    expected: { trailingSlash: true },
  },
  {
    name: 'phase-dependent returns: agreed options read, disputed ones unreadable',
    text: `const { PHASE_DEVELOPMENT_SERVER } = require('next/constants')
module.exports = (phase) => {
  if (phase === PHASE_DEVELOPMENT_SERVER) {
    return { basePath: '/dev', trailingSlash: true }
  }
  return { basePath: '/prod', trailingSlash: true }
}`,
    expected: { trailingSlash: true, unreadable: ['basePath'] },
  },

  // ── values ──
  {
    name: 'template literal without substitutions is a string',
    text: 'module.exports = { basePath: `/docs` }',
    expected: { basePath: '/docs' },
  },
  {
    name: 'template literal with a substitution is unreadable',
    text: 'const prefix = "/x";\nmodule.exports = { basePath: `${prefix}/docs`, trailingSlash: true }',
    expected: { trailingSlash: true, unreadable: ['basePath'] },
  },
  {
    name: 'environment variable values are unreadable and keep the default',
    text: `module.exports = {\n  basePath: process.env.BASE_PATH,\n  trailingSlash: process.env.TRAILING === '1',\n  skipTrailingSlashRedirect: true,\n}`,
    expected: { skipTrailingSlashRedirect: true, unreadable: ['basePath', 'trailingSlash'] },
  },
  {
    name: 'ternaries and fallbacks are unreadable',
    text: `const isProd = process.env.NODE_ENV === 'production'\nmodule.exports = { basePath: isProd ? '/docs' : '', pageExtensions: process.env.X || ['ts'] }`,
    expected: { unreadable: ['basePath', 'pageExtensions'] },
  },
  {
    name: 'a value of the wrong type is unreadable',
    text: `module.exports = { basePath: false, trailingSlash: 'yes', pageExtensions: ['ts', 42] }`,
    expected: { unreadable: ['basePath', 'trailingSlash', 'pageExtensions'] },
  },
  {
    name: 'shorthand properties and constants resolve',
    text: `const basePath = '/sh';\nconst trailingSlash = true;\nconst exts = ['page.tsx'];\nexport default { basePath, trailingSlash, pageExtensions: exts }`,
    expected: { basePath: '/sh', trailingSlash: true, pageExtensions: ['page.tsx'] },
  },
  {
    name: 'spreads of local objects merge; later keys win',
    text: `const shared = { trailingSlash: true, basePath: '/old' };\nexport default { ...shared, basePath: '/new', pageExtensions: [...['ts'], 'tsx'] }`,
    expected: { trailingSlash: true, basePath: '/new', pageExtensions: ['ts', 'tsx'] },
  },
  {
    name: 'string escapes are decoded',
    text: `module.exports = { basePath: '/it\\'s', pageExtensions: ["\\u0074s"] }`,
    expected: { basePath: "/it's", pageExtensions: ['ts'] },
  },
  {
    name: 'an empty pageExtensions list keeps the default (Next refuses it)',
    text: `module.exports = { pageExtensions: [] }`,
    expected: {},
  },

  // ── cacheComponents ──
  {
    name: 'experimental.cacheComponents (older spelling) counts',
    text: `module.exports = { experimental: { ppr: 'incremental', cacheComponents: true } }`,
    expected: { cacheComponents: true },
  },
  {
    name: 'top-level cacheComponents false',
    text: `export default { cacheComponents: false, experimental: { typedRoutes: true } }`,
    expected: {},
  },
  {
    name: 'unreadable cacheComponents is reported with its path',
    text: `export default { experimental: { cacheComponents: process.env.CC === '1' } }`,
    expected: { unreadable: ['experimental.cacheComponents'] },
  },
  {
    name: 'an unreadable experimental object is reported',
    text: `import { experimental } from './shared.mjs'\nexport default { experimental }`,
    expected: { unreadable: ['experimental'] },
  },

  // ── comments, strings and other syntax that must not confuse the reader ──
  {
    name: 'comments hide exports; // inside strings is not a comment',
    text: `// module.exports = { basePath: '/commented' }
/* export default { basePath: '/block' } */
module.exports = {
  basePath: '/docs', // https://example.com/docs
  images: { remotePatterns: [{ protocol: 'https', hostname: 'cdn.example.com', pathname: '//x/**' }] },
  trailingSlash: /* inline */ true,
}`,
    expected: { basePath: '/docs', trailingSlash: true },
  },
  {
    name: 'regex literals with quotes and slashes',
    text: `module.exports = {\n  webpack(config) { config.module.rules.push({ test: /['"\\/]svg$/, use: ['@svgr/webpack'] }); return config },\n  basePath: '/re',\n}`,
    expected: { basePath: '/re' },
  },
  {
    name: 'methods with options of the same name are skipped',
    text: `module.exports = {\n  async redirects() {\n    return [{ source: '/old', destination: '/new', basePath: false, permanent: true }]\n  },\n  async headers() { return [] },\n  trailingSlash: true,\n}`,
    expected: { trailingSlash: true },
  },
  {
    name: 'an unconditional mutation after the declaration applies',
    text: `const nextConfig = { basePath: '' }\nnextConfig.basePath = '/late'\nnextConfig.experimental = { cacheComponents: true }\nmodule.exports = nextConfig`,
    expected: { basePath: '/late', cacheComponents: true },
  },
  {
    name: 'a conditional mutation makes the option unreadable',
    text: `const nextConfig = { basePath: '' }\nif (process.env.BASE) nextConfig.basePath = process.env.BASE\nif (x) {\n  nextConfig.trailingSlash = true\n}\nmodule.exports = nextConfig`,
    expected: { unreadable: ['basePath', 'trailingSlash'] },
  },
  {
    name: 'shebang and BOM',
    text: `\ufeff#!/usr/bin/env node\nmodule.exports = { basePath: '/bang' }`,
    expected: { basePath: '/bang' },
  },

  // ── nothing to read ──
  { name: 'empty file', text: '', expected: {} },
  { name: 'config from another module: nothing is known', text: `module.exports = require('./config/next.base')`, expected: {} },
  {
    name: 'no object found, but an option is named: unreadable',
    text: `module.exports = process.env.A ? require('./a') : { basePath: '/b' }`,
    expected: { unreadable: ['basePath'] },
  },
  { name: 'malformed text', text: `}}} ]) module.exports = {{{ basePath: `, expected: {} },
];

describe('readNextConfig', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const file = c.file ?? 'next.config.js';
      const expected: NextConfigInfo = { ...defaultNextConfig(file), ...c.expected };
      assert.deepEqual(readNextConfig(c.text, file), expected);
    });
  }

  it('returns fresh defaults that callers may change', () => {
    const a = defaultNextConfig();
    a.pageExtensions.push('mdx');
    assert.deepEqual(defaultNextConfig().pageExtensions, DEFAULT_PAGE_EXTENSIONS);
    assert.equal(defaultNextConfig().file, undefined);
  });

  it('lists the config files in Next lookup order', () => {
    assert.deepEqual(NEXT_CONFIG_FILES, ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.mts']);
  });

  it('gives up on a pathological file quickly instead of hanging', () => {
    const texts = [
      'const a = [b, b, b]; const b = [a, a, a]; module.exports = { basePath: a }',
      'const f = () => [f(), f(), f()]; module.exports = { basePath: f() }',
      `module.exports = ${'{a:'.repeat(20_000)}`,
      '['.repeat(50_000),
      'const a '.repeat(10_000),
      `module.exports = () => {${'return '.repeat(10_000)}}`,
      `const c = {}; module.exports = c;\n${'c.basePath = '.repeat(10_000)}`,
      `module.exports = () => { ${'function '.repeat(10_000)} }`,
    ];
    for (const text of texts) {
      const started = performance.now();
      const info = readNextConfig(text, 'next.config.js');
      assert.equal(info.basePath, '');
      assert.ok(performance.now() - started < 2_000, `took ${performance.now() - started} ms`);
    }
  });
});

/**
 * cron-secret-format: CRON_SECRET in the app's .env files, read the way dotenv reads it (dotenv,
 * a dependency of this repository, is the oracle for what value the app actually gets).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'dotenv';
import { checkEnvSecret } from '../../../../src/core/routes/envRules';
import { isEnvFile } from '../../../../src/core/vercel/envFiles';
import { flagged, routeApp, runRoutes } from '../../support/ruleHarness';

const GOOD = '9f2c7a1e4b8d03c6e5a7f1b2d4c8e0a3';

describe('isEnvFile', () => {
  it('the env files Next.js loads, not the committed templates, only at the app root', () => {
    const names = [
      '.env',
      '.env.local',
      '.env.production',
      '.env.production.local',
      '.env.development',
      '.env.example',
      '.env.sample',
      '.env.template',
      '.env.dist',
      '.envrc',
      'env.ts',
      'apps/web/.env',
    ];
    assert.deepEqual(names.filter(isEnvFile), ['.env', '.env.local', '.env.production', '.env.production.local', '.env.development']);
  });
});

describe('checkEnvSecret: secrets that are fine', () => {
  const cases: [name: string, text: string][] = [
    ['32 hex characters', `CRON_SECRET=${GOOD}\n`],
    ['double-quoted', `CRON_SECRET="${GOOD}"\n`],
    ['single-quoted with a comment after', `CRON_SECRET='${GOOD}' # rotated 2026-11\n`],
    ['export prefix and spaces around =', `export CRON_SECRET = ${GOOD}\n`],
    ['CRLF line endings', `DATABASE_URL=postgres://localhost/app\r\nCRON_SECRET=${GOOD}\r\nNEXT_PUBLIC_URL=http://localhost:3000\r\n`],
    ['unquoted trailing spaces, which dotenv trims', `CRON_SECRET=${GOOD}   \n`],
    ['base64 from openssl rand -base64 32', 'CRON_SECRET=Kx7vZ9mN2pQ4wR8tY6uI3oP5aS1dF0gH7jK9lM2nB4v=\n'],
    ['a tab inside (a valid header character, only not at the ends)', `CRON_SECRET="${GOOD.slice(0, 16)}\t${GOOD.slice(16)}"\n`],
    ['empty (not configured locally)', 'CRON_SECRET=\n'],
    ['commented out', '# CRON_SECRET=short\n'],
    ['another variable named like it', 'MY_CRON_SECRET_NAME=x\nCRON_SECRET_ROTATED_AT=2026\n'],
  ];
  for (const [name, text] of cases) {
    it(name, () => assert.deepEqual(checkEnvSecret(text), []));
  }
});

describe('checkEnvSecret: secrets Vercel refuses or advises against', () => {
  const cases: [name: string, text: string, flaggedText: string, message: RegExp][] = [
    ['too short', 'CRON_SECRET=changeme\n', 'changeme', /is 8 characters long; Vercel advises a random string of at least 16/],
    ['too short, with a comment dotenv drops', 'CRON_SECRET=abc # local only\n', 'abc', /is 3 characters long/],
    [
      'leading space inside quotes',
      `CRON_SECRET="  ${GOOD}"\n`,
      `  ${GOOD}`,
      /leading or trailing whitespace; vercel build refuses such a secret with INVALID_CRON_SECRET/,
    ],
    ['trailing space inside single quotes', `CRON_SECRET='${GOOD} '\n`, `${GOOD} `, /leading or trailing whitespace/],
    ['a non-ASCII letter', `CRON_SECRET=sécret-${GOOD}\n`, `sécret-${GOOD}`, /characters outside printable ASCII/],
    ['a non-breaking space inside quotes', `CRON_SECRET="${GOOD}\u00a0x"\n`, `${GOOD}\u00a0x`, /characters outside printable ASCII/],
    ['indented line', `  CRON_SECRET=short\n`, 'short', /is 5 characters long/],
  ];
  for (const [name, text, flaggedText, message] of cases) {
    it(name, () => {
      const findings = checkEnvSecret(text);
      assert.deepEqual(
        findings.map((f) => [f.code, f.severity, flagged(text, f)]),
        [['cron-secret-format', 'warning', flaggedText]],
      );
      assert.match(findings[0]!.message, message);
      assert.deepEqual(findings[0]!.fixes, []);
      // The flagged text is the value dotenv gives the app, and the message never quotes it.
      assert.equal(flagged(text, findings[0]!), parse(text).CRON_SECRET);
      assert.ok(!findings[0]!.message.includes(flaggedText.trim()), 'the secret is not in the message');
    });
  }

  it('each definition is checked: a short one before a good one', () => {
    const text = `CRON_SECRET=a\nCRON_SECRET=${GOOD}\n`;
    assert.deepEqual(
      checkEnvSecret(text).map((f) => flagged(text, f)),
      ['a'],
    );
  });

  it(
    'a "\\n" escape in a double-quoted value (vercel env pull of a pasted secret) is a trailing newline',
    {
    },
    () => {
      const text = 'CRON_SECRET="tOcDZJ7VkcRHB5g11FAwQfTykHxyNdVOdvdCleXFfEs=\\n"\n';
      assert.equal(parse(text).CRON_SECRET, 'tOcDZJ7VkcRHB5g11FAwQfTykHxyNdVOdvdCleXFfEs=\n', 'what the app gets');
      assert.deepEqual(
        checkEnvSecret(text).map((f) => f.code),
        ['cron-secret-format'],
      );
    },
  );

  it(
    'an unquoted # ends the value for dotenv',
    () => {
      const text = `CRON_SECRET=abc#${GOOD}\n`;
      assert.equal(parse(text).CRON_SECRET, 'abc');
      assert.deepEqual(
        checkEnvSecret(text).map((f) => flagged(text, f)),
        ['abc'],
      );
    },
  );
});

describe('cron-secret-format through checkCronRoutes', () => {
  const files = routeApp("export async function GET() {\n  return new Response('ok');\n}\n", {
    '.env': `CRON_SECRET=${GOOD}\n`,
    '.env.local': 'CRON_SECRET=changeme\n',
    '.env.example': 'CRON_SECRET=\nDATABASE_URL=\n',
    '.env.sample': 'CRON_SECRET=x\n',
  });

  it('every env file is listed, templates are not read', () => {
    const results = runRoutes(files).filter((r) => r.file.startsWith('.env'));
    assert.deepEqual(
      results.map((r) => [r.file, r.findings.map((f) => [f.code, f.severity, flagged(files[r.file]!, f)])]),
      [
        ['.env', []],
        ['.env.local', [['cron-secret-format', 'warning', 'changeme']]],
      ],
    );
  });

  it('readSecrets false (untrusted workspace): env files are not even listed', () => {
    assert.deepEqual(
      runRoutes(files, { readSecrets: false }).filter((r) => r.file.startsWith('.env')),
      [],
    );
  });

  it('off by the rules setting; severity raised by it', () => {
    assert.deepEqual(
      runRoutes(files, { rules: { 'cron-secret-format': 'off' } }).filter((r) => r.file.startsWith('.env')),
      [],
    );
    const raised = runRoutes(files, { rules: { 'cron-secret-format': 'error' } }).find((r) => r.file === '.env.local')!;
    assert.deepEqual(
      raised.findings.map((f) => f.severity),
      ['error'],
    );
  });
});

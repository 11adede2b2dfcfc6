import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RouteCheckOptions } from '../../../../src/core/routes/check';
import { app, applyFix, type Files, fixOnce, fixTitled, ROUTE, type Row, rowsIn, rowsOf, single } from '../../support/ruleHarness';
import { LIB_VERIFY_CRON } from './sources';
import { assertTypeChecks } from './typecheck';

const CODES = ['max-duration-exceeds-plan', 'max-duration-not-static', 'max-duration-on-edge'] as const;

/** A protected cron route with the given segment config lines above GET. */
function route(config: string): string {
  return `import { verifyCron } from '@/lib/cron';

${config}

export async function GET(request: Request) {
  if (!verifyCron(request)) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`;
}

function files(config: string, vercel: Record<string, unknown> = {}): Files {
  return app({
    'vercel.json': JSON.stringify({ ...vercel, crons: [{ path: '/api/cron/job', schedule: '0 5 * * *' }] }, null, 2) + '\n',
    [ROUTE]: route(config),
    'lib/cron.ts': LIB_VERIFY_CRON,
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('max-duration: within the limits', () => {
  const cases: [name: string, config: string, options: Partial<RouteCheckOptions>, vercel?: Record<string, unknown>][] = [
    ['Hobby with Fluid: 300', 'export const maxDuration = 300;', { plan: 'hobby' }],
    ['Pro with Fluid: 800', 'export const maxDuration = 800;', { plan: 'pro' }],
    ['Enterprise with Fluid: 800', 'export const maxDuration = 800;', { plan: 'enterprise' }],
    ['Hobby without Fluid: 60', 'export const maxDuration = 60;', { plan: 'hobby', fluidCompute: 'off' }],
    ['Pro without Fluid: 300', 'export const maxDuration = 300;', { plan: 'pro', fluidCompute: 'off' }],
    ['Enterprise without Fluid: 900', 'export const maxDuration = 900;', { plan: 'enterprise', fluidCompute: 'off' }],
    ['plan unknown, Fluid: 300 passes every plan', 'export const maxDuration = 300;', {}],
    ['plan unknown, no Fluid: 60 passes every plan', 'export const maxDuration = 60;', { fluidCompute: 'off' }],
    ['"max" is always valid', "export const maxDuration = 'max';", { plan: 'hobby' }],
    ['no maxDuration anywhere', '', { plan: 'hobby' }],
    ['vercel.json functions "max"', '', { plan: 'hobby' }, { functions: { 'app/api/**': { maxDuration: 'max' } } }],
    [
      'the first matching functions key wins (60 before 900)',
      '',
      { plan: 'hobby' },
      { functions: { 'app/api/cron/job/route.ts': { maxDuration: 60 }, 'app/api/**': { maxDuration: 900 } } },
    ],
    [
      "the route's own export overrides vercel.json",
      'export const maxDuration = 60;',
      { plan: 'hobby' },
      { functions: { 'app/api/**': { maxDuration: 900 } } },
    ],
    [
      'fluidCompute "on" beats "fluid": false in vercel.json',
      'export const maxDuration = 120;',
      { plan: 'hobby', fluidCompute: 'on' },
      { fluid: false },
    ],
    [
      "edge route with a vercel.json maxDuration: not the route's doing",
      "export const runtime = 'edge';",
      { plan: 'hobby' },
      { functions: { 'app/api/**': { maxDuration: 900 } } },
    ],
  ];
  for (const [name, config, options, vercel] of cases) {
    it(name, () => assert.deepEqual(rowsOf(CODES, files(config, vercel), ROUTE, options), []));
  }
});

describe('max-duration-exceeds-plan', () => {
  type Case = [
    name: string,
    config: string,
    options: Partial<RouteCheckOptions>,
    vercel: Record<string, unknown>,
    row: Row,
    fix: [title: string, value: string] | undefined,
    message: RegExp,
  ];
  const cases: Case[] = [
    [
      'Hobby with Fluid: 301',
      'export const maxDuration = 301;',
      { plan: 'hobby' },
      {},
      ['max-duration-exceeds-plan', 'error', '301'],
      ['Set maxDuration to the Hobby maximum (300 s)', '300'],
      /exceeds the Hobby limit of 300 s with Fluid compute .*"Serverless Functions must have a maxDuration between 1 and 300 for plan hobby"/,
    ],
    [
      'Pro without Fluid ("fluid": false in vercel.json): 800',
      'export const maxDuration = 800;',
      { plan: 'pro' },
      { fluid: false },
      ['max-duration-exceeds-plan', 'error', '800'],
      ['Set maxDuration to the Pro maximum (300 s)', '300'],
      /exceeds the Pro limit of 300 s without Fluid compute/,
    ],
    [
      'Pro with Fluid: 900 only the 1800 s beta allows (warning)',
      'export const maxDuration = 900;',
      { plan: 'pro' },
      {},
      ['max-duration-exceeds-plan', 'warning', '900'],
      ['Set maxDuration to the Pro maximum (800 s)', '800'],
      /above the Pro limit of 800 s; only the 1800 s beta \(Node\.js, Fluid compute, opted in\) allows it/,
    ],
    [
      'Enterprise with Fluid: 1800 (beta, warning)',
      'export const maxDuration = 1800;',
      { plan: 'enterprise' },
      {},
      ['max-duration-exceeds-plan', 'warning', '1800'],
      ['Set maxDuration to the Enterprise maximum (800 s)', '800'],
      /1800 s beta/,
    ],
    [
      'Enterprise with Fluid: 1801 exceeds even the beta',
      'export const maxDuration = 1801;',
      { plan: 'enterprise' },
      {},
      ['max-duration-exceeds-plan', 'error', '1801'],
      ['Set maxDuration to the Enterprise maximum (800 s)', '800'],
      /exceeds the Enterprise limit of 800 s with Fluid compute/,
    ],
    [
      'Enterprise without Fluid: 901',
      'export const maxDuration = 901;',
      { plan: 'enterprise', fluidCompute: 'off' },
      {},
      ['max-duration-exceeds-plan', 'error', '901'],
      ['Set maxDuration to the Enterprise maximum (900 s)', '900'],
      /Enterprise limit of 900 s without Fluid compute/,
    ],
    [
      'plan unknown, Fluid: 301 fails on Hobby (warning)',
      'export const maxDuration = 301;',
      {},
      {},
      ['max-duration-exceeds-plan', 'warning', '301'],
      ['Set maxDuration to the Hobby maximum (300 s)', '300'],
      /exceeds the Hobby limit of 300 s with Fluid compute .*on Hobby the deploy fails.*Set nextCronRoutes\.plan/,
    ],
    [
      'plan unknown, Fluid: 3600 fails everywhere',
      'export const maxDuration = 3600;',
      {},
      {},
      ['max-duration-exceeds-plan', 'warning', '3600'],
      ['Set maxDuration to the Hobby maximum (300 s)', '300'],
      /Hobby limit of 300 s and the Pro limit of 800 s and the Enterprise limit of 800 s/,
    ],
    [
      'plan unknown, no Fluid: 301 fails on Hobby and Pro',
      'export const maxDuration = 301;',
      { fluidCompute: 'off' },
      {},
      ['max-duration-exceeds-plan', 'warning', '301'],
      ['Set maxDuration to the Hobby maximum (60 s)', '60'],
      /Hobby limit of 60 s and the Pro limit of 300 s without Fluid compute.*on Hobby or Pro/,
    ],
    [
      'vercel.json functions glob: reported on GET, no fix in the route',
      '',
      { plan: 'hobby' },
      { functions: { 'app/api/cron/**': { maxDuration: 900 } } },
      ['max-duration-exceeds-plan', 'error', 'GET'],
      undefined,
      /maxDuration 900 s \(from vercel\.json functions "app\/api\/cron\/\*\*"\) exceeds the Hobby limit of 300 s/,
    ],
    [
      'fluidCompute "off" beats vercel.json',
      '',
      { plan: 'hobby', fluidCompute: 'off' },
      { functions: { 'app/api/**': { maxDuration: 120 } } },
      ['max-duration-exceeds-plan', 'error', 'GET'],
      undefined,
      /Hobby limit of 60 s without Fluid compute/,
    ],
    [
      '0 s is no duration',
      'export const maxDuration = 0;',
      { plan: 'pro' },
      {},
      ['max-duration-exceeds-plan', 'error', '0'],
      undefined,
      /must be a whole number of seconds from 1, or "max"/,
    ],
    [
      '1.5 s is no whole number',
      'export const maxDuration = 1.5;',
      { plan: 'pro' },
      {},
      ['max-duration-exceeds-plan', 'error', '1.5'],
      undefined,
      /whole number of seconds/,
    ],
  ];
  for (const [name, config, options, vercel, row, fix, message] of cases) {
    it(name, () => {
      const project = files(config, vercel);
      assert.deepEqual(rowsOf(CODES, project, ROUTE, options), [row]);
      const finding = single('max-duration-exceeds-plan', project, ROUTE, options);
      assert.match(finding.message, message);
      if (!fix) {
        assert.deepEqual(finding.fixes, []);
        return;
      }
      const [title, value] = fix;
      assert.deepEqual(
        finding.fixes.map((f) => f.title),
        [title],
      );
      const fixed = fixOnce('max-duration-exceeds-plan', project, new RegExp(`^${escape(title)}$`), ROUTE, options);
      assert.equal(fixed, project[ROUTE]!.replace(config, config.replace(/= .*;/, `= ${value};`)));
    });
  }

  it('the fix replaces only the number: comments and semicolon-less style survive', () => {
    const project = files("export const maxDuration = 900 // 15 minutes of backfill\nexport const dynamic = 'force-dynamic'");
    const fixed = fixOnce('max-duration-exceeds-plan', project, /Hobby maximum/, ROUTE, { plan: 'hobby' });
    assert.ok(fixed.includes("export const maxDuration = 300 // 15 minutes of backfill\nexport const dynamic = 'force-dynamic'\n"), fixed);
    assertTypeChecks({ [ROUTE]: fixed, 'lib/cron.ts': LIB_VERIFY_CRON });
  });

  it('severity follows the rules setting; off silences it', () => {
    const project = files('export const maxDuration = 301;');
    assert.deepEqual(rowsOf(CODES, project, ROUTE, { plan: 'hobby', rules: { 'max-duration-exceeds-plan': 'warning' } }), [
      ['max-duration-exceeds-plan', 'warning', '301'],
    ]);
    assert.deepEqual(rowsOf(CODES, project, ROUTE, { plan: 'hobby', rules: { 'max-duration-exceeds-plan': 'off' } }), []);
  });

  const PAGES = 'pages/api/cron/job.ts';
  const PAGES_ROUTE = `import type { NextApiRequest, NextApiResponse } from 'next';

export const config = { maxDuration: 900 };

export default function handler(req: NextApiRequest, res: NextApiResponse) {
  if (!req.headers.authorization) return res.status(401).end();
  res.status(200).end();
}
`;

  it('Pages Router config.maxDuration counts', () => {
    const rows = rowsOf(CODES, app({ [PAGES]: PAGES_ROUTE }), PAGES, { plan: 'hobby' });
    assert.equal(rows.length, 1, JSON.stringify(rows));
    assert.deepEqual(rows[0]!.slice(0, 2), ['max-duration-exceeds-plan', 'error']);
  });

  it(
    'Pages Router config.maxDuration: the finding points at the value and offers the fix',
    () => {
      const project = app({ [PAGES]: PAGES_ROUTE });
      assert.deepEqual(rowsOf(CODES, project, PAGES, { plan: 'hobby' }), [['max-duration-exceeds-plan', 'error', '900']]);
      assert.equal(single('max-duration-exceeds-plan', project, PAGES, { plan: 'hobby' }).fixes.length, 1);
    },
  );

  it(
    'plan unknown, 801–1800 s with Fluid: the warning says Pro and Enterprise need the beta',
    {
    },
    () => {
      const finding = single('max-duration-exceeds-plan', files('export const maxDuration = 900;'));
      assert.equal(finding.severity, 'warning');
      assert.match(finding.message, /1800 s beta/);
    },
  );
});

describe('max-duration-not-static', () => {
  it('a computed value is an info on the expression', () => {
    for (const [config, text] of [
      ["export const maxDuration = Number(process.env.CRON_MAX_DURATION ?? '60');", "Number(process.env.CRON_MAX_DURATION ?? '60')"],
      ['export const maxDuration = 5 * 60;', '5 * 60'],
    ] as const) {
      const project = files(config);
      assert.deepEqual(rowsOf(CODES, project, ROUTE, { plan: 'hobby' }), [['max-duration-not-static', 'info', text]]);
      const finding = single('max-duration-not-static', project, ROUTE, { plan: 'hobby' });
      assert.match(finding.message, /is not a literal/);
      assert.deepEqual(finding.fixes, []);
    }
  });

  it('a string in vercel.json functions is not checked against the plan', () => {
    assert.deepEqual(
      rowsOf(['max-duration-exceeds-plan'], files('', { functions: { 'app/api/**': { maxDuration: '300' } } }), ROUTE, { plan: 'hobby' }),
      [],
    );
  });
});

describe('max-duration-on-edge', () => {
  for (const runtime of ['edge', 'experimental-edge']) {
    it(`runtime '${runtime}' with maxDuration: warning; "Remove maxDuration on edge" deletes the line`, () => {
      const config = `export const runtime = '${runtime}';\nexport const maxDuration = 60;`;
      const project = files(config);
      assert.deepEqual(rowsOf(CODES, project, ROUTE, { plan: 'hobby' }), [['max-duration-on-edge', 'warning', '60']]);
      assert.match(single('max-duration-on-edge', project, ROUTE, { plan: 'hobby' }).message, /does not apply to the Edge runtime/);
      const fixed = fixOnce('max-duration-on-edge', project, /^Remove maxDuration on edge$/, ROUTE, { plan: 'hobby' });
      assert.equal(fixed, project[ROUTE]!.replace(config, `export const runtime = '${runtime}';`));
      assert.deepEqual(rowsOf(CODES, { ...project, [ROUTE]: fixed }, ROUTE, { plan: 'hobby' }), []);
    });
  }

  it('an edge route over every limit is not also max-duration-exceeds-plan', () => {
    const project = files("export const runtime = 'edge';\nexport const maxDuration = 3600;");
    assert.deepEqual(
      rowsOf(CODES, project, ROUTE, { plan: 'hobby' }).map(([code]) => code),
      ['max-duration-on-edge'],
    );
  });

  it('the removal keeps the neighbouring lines, double quotes and no semicolons', () => {
    const source =
      'import { verifyCron } from "@/lib/cron"\n\nexport const runtime = "edge"\nexport const maxDuration = 30\n\nexport async function GET(request: Request) {\n  if (!verifyCron(request)) return new Response(null, { status: 401 })\n  return new Response("ok")\n}\n';
    const project = app({ [ROUTE]: source, 'lib/cron.ts': LIB_VERIFY_CRON });
    const fixed = applyFix(source, fixTitled(single('max-duration-on-edge', project), /Remove/));
    assert.equal(fixed, source.replace('export const maxDuration = 30\n', ''));
  });
});

describe('max-duration: rows in context', () => {
  it('a protected route with a too long maxDuration has that finding only', () => {
    assert.deepEqual(rowsIn(files('export const maxDuration = 301;'), ROUTE, { plan: 'hobby' }), [
      ['max-duration-exceeds-plan', 'error', '301'],
    ]);
  });
});

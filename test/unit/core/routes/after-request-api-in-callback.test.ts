/**
 * after-request-api-in-callback: cookies() or headers() inside an after() callback of a Server
 * Component, where Next.js throws (platform-facts §3, after()). Negative cases are the ways apps
 * do it right: the value read before after(), after() in a Route Handler or a Server Function, a
 * client module, another module's `cookies`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from 'jsonc-parser';
import { checkComponentFile, mayHaveComponentFindings } from '../../../../src/core/routes/componentRules';
import type { Finding } from '../../../../src/core/diagnostics';
import type { RuleSetting } from '../../../../src/core/settings';
import { loadTypeScript } from '../../../../src/node/loadTypeScript';
import { flagged } from '../../support/ruleHarness';
import { assertTypeChecks } from './typecheck';

const ts = loadTypeScript();

function check(file: string, text: string, rules: Record<string, RuleSetting> = {}): Finding[] {
  return mayHaveComponentFindings(file, text) ? checkComponentFile(ts, file, text, rules) : [];
}

function fixed(file: string, text: string): string {
  const [finding] = check(file, text);
  assert.ok(finding, 'expected a finding to fix');
  assert.equal(finding.fixes.length, 1);
  return applyEdits(text, finding.fixes[0]!.edits.map((e) => ({ offset: e.offset, length: e.length, content: e.content })));
}

/** A page that logs a visit after the response, in the shape the Next.js docs warn about. */
const PAGE = `import { after } from 'next/server';
import { cookies } from 'next/headers';
import { logVisit } from '@/lib/analytics';

export default async function Page() {
  after(async () => {
    const session = (await cookies()).get('session')?.value;
    await logVisit(session);
  });
  return <main>Welcome</main>;
}
`;

describe('after-request-api-in-callback: what is right', () => {
  const cases: [name: string, file: string, text: string][] = [
    [
      'the value read before after() and closed over',
      'app/page.tsx',
      `import { after } from 'next/server';
import { cookies } from 'next/headers';

export default async function Page() {
  const session = (await cookies()).get('session')?.value;
  after(() => console.log('visited', session));
  return <main />;
}
`,
    ],
    [
      'a Route Handler, where Next.js allows it',
      'app/api/visit/route.ts',
      `import { after } from 'next/server';
import { headers } from 'next/headers';

export async function GET() {
  after(async () => console.log((await headers()).get('user-agent')));
  return Response.json({ ok: true });
}
`,
    ],
    [
      "a 'use server' module: Server Functions may",
      'app/actions.tsx',
      `'use server';
import { after } from 'next/server';
import { cookies } from 'next/headers';

export async function Track() {
  after(async () => console.log((await cookies()).get('id')));
  return <p />;
}
`,
    ],
    [
      "a Server Function declared inline with 'use server'",
      'app/form/page.tsx',
      `import { after } from 'next/server';
import { cookies } from 'next/headers';

export default function Page() {
  async function save() {
    'use server';
    after(async () => console.log((await cookies()).get('id')));
  }
  return <form action={save} />;
}
`,
    ],
    [
      'a client module',
      'components/Banner.tsx',
      `'use client';
import { after } from 'next/server';
import { cookies } from 'next/headers';

export function Banner() {
  after(() => cookies());
  return <div />;
}
`,
    ],
    [
      'cookies from another module (a cookie library)',
      'app/page.tsx',
      `import { after } from 'next/server';
import { headers } from 'next/headers';
import { cookies } from '@/lib/cookie-jar';

export default async function Page() {
  after(() => cookies().flush());
  return <main />;
}
`,
    ],
    [
      'a local cookies() that shadows the import',
      'app/page.tsx',
      `import { after } from 'next/server';
import { cookies } from 'next/headers';

export default async function Page() {
  const jar = await cookies();
  after(() => {
    const cookies = () => jar.getAll();
    console.log(cookies());
  });
  return <main />;
}
`,
    ],
    [
      'a helper function the callback only defines (run when something calls it, not judged)',
      'app/page.tsx',
      `import { after } from 'next/server';
import { cookies } from 'next/headers';

export default async function Page() {
  after(() => {
    const later = async () => (await cookies()).get('id');
    void later;
  });
  return <main />;
}
`,
    ],
    [
      'after(fn) with a named function: its body is not followed',
      'app/page.tsx',
      `import { after } from 'next/server';
import { cookies } from 'next/headers';

async function report() {
  console.log((await cookies()).get('id'));
}

export default async function Page() {
  after(report);
  return <main />;
}
`,
    ],
    [
      'a lower-case helper that returns no JSX, outside a segment file',
      'lib/track.ts',
      `import { after } from 'next/server';
import { cookies } from 'next/headers';

export function trackLater() {
  after(async () => console.log((await cookies()).get('id')));
}
`,
    ],
    [
      'middleware',
      'middleware.ts',
      `import { after, NextResponse } from 'next/server';
import { cookies } from 'next/headers';

export function middleware() {
  after(async () => console.log((await cookies()).get('id')));
  return NextResponse.next();
}
`,
    ],
    [
      'a Pages Router page',
      'pages/index.tsx',
      `import { after } from 'next/server';
import { cookies } from 'next/headers';

export default function Home() {
  after(() => cookies());
  return <main />;
}
`,
    ],
    ['a type-only import of after', 'app/page.tsx', `import type { after } from 'next/server';\nimport { cookies } from 'next/headers';\n\nexport default function Page() {\n  return <main />;\n}\n`],
  ];
  for (const [name, file, text] of cases) {
    it(name, () => assert.deepEqual(check(file, text), []));
  }
});

describe('after-request-api-in-callback: what Next.js throws on', () => {
  const cases: [name: string, file: string, text: string, flaggedTexts: string[]][] = [
    ['a page reading cookies() in its after() callback', 'app/page.tsx', PAGE, ['cookies()']],
    [
      'a layout as an arrow function, headers() through an alias, an expression-bodied callback',
      'app/(shop)/layout.tsx',
      `import { after } from 'next/server';
import { headers as requestHeaders } from 'next/headers';

const Layout = async ({ children }: { children: React.ReactNode }) => {
  after(async () => console.log((await requestHeaders()).get('user-agent')));
  return <section>{children}</section>;
};

export default Layout;
`,
      ['requestHeaders()'],
    ],
    [
      'namespace imports of both modules',
      'src/app/dashboard/page.tsx',
      `import * as server from 'next/server';
import * as nextHeaders from 'next/headers';

export default async function Dashboard() {
  server.after(async () => {
    const jar = await nextHeaders.cookies();
    console.log(jar.size);
  });
  return <div />;
}
`,
      ['nextHeaders.cookies()'],
    ],
    [
      'a component outside app/ that renders JSX, both APIs, inside an if block',
      'components/VisitLogger.tsx',
      `import { after } from 'next/server';
import { cookies, headers } from 'next/headers';

export async function VisitLogger({ enabled }: { enabled: boolean }) {
  if (enabled) {
    after(async () => {
      const id = (await cookies()).get('id')?.value;
      const agent = (await headers()).get('user-agent');
      console.log(id, agent);
    });
  }
  return null ?? <span hidden />;
}
`,
      ['cookies()', 'headers()'],
    ],
    [
      'a page that is not async, sync-style access',
      'app/about/page.jsx',
      `import { after } from 'next/server'
import { cookies } from 'next/headers'

export default function About() {
  after(() => console.log(cookies().get('theme')))
  return <p>About</p>
}
`,
      ['cookies()'],
    ],
  ];
  for (const [name, file, text, flaggedTexts] of cases) {
    it(name, () => {
      const findings = check(file, text);
      assert.deepEqual(
        findings.map((f) => [f.code, f.severity, flagged(text, f)]),
        flaggedTexts.map((t) => ['after-request-api-in-callback', 'error', t]),
      );
      assert.match(findings[0]!.message, /throws there at run time/);
    });
  }

  it("Next.js 15.0's unstable_after, imported under the name after, is the same function", () => {
    const text = PAGE.replace("import { after } from 'next/server';", "import { unstable_after as after } from 'next/server';");
    assert.deepEqual(check('app/page.tsx', text).map((f) => flagged(text, f)), ['cookies()']);
  });

  it('a callback that sets a cookie: reported, with no fix, since a Server Component cannot write cookies anywhere', () => {
    const text = `import { after } from 'next/server';
import { cookies } from 'next/headers';

export default async function Page() {
  after(async () => {
    (await cookies()).set('seen', 'yes');
  });
  return <main />;
}
`;
    const [finding, ...rest] = check('app/page.tsx', text);
    assert.deepEqual(rest, []);
    assert.equal(flagged(text, finding!), 'cookies()');
    assert.deepEqual(finding!.fixes, []);
    assert.match(finding!.message, /a Server Component cannot set cookies at all\. Do it in a Server Function or a Route Handler/);
  });

  it('the rules setting turns it off or lowers it', () => {
    assert.deepEqual(check('app/page.tsx', PAGE, { 'after-request-api-in-callback': 'off' }), []);
    assert.equal(check('app/page.tsx', PAGE, { 'after-request-api-in-callback': 'warning' })[0]!.severity, 'warning');
  });
});

describe('after-request-api-in-callback: code too deep to read says nothing and never throws', () => {
  const head = "import { after } from 'next/server';\nimport { cookies } from 'next/headers';\n\nexport default function Page() {\n  after(() => cookies());\n  return ";
  const cases: [name: string, text: string][] = [
    ['60,000 open parentheses', `${head}${'('.repeat(60000)}0;\n}\n`],
    ['deeper brackets than TypeScript parses, closed', `${head}${'['.repeat(300)}0${']'.repeat(300)};\n}\n`],
    ['2,000 nested ifs (no bracket to count)', `${head.replace('  return ', '  ')}${'if (a) '.repeat(2000)}0;\n  return null;\n}\n`],
    ['1,000 nested arrows, which overflow the parser itself', `${head}${'() => '.repeat(1000)}0;\n}\n`],
  ];
  for (const [name, text] of cases) {
    it(name, () => assert.deepEqual(check('app/page.tsx', text), []));
  }
});

describe('after-request-api-in-callback: the fix reads the value before after()', () => {
  it('hoists the read and drops the parentheses around the await; applying it again changes nothing', () => {
    const once = fixed('app/page.tsx', PAGE);
    assert.equal(
      once,
      `import { after } from 'next/server';
import { cookies } from 'next/headers';
import { logVisit } from '@/lib/analytics';

export default async function Page() {
  const cookieStore = await cookies();
  after(async () => {
    const session = cookieStore.get('session')?.value;
    await logVisit(session);
  });
  return <main>Welcome</main>;
}
`,
    );
    assert.deepEqual(check('app/page.tsx', once), []);
  });

  it('makes a component async when it is not, keeps a file without semicolons without them', () => {
    const text = `import { after } from 'next/server'
import { cookies } from 'next/headers'

export default function About() {
  after(() => console.log(cookies().get('theme')))
  return <p>About</p>
}
`;
    assert.equal(
      fixed('app/about/page.jsx', text),
      `import { after } from 'next/server'
import { cookies } from 'next/headers'

export default async function About() {
  const cookieStore = await cookies()
  after(() => console.log(cookieStore.get('theme')))
  return <p>About</p>
}
`,
    );
  });

  it('one fix per API replaces every call of it in the callback; a taken name gets a number; the result type-checks', () => {
    const text = `import { after } from 'next/server';
import { cookies, headers } from 'next/headers';

export default async function Page() {
  const cookieStore = 'unrelated';
  if (cookieStore) {
    after(async () => {
      const first = (await cookies()).get('a');
      const second = (await cookies()).get('b');
      console.log(first, second, (await headers()).get('x-id'));
    });
  }
  return <main />;
}
`;
    const findings = check('app/page.tsx', text);
    assert.equal(findings.length, 3);
    const once = fixed('app/page.tsx', text);
    assert.equal(
      once,
      `import { after } from 'next/server';
import { cookies, headers } from 'next/headers';

export default async function Page() {
  const cookieStore = 'unrelated';
  if (cookieStore) {
    const cookieStore2 = await cookies();
    after(async () => {
      const first = cookieStore2.get('a');
      const second = cookieStore2.get('b');
      console.log(first, second, (await headers()).get('x-id'));
    });
  }
  return <main />;
}
`,
    );
    const twice = fixed('app/page.tsx', once);
    assert.deepEqual(check('app/page.tsx', twice), []);
    assertTypeChecks({ 'app/page.tsx': twice });
  });

  it('no fix where no statement of the component holds the call (an expression-bodied component)', () => {
    const text = `import { after } from 'next/server';
import { headers } from 'next/headers';

const Ping = () => (after(async () => console.log((await headers()).get('x'))), <i />);
export default Ping;
`;
    const [finding] = check('app/ping/page.tsx', text);
    assert.ok(finding);
    assert.deepEqual(finding.fixes, []);
  });
});

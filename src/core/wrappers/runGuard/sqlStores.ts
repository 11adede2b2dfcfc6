import type { Source } from '../source';
import { requiredEnvCode, type StoreSection } from './store';

/** The table the SQL stores write to; the helper doc comment carries it for the user to run once. */
export const CRON_RUNS_TABLE = `CREATE TABLE cron_runs (
  key text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);`;

/**
 * Inserts the claim, or takes over an expired one: a row whose lock ran out must not block
 * the slot for ever, and a live row must not be touched. RETURNING yields a row only when
 * this statement claimed the key, whichever client runs it.
 */
const CLAIM = [
  'INSERT INTO cron_runs (key, expires_at)',
  'VALUES ($1, now() + make_interval(secs => $2))',
  'ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at',
  'WHERE cron_runs.expires_at < now()',
  'RETURNING key',
];
const RELEASE = 'DELETE FROM cron_runs WHERE key = $1';

/** The statements as the body of a tagged template (`sql\`...\``), the key and TTL interpolated. */
function tagged(lines: string[], indent: string): string {
  return lines
    .map((line) => indent + line.replace('$1', '${key}').replace('$2', '${ttlSeconds}'))
    .join('\n');
}

function sqlDoc(client: string): string[] {
  return [
    `Claims live in PostgreSQL, through ${client}. Create their table once:`,
    '',
    '```sql',
    ...CRON_RUNS_TABLE.split('\n'),
    '```',
    '',
    'An expired row is claimed again in place; to keep the table small, run from time to time:',
    '`DELETE FROM cron_runs WHERE expires_at < now()`.',
  ];
}

export function pgStore(s: Source): StoreSection {
  const { t } = s;
  return {
    imports: [`import { Pool } from 'pg';`],
    doc: sqlDoc('pg, at DATABASE_URL (Node.js runtime)'),
    code: `const CLAIM_SQL = [
${CLAIM.map((line) => `  '${line}',`).join('\n')}
].join(' ');

let pool${t(': Pool | undefined')};

/** One pool per server instance, opened on the first claim rather than at import. */
function database()${t(': Pool')} {
  pool ??= new Pool({ connectionString: requiredEnv('DATABASE_URL') });
  return pool;
}

async function claimSlot(key${t(': string')}, ttlSeconds${t(': number')})${t(': Promise<boolean>')} {
  const result = await database().query(CLAIM_SQL, [key, ttlSeconds]);
  return result.rows.length > 0;
}

async function releaseSlot(key${t(': string')})${t(': Promise<void>')} {
  await database().query('${RELEASE}', [key]);
}

${requiredEnvCode(s)}`,
  };
}

/** postgres.js, Neon and @vercel/postgres all take the statement as a tagged template. */
function taggedStore(s: Source, options: { imports: string[]; doc: string[]; setup: string; sql: string; rows: string; usesEnv: boolean }): StoreSection {
  const { t } = s;
  return {
    imports: options.imports,
    doc: options.doc,
    code: `${options.setup}

async function claimSlot(key${t(': string')}, ttlSeconds${t(': number')})${t(': Promise<boolean>')} {
  const ${options.rows} = await ${options.sql}\`
${tagged(CLAIM, '    ')}
  \`;
  return rows.length > 0;
}

async function releaseSlot(key${t(': string')})${t(': Promise<void>')} {
  await ${options.sql}\`${tagged([RELEASE], '')}\`;
}${options.usesEnv ? `\n\n${requiredEnvCode(s)}` : ''}`,
  };
}

export function postgresJsStore(s: Source): StoreSection {
  const { t } = s;
  return taggedStore(s, {
    imports: [`import postgres from 'postgres';`],
    doc: sqlDoc('postgres.js, at DATABASE_URL (Node.js runtime)'),
    sql: 'database()',
    rows: 'rows',
    setup: `let sql${t(': postgres.Sql | undefined')};

/** One connection pool per server instance, opened on the first claim rather than at import. */
function database()${t(': postgres.Sql')} {
  sql ??= postgres(requiredEnv('DATABASE_URL'));
  return sql;
}`,
    usesEnv: true,
  });
}

export function neonStore(s: Source): StoreSection {
  const { t } = s;
  return taggedStore(s, {
    imports: [`import { neon${s.typed ? ', type NeonQueryFunction' : ''} } from '@neondatabase/serverless';`],
    doc: sqlDoc('the Neon serverless driver over HTTP, at DATABASE_URL (Node.js and Edge runtimes)'),
    sql: 'database()',
    rows: 'rows',
    setup: `let sql${t(': NeonQueryFunction<false, false> | undefined')};

/** Created on the first claim, not at import: building the app imports this module without its env. */
function database()${t(': NeonQueryFunction<false, false>')} {
  sql ??= neon(requiredEnv('DATABASE_URL'));
  return sql;
}`,
    usesEnv: true,
  });
}

export function vercelPostgresStore(s: Source): StoreSection {
  return taggedStore(s, {
    imports: [`import { sql } from '@vercel/postgres';`],
    doc: sqlDoc('@vercel/postgres, at POSTGRES_URL'),
    sql: 'sql',
    // Its tag resolves to a QueryResult rather than to the rows.
    rows: '{ rows }',
    // The package's sql connects on its first query, once per server instance: nothing to set up.
    setup: '',
    usesEnv: false,
  });
}

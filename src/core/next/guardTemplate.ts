import type { ProjectStyle } from './types';

export type Quote = "'" | '"' | '`';

/**
 * `text` as a JavaScript string literal in `quote`: escaped as JSON.stringify escapes (backslash,
 * control characters, lone surrogates), plus the quote itself and U+2028/U+2029, which
 * TypeScript's scanner reads as line breaks that end a string. In a template, `${` is escaped too.
 * Every value a generator embeds into code (a schedule, a path, a name) goes through here: a
 * schedule "0 3 * * *\n" in vercel.json must not put a raw line break into a route.
 */
export function stringLiteral(text: string, quote: Quote = "'"): string {
  const json = JSON.stringify(text)
    .slice(1, -1)
    .replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
  if (quote === '"') return `"${json}"`;
  // JSON escapes " and nothing else a quote needs: unescape it, escape this quote (and `${` in a template).
  const inner = json.replace(/\\([\s\S])|'|`|\$\{/g, (match, escaped: string | undefined) => {
    if (escaped !== undefined) return escaped === '"' ? '"' : match;
    return match === quote || (quote === '`' && match === '${') ? `\\${match}` : match;
  });
  return `${quote}${inner}${quote}`;
}

/** A canonical single-quoted literal (escapes included), read through the same escapes. */
const SINGLE_QUOTED = /'((?:[^'\\\n]|\\.)*)'/g;

/** Rewrites the canonical single-quoted, semicolon-terminated source into the project's style. */
export function applyStyle(source: string, style: Pick<ProjectStyle, 'quote' | 'semicolons' | 'indent'>): string {
  let text = source.replace(/^( {2})+/gm, (spaces) => style.indent.repeat(spaces.length / 2));
  // `\'` in the single-quoted literal is a plain ' in double quotes, and a " needs its backslash.
  if (style.quote === '"') text = text.replace(SINGLE_QUOTED, (_m, inner: string) => `"${inner.replace(/\\([\s\S])|"/g, (match, escaped: string | undefined) => (escaped === undefined ? '\\"' : escaped === "'" ? "'" : match))}"`);
  if (!style.semicolons) text = text.replace(/;$/gm, '');
  return text;
}

/** Generated text by name and style: every route of an app gets the same helpers and import lines. */
const styledTexts = new Map<string, string>();

/** `generate()` (canonical style) in `style`, built once per name and style. `name` must say everything `generate` depends on. */
export function styledOnce(name: string, style: Pick<ProjectStyle, 'quote' | 'semicolons' | 'indent'>, generate: () => string): string {
  const key = `${name}\0${style.quote}${style.semicolons}${style.indent}`;
  let text = styledTexts.get(key);
  if (text === undefined) {
    if (styledTexts.size > 200) styledTexts.clear();
    text = applyStyle(generate(), style);
    styledTexts.set(key, text);
  }
  return text;
}

export interface GuardOptions {
  typed: boolean;
  /** Edge has no node:crypto: compare SHA-256 digests with Web Crypto instead. */
  edge: boolean;
}

/** The constant-time comparison the guard calls; accepts a missing header. */
export function sameSecretHelper(options: GuardOptions): string {
  const t = (annotation: string) => (options.typed ? annotation : '');
  if (options.edge) {
    return [
      `async function isSameSecret(actual${t(': string | null | undefined')}, expected${t(': string | null | undefined')})${t(': Promise<boolean>')} {`,
      `  if (typeof actual !== 'string' || typeof expected !== 'string') return false;`,
      `  const encoder = new TextEncoder();`,
      `  const [left, right] = await Promise.all([crypto.subtle.digest('SHA-256', encoder.encode(actual)), crypto.subtle.digest('SHA-256', encoder.encode(expected))]);`,
      `  const a = new Uint8Array(left);`,
      `  const b = new Uint8Array(right);`,
      `  let difference = 0;`,
      `  for (let i = 0; i < a.length; i++) difference |= a[i]${t('!')} ^ b[i]${t('!')};`,
      `  return difference === 0;`,
      `}`,
    ].join('\n');
  }
  return [
    `function isSameSecret(actual${t(': string | null | undefined')}, expected${t(': string | null | undefined')})${t(': boolean')} {`,
    `  if (typeof actual !== 'string' || typeof expected !== 'string') return false;`,
    `  const left = Buffer.from(actual);`,
    `  const right = Buffer.from(expected);`,
    `  return left.length === right.length && timingSafeEqual(left, right);`,
    `}`,
  ].join('\n');
}

export interface GuardContext {
  /** The request parameter's name. */
  request: string;
  /** Pages Router: the response parameter's name; the guard then answers with res.status(401). */
  response: string | undefined;
  /** `NextResponse` when the file already uses it, else the Web `Response`. */
  responseClass: 'Response' | 'NextResponse';
  edge: boolean;
}

/**
 * The one fail-closed CRON_SECRET check, as statements: the secret must be set, then the
 * Authorization header must equal `Bearer <secret>`, compared in constant time.
 */
export function guardStatements(context: GuardContext): string {
  const header = context.response ? `${context.request}.headers.authorization` : `${context.request}.headers.get('authorization')`;
  const compare = `isSameSecret(${header}, \`Bearer \${cronSecret}\`)`;
  const refuse = context.response
    ? `return ${context.response}.status(401).json({ error: 'Unauthorized' });`
    : `return ${context.responseClass}.json({ error: 'Unauthorized' }, { status: 401 });`;
  return [
    `// Fail closed: without a secret, "Bearer undefined" would otherwise get in.`,
    `const cronSecret = process.env.CRON_SECRET;`,
    `if (!cronSecret || !${context.edge ? `(await ${compare})` : compare}) {`,
    `  ${refuse}`,
    `}`,
  ].join('\n');
}

/** A GET handler that starts with the guard, for files that lack one. */
export function guardedGetHandler(style: ProjectStyle, body: string): string {
  const typed = style.extension === 'ts';
  const lines = [
    `export async function GET(request${typed ? ': Request' : ''}) {`,
    ...guardStatements({ request: 'request', response: undefined, responseClass: 'Response', edge: false }).split('\n').map((l) => `  ${l}`),
    ``,
    ...body.split('\n').map((line) => (line ? `  ${line}` : line)),
    `}`,
    ``,
    sameSecretHelper({ typed, edge: false }),
  ];
  return applyStyle(lines.join('\n'), style);
}

/** A new App Router cron route: the guard, then a JSON result the job fills in. */
export function cronRouteFile(style: ProjectStyle, jobName: string): string {
  const source = [
    `import { timingSafeEqual } from 'node:crypto';`,
    ``,
    guardedGetHandler({ ...style, quote: "'", semicolons: true, indent: '  ' }, [`// ${jobName}: the scheduled work runs here.`, `return Response.json({ ok: true, job: ${stringLiteral(jobName)}, ranAt: new Date().toISOString() });`].join('\n')),
    ``,
  ].join('\n');
  return applyStyle(source, style);
}

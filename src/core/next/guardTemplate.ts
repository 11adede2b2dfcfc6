import type { ProjectStyle } from '../vercel/project';

/** Rewrites the canonical single-quoted, semicolon-terminated source into the project's style. */
export function applyStyle(source: string, style: Pick<ProjectStyle, 'quote' | 'semicolons' | 'indent'>): string {
  let text = source.replace(/^( {2})+/gm, (spaces) => style.indent.repeat(spaces.length / 2));
  if (style.quote === '"') text = text.replace(/'([^'\n]*)'/g, (_m, inner: string) => `"${inner.replace(/"/g, '\\"')}"`);
  if (!style.semicolons) text = text.replace(/;$/gm, '');
  return text;
}

/**
 * The one fail-closed CRON_SECRET check: the secret must be set, then the header must match
 * it, compared in constant time. Reused by every fix that writes a cron handler.
 */
export function guardedGetHandler(style: ProjectStyle, body: string): string {
  const typed = style.extension === 'ts';
  const lines = [
    `export async function GET(request${typed ? ': Request' : ''}) {`,
    `  const secret = process.env.CRON_SECRET;`,
    `  const authorization = request.headers.get('authorization') ?? '';`,
    `  // Fail closed: without a secret, "Bearer undefined" would otherwise get in.`,
    `  if (!secret || !isSameSecret(authorization, \`Bearer \${secret}\`)) {`,
    `    return Response.json({ error: 'Unauthorized' }, { status: 401 });`,
    `  }`,
    ``,
    ...body.split('\n').map((line) => (line ? `  ${line}` : line)),
    `}`,
    ``,
    `function isSameSecret(actual${typed ? ': string' : ''}, expected${typed ? ': string' : ''})${typed ? ': boolean' : ''} {`,
    `  const left = Buffer.from(actual);`,
    `  const right = Buffer.from(expected);`,
    `  return left.length === right.length && timingSafeEqual(left, right);`,
    `}`,
  ];
  return applyStyle(lines.join('\n'), style);
}

/** A new App Router cron route: the guard, then a JSON result the job fills in. */
export function cronRouteFile(style: ProjectStyle, jobName: string): string {
  const source = [
    `import { timingSafeEqual } from 'node:crypto';`,
    ``,
    guardedGetHandlerCanonical(style, [`// ${jobName}: the scheduled work runs here.`, `return Response.json({ ok: true, job: '${jobName}', ranAt: new Date().toISOString() });`].join('\n')),
    ``,
  ].join('\n');
  return applyStyle(source, style);
}

function guardedGetHandlerCanonical(style: ProjectStyle, body: string): string {
  return guardedGetHandler({ ...style, quote: "'", semicolons: true, indent: '  ' }, body);
}

import { effectiveMaxDuration } from './effectiveDuration';
import { spanOf, type VercelDoc } from './model';
import type { ProjectView } from './project';
import { appPathOf, splitCronPath } from './projectRoutes';
import type { CoreHover } from './hover';

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

/**
 * Hover on a cron path in a Next.js app: the route file that serves it (a link the adapter
 * resolves), the handlers it exports and the maxDuration Vercel will apply.
 */
export function getPathHover(doc: VercelDoc, offset: number, project: ProjectView, fileLink: (file: string) => string): CoreHover | undefined {
  // No tree (a file nested too deep to parse) means nothing to hover, and no walk of the text.
  // Route files are a Next.js app's: elsewhere (another framework, a monorepo's root) there is none to show.
  if (!doc.root || project.app().kind !== 'next') return undefined;
  // The model's entries, not a scan of JSON text: the same lookup serves vercel.toml and vercel.ts.
  const node = doc.crons.find(({ path }) => path?.node.type === 'string' && offset > path.span.start && offset < path.span.end)?.path?.node;
  if (!node) return undefined;
  const { pathname } = splitCronPath(String(node.value));
  const basePath = project.config.basePath;
  const appPath = appPathOf(pathname, basePath);
  const route = appPath === undefined ? undefined : project.matchRoute(appPath);
  const lines: string[] = [];
  if (!route) {
    lines.push(`No route file serves \`${pathname}\`${basePath ? ` (basePath \`${basePath}\`)` : ''}: every run would get 404.`);
    return { span: spanOf(node), markdown: lines.join('\n') };
  }
  lines.push(`**GET ${escape(pathname)}** → [${escape(route.file)}](${fileLink(route.file)})`, '');
  const exports = project.routeExports(route.file);
  if (route.kind === 'pages-api') lines.push('Pages Router API route (default export handles every method).');
  else if (exports) {
    const methods = [...exports.methods.keys()];
    lines.push(`Exports: ${methods.length ? methods.map((m) => (m === 'GET' ? '**GET**' : m)).join(', ') : 'no handlers'}${methods.includes('GET') || !methods.length ? '' : ' — no GET: every cron run gets 405'}`);
  }
  const duration = effectiveMaxDuration(doc, project, route.file);
  if (duration) {
    const value = duration.value === 'non-literal' ? 'not a literal (cannot be checked)' : duration.value === 'max' ? 'the plan maximum ("max")' : `${duration.value} s`;
    // The source's label says vercel.json; a vercel.toml or vercel.ts project reads its functions from that file.
    const source = duration.source === 'vercel.json functions' && doc.source ? `${doc.source.file} functions` : duration.source;
    lines.push('', `maxDuration: ${value}, from the ${source}${duration.pattern ? ` \`${escape(duration.pattern)}\`` : ''}`);
  } else {
    lines.push('', 'maxDuration: the plan default (300 s with Fluid compute)');
  }
  return { span: spanOf(node), markdown: lines.join('\n') };
}

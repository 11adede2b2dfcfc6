import type { Finding } from '../../diagnostics';
import { middlewareAndProxyPairs } from '../../next/middlewareFiles';
import { nextMajor } from '../../next/nextVersion';
import type { VercelRule } from '../context';
import { spanOf } from '../model';

/**
 * `middleware-and-proxy`: Next.js 16 renamed middleware to proxy and fails the build when a
 * folder holds both files ("Both middleware and proxy files are detected"), so nothing deploys,
 * crons included. Reported on the `crons` key, the deploy it stops; said only when package.json
 * or the installed package shows Next 16 or later, since before 16 proxy.ts is an ordinary file.
 */
export const middlewareAndProxyRule: VercelRule = {
  codes: ['middleware-and-proxy'],
  scope: 'project',
  check(ctx) {
    const project = ctx.project;
    const cronsKey = ctx.doc.cronsNode?.parent?.children?.[0];
    if (!project || !cronsKey || project.app().kind !== 'next') return [];
    const major = nextMajor((file) => project.readFile(file));
    if (major === undefined || major < 16) return [];
    return middlewareAndProxyPairs((file) => project.has(file)).map(
      ({ middleware, proxy }): Finding => ({
        code: 'middleware-and-proxy',
        severity: 'error',
        span: spanOf(cronsKey),
        fixes: [],
        related: [
          { file: middleware, span: { start: 0, end: 0 }, message: `${middleware}: the middleware file Next 16 renamed to proxy` },
          { file: proxy, span: { start: 0, end: 0 }, message: `${proxy}: the proxy file` },
        ],
        message: `${middleware} and ${proxy} both exist, and Next.js ${major} fails the build when it finds both ("Both middleware and proxy files are detected"): the deploy stops and no cron job runs. Move what ${middleware} does into ${proxy} (exported as \`proxy\` or the default export) and delete ${middleware}.`,
      }),
    );
  },
};

/**
 * Whether a Next.js app is deployed to Vercel as serverless functions: it has a Vercel
 * configuration file or a `.vercel/project.json` (written by `vercel link`), and no custom server
 * starts it (`"start": "node server.js"`, where the process is long-lived and an in-process
 * scheduler does run). What cannot be read (package.json that does not parse) is "cannot tell".
 */
import { parseJsonc } from '../jsonc';
import { configFileIn } from '../vercel/configFiles';
import type { ProjectView } from '../vercel/project';

export type VercelDeployment = { via: 'config'; file: string } | { via: 'linked' };

/** A script that starts a server of its own rather than Next's: a runtime running a file, or a process manager. */
const OWN_SERVER = /(?:^|[\s;&|(])(?:node|tsx|ts-node|ts-node-dev|bun|deno|nodemon|pm2|babel-node|esno|jiti)\b(?![\s\S]*\bnext\s+(?:start|dev)\b)/;

export function vercelDeployment(project: ProjectView): VercelDeployment | undefined {
  if (project.app().kind !== 'next' || startsOwnServer(project) !== false) return undefined;
  const file = configFileIn((name) => project.has(name));
  if (file) return { via: 'config', file };
  return project.readFile('.vercel/project.json') !== undefined ? { via: 'linked' } : undefined;
}

/** package.json's answer per project, while its text is the same: every file a prefilter passes asks. */
const ownServerCache = new WeakMap<ProjectView, { text: string | undefined; answer: boolean | undefined }>();

/** Whether package.json's start or dev script runs a server of the app's own; undefined when package.json cannot be read. */
function startsOwnServer(project: ProjectView): boolean | undefined {
  const text = project.readFile('package.json');
  const cached = ownServerCache.get(project);
  if (cached && cached.text === text) return cached.answer;
  const answer = text === undefined ? false : scriptsStartOwnServer(text);
  ownServerCache.set(project, { text, answer });
  return answer;
}

function scriptsStartOwnServer(text: string): boolean | undefined {
  const json = parseJsonc(text) as { scripts?: Record<string, unknown> } | undefined;
  if (typeof json !== 'object' || json === null) return undefined;
  const scripts = typeof json.scripts === 'object' && json.scripts !== null ? json.scripts : {};
  return ['start', 'dev'].some((name) => {
    const script = scripts[name];
    return typeof script === 'string' && OWN_SERVER.test(script);
  });
}

import { outsideApp } from '../appFacts';
import { configFileIn } from '../configFiles';
import { spanOf } from '../model';
import type { Span } from '../../types';
import type { VercelRule } from '../context';

/** "apps/web", "apps/admin and apps/web", "a, b and c". */
function listed(folders: readonly string[]): string {
  return folders.length === 1 ? folders[0]! : `${folders.slice(0, -1).join(', ')} and ${folders[folders.length - 1]}`;
}

/**
 * `vercel-json-outside-app`: a vercel.json in a monorepo's root, above the Next.js app(s), which
 * Vercel never reads (it reads vercel.json from the project's Root Directory, the app's folder).
 * Said once, on the "crons" key (else the file's start); the Next.js rules stay silent on such a
 * file (appFacts.outsideApp), so none of them reports against the wrong folder or offers to
 * create route files next to it.
 */
export const vercelJsonOutsideAppRule: VercelRule = {
  codes: ['vercel-json-outside-app'],
  scope: 'project',
  check({ doc, project }) {
    if (!project || doc.unreadable !== undefined) return [];
    const apps = outsideApp(doc, project);
    if (!apps) return [];
    // The last "crons" key: JSON.parse, and so Vercel, keeps the last duplicate.
    const cronsKey = (doc.root?.type === 'object' ? (doc.root.children ?? []) : []).map((p) => p.children?.[0]).filter((k) => k?.type === 'string' && k.value === 'crons').at(-1);
    const span: Span = cronsKey ? spanOf(cronsKey) : doc.root ? { start: doc.root.offset, end: doc.root.offset + 1 } : { start: 0, end: 0 };
    const consequence = doc.crons.length > 0 ? 'so its crons never run' : 'so nothing in it applies';
    const file = doc.source?.file ?? 'vercel.json';
    const why = (where: string) =>
      `Vercel never reads this ${file}, ${consequence}: it reads ${file} from the project's Root Directory, which for a Next.js app is the app's folder, and ${where} (this folder has no next dependency, next.config, app/ or pages/).`;
    if (apps.length === 1) {
      const app = apps[0]!;
      // The app's own configuration file, whichever it is (Vercel reads one per folder), is where the jobs go.
      const existing = doc.source ? configFileIn((name) => project.has(name), app) : project.has(`${app}/vercel.json`) ? 'vercel.json' : undefined;
      const merge = existing ? `Move its contents into ${app}/${existing}` : `Move it to ${app}/${file}`;
      return [
        {
          code: 'vercel-json-outside-app',
          severity: 'warning',
          span,
          fixes: [],
          message: `${why(`the app is in ${app}`)} ${merge} and set the Vercel project's Root Directory to ${app}.`,
        },
      ];
    }
    return [
      {
        code: 'vercel-json-outside-app',
        severity: 'warning',
        span,
        fixes: [],
        message: `${why(`the Next.js apps are in ${listed(apps)}`)} Move each job into the ${file} of the app that serves it, and set that app's folder as its Vercel project's Root Directory.`,
      },
    ];
  },
};

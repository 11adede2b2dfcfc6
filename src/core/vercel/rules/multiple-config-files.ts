import type { Finding } from '../../diagnostics';
import { configFilesIn } from '../configFiles';
import type { VercelRule } from '../context';

/**
 * `multiple-config-files`: a project is configured by exactly one of vercel.json, vercel.toml and
 * vercel.ts (platform-facts §8). Reported on the file the check reads, naming the others, on its
 * first line: the file as a whole is the problem, not one of its values.
 */
export const multipleConfigFilesRule: VercelRule = {
  codes: ['multiple-config-files'],
  scope: 'project',
  check({ doc, project }) {
    if (!project) return [];
    const present = configFilesIn((name) => project.has(name));
    if (present.length < 2) return [];
    const read = doc.source?.file ?? 'vercel.json';
    const others = present.filter((name) => name !== read);
    const lineEnd = doc.text.search(/\r?\n/);
    const finding: Finding = {
      code: 'multiple-config-files',
      severity: 'error',
      span: { start: 0, end: lineEnd < 0 ? doc.text.length : lineEnd },
      fixes: [],
      related: others.map((file) => ({ file, span: { start: 0, end: 0 }, message: `${file}: another configuration file of this project` })),
      message: `This project has ${present.join(' and ')}, and Vercel allows only one configuration file per project. Keep one (this check reads ${read}), move what the others configure into it and delete them.`,
    };
    return [finding];
  },
};

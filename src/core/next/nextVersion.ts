/** A file of the project by its project-relative name, undefined when it is not there. */
type ReadFile = (file: string) => string | undefined;

/**
 * The major version of Next.js the app builds with: the installed package's, else the range in
 * package.json (its first number: `^16.0.1` and `~16` both say 16). Undefined when neither tells.
 */
export function nextMajor(readFile: ReadFile): number | undefined {
  for (const file of ['package.json', 'node_modules/next/package.json']) {
    const text = readFile(file);
    if (!text) continue;
    try {
      const json = JSON.parse(text) as { version?: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
      const version = file === 'package.json' ? (json.dependencies?.next ?? json.devDependencies?.next) : json.version;
      const major = version && /(\d+)/.exec(version);
      if (major) return Number(major[1]);
    } catch {
      // A broken package.json tells nothing about the version.
    }
  }
  return undefined;
}

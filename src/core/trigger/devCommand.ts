/** Lock files, nearest folder first, decide the package manager the user's terminal should run. */
const LOCKFILES: [file: string, manager: 'pnpm' | 'yarn' | 'bun' | 'npm'][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
];

export interface DevCommandInput {
  /** The app's package.json text. */
  packageJson: string | undefined;
  /** Lock file names found, each list one folder, from the app folder upwards. */
  lockfilesByFolder: readonly (readonly string[])[];
  /** The port the base URL names, when it is not Next's default 3000. */
  port: number | undefined;
}

/**
 * The command that starts the app's own dev script in a terminal, with `--port` added only
 * when the base URL needs another port and the script is a plain `next dev` without one.
 */
export function devServerCommand(input: DevCommandInput): { ok: true; command: string; script: string } | { ok: false; error: string } {
  let scripts: Record<string, unknown> | undefined;
  try {
    const json: unknown = input.packageJson === undefined ? undefined : JSON.parse(input.packageJson);
    const value = json && typeof json === 'object' ? (json as { scripts?: unknown }).scripts : undefined;
    scripts = value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return { ok: false, error: "the app's package.json is not valid JSON" };
  }
  const script = scripts?.dev;
  if (typeof script !== 'string') return { ok: false, error: 'the app\'s package.json has no "dev" script' };
  let manager: 'pnpm' | 'yarn' | 'bun' | 'npm' = 'npm';
  outer: for (const names of input.lockfilesByFolder) {
    for (const [file, found] of LOCKFILES) {
      if (names.includes(file)) {
        manager = found;
        break outer;
      }
    }
  }
  const needsPort = input.port !== undefined && input.port !== 3000 && /\bnext\s+dev\b/.test(script) && !/(^|\s)(-p|--port)(\s|=|$)/.test(script);
  const portArgs = needsPort ? ` --port ${input.port}` : '';
  const command = { npm: `npm run dev${portArgs ? ` --${portArgs}` : ''}`, pnpm: `pnpm run dev${portArgs}`, yarn: `yarn dev${portArgs}`, bun: `bun run dev${portArgs}` }[manager];
  return { ok: true, command, script };
}

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';
import { runCli } from '../../../src/cli/main';

/** The instant the CLI tests run at. */
export const CLI_NOW = new Date('2026-11-28T01:48:00Z');

/**
 * A maker of temporary projects for one test file: each call writes `files` into a fresh folder
 * named with `prefix`, and the folders go when the file's tests end.
 */
export function tempFolders(prefix: string): (files: Record<string, string>) => string {
  const made: string[] = [];
  after(() => {
    for (const folder of made) fs.rmSync(folder, { recursive: true, force: true });
  });
  return (files) => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(folder);
    for (const [file, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
      fs.writeFileSync(path.join(folder, file), content);
    }
    return folder;
  };
}

/** Runs a command that answers synchronously (check, fix, explain) in-process, capturing its output. */
export function runSync(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd, now: () => CLI_NOW });
  if (typeof code !== 'number') throw new Error(`${args[0]} answered asynchronously`);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

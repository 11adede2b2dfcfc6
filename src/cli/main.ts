import { runCheck } from './check';
import { runExplain, type CliIo } from './explain';
import { runFix } from './fix';
import { runJobs } from './jobs';
import { runLanguageServer } from './languageServer';
import { runMigrate } from './migrate';
import { runTrigger } from './trigger';
import { debugEnabled } from './formats';
import { printable } from './printable';
import { errorMessage } from './project-check';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, USAGE, UsageError } from './usage';
import { toolVersion } from './version';

/**
 * Runs the CLI with injected I/O so tests drive it in-process as well as through the bundle.
 * `trigger` sends a request, so it returns a promise; the other commands return their code directly.
 * Whatever a command throws that is not a usage error is a bug of ours: one line on stderr with
 * the message (the stack with NCR_DEBUG=1) and exit 3, never a Node stack trace or a "finding".
 */
export function runCli(argv: string[], io: CliIo): number | Promise<number> {
  const [command, ...rest] = argv;
  try {
    const code = dispatch(command, rest, io);
    return typeof code === 'number' ? code : code.catch((error: unknown) => failed(error, command, io));
  } catch (error) {
    return failed(error, command, io);
  }
}

function dispatch(command: string | undefined, rest: string[], io: CliIo): number | Promise<number> {
  switch (command) {
    case 'explain':
      return runExplain(rest, io);
    case 'check':
      return runCheck(rest, io);
    case 'fix':
      return runFix(rest, io);
    case 'jobs':
      return runJobs(rest, io);
    case 'migrate':
      return runMigrate(rest, io);
    case 'trigger':
      return runTrigger(rest, io);
    case 'lsp':
      return runLanguageServer(rest, io);
    case '--help':
    case '-h':
    case 'help':
      io.stdout(USAGE);
      return EXIT_OK;
    case '--version':
    case '-v':
      io.stdout(toolVersion());
      return EXIT_OK;
    case undefined:
      throw new UsageError('missing command; try next-cron-routes --help');
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}; try next-cron-routes --help`);
  }
}

/** A usage error (exit 2) or an internal error (exit 3), said in one line. */
function failed(error: unknown, command: string | undefined, io: CliIo): number {
  if (error instanceof UsageError) {
    // One line whatever the argument held: a line break in it becomes \x0a.
    io.stderr(printable(`next-cron-routes: ${error.message}`));
    return EXIT_USAGE;
  }
  io.stderr(printable(`next-cron-routes: internal error${command === undefined ? '' : ` in ${command}`}: ${errorMessage(error)}${debugEnabled() ? '' : ' (NCR_DEBUG=1 shows the stack)'}`));
  if (debugEnabled() && error instanceof Error && error.stack) io.stderr(error.stack);
  return EXIT_INTERNAL;
}

if (require.main === module) {
  // A reader that stops early (`check --format json | head`) closes the pipe: the rest of the
  // output has nowhere to go, but the run still ends with its own exit code, not a crash.
  let stdoutClosed = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    stdoutClosed = true;
  });
  const code = runCli(process.argv.slice(2), {
    stdout: (text) => void (stdoutClosed || process.stdout.write(`${text}\n`)),
    stderr: (text) => process.stderr.write(`${text}\n`),
    cwd: process.cwd(),
    now: () => new Date(),
  });
  void Promise.resolve(code).then((exit) => {
    process.exitCode = exit;
  });
}

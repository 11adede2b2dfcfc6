import { runCheck } from './check';
import { runExplain, type CliIo } from './explain';
import { runFix } from './fix';
import { runTrigger } from './trigger';
import { EXIT_OK, EXIT_USAGE, USAGE, UsageError } from './usage';
import { toolVersion } from './version';

/**
 * Runs the CLI with injected I/O so tests drive it in-process as well as through the bundle.
 * `trigger` sends a request, so it returns a promise; the other commands return their code directly.
 */
export function runCli(argv: string[], io: CliIo): number | Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'explain':
        return runExplain(rest, io);
      case 'check':
        return runCheck(rest, io);
      case 'fix':
        return runFix(rest, io);
      case 'trigger':
        return runTrigger(rest, io);
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
        throw new UsageError(`unknown command "${command}"; try next-cron-routes --help`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`next-cron-routes: ${error.message}`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

if (require.main === module) {
  const code = runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
    cwd: process.cwd(),
    now: () => new Date(),
  });
  void Promise.resolve(code).then((exit) => {
    process.exitCode = exit;
  });
}

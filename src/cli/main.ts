import { runCheck } from './check';
import { runExplain, type CliIo } from './explain';
import { runFix } from './fix';
import { EXIT_USAGE, USAGE, UsageError } from './usage';

/** Runs the CLI with injected I/O so tests drive it in-process as well as through the bundle. */
export function runCli(argv: string[], io: CliIo): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'explain':
        return runExplain(rest, io);
      case 'check':
        return runCheck(rest, io);
      case 'fix':
        return runFix(rest, io);
      case '--help':
      case '-h':
      case 'help':
        io.stdout(USAGE);
        return 0;
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
  process.exitCode = code;
}

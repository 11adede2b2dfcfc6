/** A mistake in how the CLI was called: one line on stderr, nothing on stdout, exit 2. */
export class UsageError extends Error {}

export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;

export const USAGE = `Usage: next-cron-routes <command> [options]
       next-cron-routes --version | -v     print the version
       next-cron-routes --help | -h        print this text

Commands:
  explain <expression>   Describe a cron schedule, its next runs and its problems
    --dialect <d>        vercel (default) | vercel-schedules | github-actions | netlify | qstash | trigger | node-cron | standard | croner | node-schedule | inngest
    --schedule-tz <IANA> the schedule's zone, for trigger, github-actions, vercel-schedules, node-cron, standard, croner, node-schedule
    --tz <IANA>          zone for the local column (default: nextCronRoutes.displayTimeZone, else this machine's)
    --plan <plan>        unknown | hobby | pro | enterprise: adds plan limits such as hobby-frequency
    --from <ISO-8601>    compute runs after this instant (with Z or an offset; default now)
    --runs <1-100>       how many next runs (default 5)
    --json               print one JSON object

  check [folder]         Check every vercel.json below folder (default .) with the editor's rules
    --plan <plan>        unknown | hobby | pro | enterprise
    --fluid, --no-fluid  Vercel Fluid compute on or off (default: nextCronRoutes.fluidCompute)
    --format <f>         text (default) | json | sarif
    --max-warnings <n>   also exit 1 with more than n warnings (a whole number from 0; infos and hints never count)
    --verbose            list the files that could not be analysed, with why (text output; JSON and SARIF always list them)
    --hints              list hints too (text output; without it one line says how many are hidden; JSON and SARIF always have them)
  fix [folder]           Apply the editor's quick fixes, then exit as check does; by default those that keep
                         the meaning and the auth hardening ones (auth-fails-open, auth-not-timing-safe).
                         Writes only inside folder (no symbolic link out), all files or none; a refused
                         file is said on stderr and exits 1, fixes that need it are left out
    --only <codes>       comma-separated codes: only their fixes, also those that change behaviour or create files
    --dry-run            write nothing: print a unified diff that git apply accepts where you ran fix,
                         and on stderr what would remain, as check prints it
    --store <s>          redis | sql | interface: the duplicate-run guard's store when several fit
                         (--only no-idempotency-guard; default: the one package.json has, else interface)
    --plan, --fluid, --no-fluid, --max-warnings, --verbose, --hints as for check (on what remains)

  jobs [folder]          List every job the projects below folder (default .) schedule: where, schedule, zone,
                         jitter, target, route file and next runs (in UTC and in the job's zone)
    --json               print {"version":1,"jobs":[{"source","file","line","column","name","schedule","dialect",
                         "timeZone","jitter","target":{…},"routeFile","nextRuns"}]} (see the README)
    --from <ISO-8601>    compute runs after this instant (with Z or an offset; default now)
    --runs <1-100>       how many next runs per job (default 5)

  migrate [folder]       Move every crons entry of vercel.json, vercel.toml and vercel.ts below folder to Vercel
                         Schedules ("schedules" array, "timezone": "UTC", "requestMethod": "GET", a unique name
                         from the path), keeping formatting and comments. Schedules also run on preview and
                         custom environments
    --dry-run            write nothing: print a unified diff that git apply accepts where you ran migrate

  trigger <path>         Run a cron job against the local dev server exactly as Vercel would:
                         GET with user-agent vercel-cron/1.0, x-vercel-cron-schedule and
                         Authorization: Bearer <CRON_SECRET> from the app's env files
                         (.env.development.local, .env.local, .env.development, .env)
    --folder <app>       the app folder holding the vercel.json that lists <path> (default: the only one)
    --base-url <url>     where the dev server listens (default: nextCronRoutes.baseUrl, else http://localhost:3000)
    --timeout <s>        give up after this many seconds (default: nextCronRoutes.triggerTimeoutSeconds, else 60)
    --allow-remote <host> allow a host other than this machine (localhost, 127.0.0.0/8, ::1)
    --qstash             <path> is the destination of a QStash schedule of the app's code: sent with its method
                         and QStash's headers, signed with QSTASH_CURRENT_SIGNING_KEY from the env files,
                         to the local dev server only; without the key nothing is sent (exit 2)
    --json               print {"path","url","status","error","durationMs","headers","body","bodyTruncated","explanation"}

  lsp --stdio            Run the language server (LSP 3.17) on stdin/stdout, for editors other than VS Code:
                         diagnostics, hovers, completion, CodeLens and quick fixes, as the extension has them.
                         .env files are read only once the client says the workspace is trusted
                         (initializationOptions.trusted, or the nextCronRoutes/setTrust notification)
    --node-ipc           instead of --stdio: over Node's IPC channel (a client that forks the server)

Settings are read from <folder>/.vscode/settings.json (nextCronRoutes.*; explain: the current folder); flags override them.
Exit codes: 0 valid, 1 problems (check, fix: an error, or more warnings than --max-warnings; fix: a refused write),
2 usage error, 3 internal error (a bug, or a write the system refused: one stderr line names the file; check still
reports every other file, fix writes nothing; NCR_DEBUG=1 adds the stack).
jobs: 0, 2 usage error, 3 internal error. migrate: 0 done or nothing to do, 1 an entry could not be migrated
(said on stderr with why; the others are), 2 usage error, 3 internal error.
trigger: 0 on a 2xx answer, 1 otherwise, 2 usage error, 3 internal error.`;

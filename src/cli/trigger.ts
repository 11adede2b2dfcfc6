import * as path from 'node:path';
import {
  buildCronRequest,
  buildQStashRequest,
  type CronJob,
  cronJobsOf,
  type CronRequest,
  describeQStashKeys,
  displayHost,
  explainOutcome,
  explainQStashOutcome,
  formatTriggerJson,
  formatTriggerReport,
  hostMatches,
  missingSigningKeyExplanation,
  parseBaseUrl,
  type QStashKeySource,
  resolveBaseUrl,
  triggerSettingsIn,
} from '../core/facade/trigger';
import { codeTriggerEntries, type QStashTriggerEntry } from '../core/facade/codeTrigger';
import { type LoadedSecret, loadCronSecretSync, loadQStashKeysSync } from '../node/trigger/envFiles';
import { localMessageId, localScheduleId, signQStashRequest } from '../node/trigger/qstashSignature';
import { cliService } from './project-check';
import { sendCronRequest } from '../node/trigger/httpRequest';
import { loadTypeScript } from '../node/loadTypeScript';
import { isConfigFileIn, parseVercelConfig, VERCEL_CONFIG_FILES } from '../core/service';
import { type FileRead, readRegularFileSync } from '../node/trigger/regularFile';
import type { CliIo } from './explain';
import { parseCommand, projectSettings } from './options';
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from './usage';
import { FileOverlay, walkFiles } from './workspace';

export const DEFAULT_TIMEOUT_SECONDS = 60;
const MAX_TIMEOUT_SECONDS = 86_400;
/** vercel.json and settings.json larger than this are not read; real ones are a few KiB. */
const CONFIG_MAX_BYTES = 16 * 1024 * 1024;

const OPTIONS = {
  folder: { type: 'string' },
  'base-url': { type: 'string' },
  timeout: { type: 'string' },
  'allow-remote': { type: 'string', multiple: true },
  json: { type: 'boolean' },
  qstash: { type: 'boolean' },
} as const;

interface TriggerPlan {
  /** A QStash delivery: the report's credential line and the file declaring the schedule; absent for a cron job. */
  qstash?: { keys: QStashKeySource & { kind: 'env-file' }; declaredIn: string };
  job: Pick<CronJob, 'path'>;
  appDir: string;
  /** The configuration file declaring the job (vercel.json, vercel.toml, vercel.ts…), as advice names it. */
  configFile: string;
  request: CronRequest;
  timeoutSeconds: number;
  json: boolean;
  secret: LoadedSecret;
}

/**
 * `trigger <path>`: the request a Vercel cron run makes, against the local dev server. Every
 * mistake in the call (unknown path, bad URL, a remote host not named with --allow-remote) is
 * found before anything is sent and throws UsageError synchronously, so `runCli` maps it to
 * exit 2; the request itself is asynchronous.
 */
export function runTrigger(args: string[], io: CliIo): Promise<number> {
  const plan = planTrigger(args, io);
  return executeTrigger(plan, io);
}

function planTrigger(args: string[], io: CliIo): TriggerPlan {
  const { values, positionals } = parseCommand(args, OPTIONS);
  if (values.qstash) return planQStash(values, positionals, io);
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? 'trigger needs a cron path, e.g. next-cron-routes trigger /api/cron/cleanup' : `trigger takes one path, got ${positionals.length}`);
  }
  const cronPath = positionals[0]!;
  if (!cronPath.startsWith('/')) throw new UsageError(`the cron path must start with "/", as in vercel.json: /${cronPath}`);
  const workspace = io.cwd;
  const { appDir, job, configFile } = findJob(workspace, cronPath, values.folder);
  const settings = readTriggerSettings(workspace);
  for (const warning of settings.warnings) io.stderr(`warning: ${warning}`);

  const baseUrl = chosenBaseUrl(values['base-url'], settings.baseUrl, workspace, appDir, io);

  // Checked before the secret is even read: a remote host gets it only when named on purpose.
  const target = buildCronRequest({ baseUrl, path: job.path, method: job.method, schedule: job.schedule, secret: undefined });
  if (!target.ok) throw new UsageError(target.error);
  const allowed = values['allow-remote'] ?? [];
  if (!target.request.loopback && !allowed.some((host) => hostMatches(target.request.url, host))) {
    const host = displayHost(target.request.url);
    throw new UsageError(`refusing to send the cron request and its CRON_SECRET to ${host}, which is not this machine; name it with --allow-remote ${host}`);
  }

  let timeoutSeconds = settings.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  if (values.timeout !== undefined) {
    timeoutSeconds = Number(values.timeout);
    if (!/^\d+(\.\d+)?$/.test(values.timeout) || timeoutSeconds <= 0 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
      throw new UsageError(`--timeout must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}`);
    }
  }

  const secret = loadCronSecretSync(appDir);
  for (const warning of secret.warnings ?? []) io.stderr(`warning: ${warning}`);
  const request = buildCronRequest({ baseUrl, path: job.path, method: job.method, schedule: job.schedule, secret: secret.value });
  if (!request.ok) throw new UsageError(request.error);
  return { job, appDir, configFile, request: request.request, timeoutSeconds, json: values.json ?? false, secret };
}

async function executeTrigger(plan: TriggerPlan, io: CliIo): Promise<number> {
  const { secret, qstash } = plan;
  const outcome = await sendCronRequest(plan.request, { timeoutMs: plan.timeoutSeconds * 1000 });
  const explanation = qstash
    ? explainQStashOutcome(outcome, { path: plan.job.path, declaredIn: qstash.declaredIn, url: plan.request.url, method: plan.request.method, keys: qstash.keys, timeoutSeconds: plan.timeoutSeconds, surface: 'cli' })
    : explainOutcome(outcome, { path: plan.job.path, configFile: plan.configFile, url: plan.request.url, secret: secret.source, timeoutSeconds: plan.timeoutSeconds, surface: 'cli' });
  const credentialLine = qstash ? describeQStashKeys(qstash.keys) : undefined;
  if (plan.json) io.stdout(formatTriggerJson(plan.job.path, plan.request, outcome, explanation, secret.value));
  else io.stdout(formatTriggerReport({ request: plan.request, secretSource: secret.source, ...(credentialLine ? { credentialLine } : {}), outcome, explanation, secret: secret.value }));
  return explanation.ok ? EXIT_OK : EXIT_PROBLEMS;
}

/**
 * `trigger --qstash <path>`: the delivery of a QStash schedule of the app's code whose destination
 * path is <path> and which a route answers, signed with QSTASH_CURRENT_SIGNING_KEY from the app's
 * env files, to this machine's dev server only (QStash never calls localhost: it is a stand-in).
 * No key, no request: the usage error says what is missing.
 */
function planQStash(values: { folder?: string; 'base-url'?: string; timeout?: string; json?: boolean; 'allow-remote'?: string[] }, positionals: string[], io: CliIo): TriggerPlan {
  if (positionals.length !== 1) throw new UsageError('trigger --qstash needs the destination path of a QStash schedule, e.g. next-cron-routes trigger --qstash /api/qstash/digest');
  const destination = positionals[0]!;
  if (values['allow-remote'] !== undefined) throw new UsageError('--allow-remote does not apply to --qstash: a QStash delivery is sent only to the local dev server');
  const workspace = io.cwd;
  const folder = path.resolve(workspace, values.folder ?? '.');
  const { settings } = projectSettings(folder, [], {}, io.stderr);
  const found = cliService(settings, new FileOverlay(), io.now())
    .jobs(folder)
    .flatMap((project) => codeTriggerEntries(project.root, project.jobs, io.now(), () => undefined).filter((entry): entry is QStashTriggerEntry => entry.kind === 'qstash' && entry.path === destination));
  if (found.length === 0) throw new UsageError(`${destination} is not the destination of a QStash schedule in ${folder} that a route of the app answers`);
  if (found.length > 1 && new Set(found.map((entry) => entry.root)).size > 1) throw new UsageError(`${destination} is a QStash destination of several apps; choose one with --folder`);
  const entry = found[0]!;
  const settingsFile = readTriggerSettings(workspace);
  for (const warning of settingsFile.warnings) io.stderr(`warning: ${warning}`);
  const baseUrl = chosenBaseUrl(values['base-url'], settingsFile.baseUrl, workspace, entry.root, io);
  const scheduleId = entry.scheduleId ?? localScheduleId(`${entry.root}\n${entry.scheduleKey}`);
  const built = buildQStashRequest({ baseUrl, path: entry.path, method: entry.method, messageId: localMessageId(), scheduleId });
  if (!built.ok) throw new UsageError(built.error);
  if (!built.request.loopback) throw new UsageError(`${displayHost(built.request.url)} is not this machine: a QStash delivery is sent only to the local dev server`);
  let timeoutSeconds = settingsFile.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  if (values.timeout !== undefined) {
    timeoutSeconds = Number(values.timeout);
    if (!/^\d+(\.\d+)?$/.test(values.timeout) || timeoutSeconds <= 0 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
      throw new UsageError(`--timeout must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}`);
    }
  }
  const keys = loadQStashKeysSync(entry.root);
  for (const warning of keys.warnings) io.stderr(`warning: ${warning}`);
  if (keys.source.kind !== 'env-file' || keys.current === undefined) throw new UsageError(`nothing sent: ${missingSigningKeyExplanation(keys.source.kind === 'env-file' ? { kind: 'untrusted' } : keys.source)}`);
  const request = signQStashRequest(built.request, keys.current);
  return {
    qstash: { keys: keys.source, declaredIn: entry.declaredIn },
    job: { path: entry.path },
    appDir: entry.root,
    configFile: entry.declaredIn,
    request,
    timeoutSeconds,
    json: values.json ?? false,
    // The key is what the output must never show: the redaction takes it as the secret.
    secret: { value: keys.current, source: { kind: 'none', searched: [] } },
  };
}

/** Project files are read only when regular (a FIFO would block the read forever) and not huge. */
function readProjectFile(file: string): FileRead {
  return readRegularFileSync(file, CONFIG_MAX_BYTES);
}

/** The jobs of a configuration file (vercel.json, vercel.toml, vercel.ts…), or undefined when it cannot be read. */
function jobsOfText(file: string, text: string): CronJob[] {
  return cronJobsOf(parseVercelConfig(path.basename(file), text, loadTypeScript));
}

/** The configuration file of `appDir` that Vercel and the checks read (vercel.json first), with its text. */
function configIn(appDir: string): { file: string; text: string } | { file: string; problem: string } | undefined {
  for (const name of VERCEL_CONFIG_FILES) {
    const file = path.join(appDir, name);
    const read = readProjectFile(file);
    if (read.kind === 'text') return { file, text: read.text };
    if (read.kind !== 'missing') return { file, problem: read.reason };
  }
  return undefined;
}

/** The app (folder of a vercel.json, vercel.toml or vercel.ts) whose jobs list `cronPath`: --folder, or the only one below cwd. */
function findJob(workspace: string, cronPath: string, folder: string | undefined): { appDir: string; job: CronJob; configFile: string } {
  if (folder !== undefined) {
    const appDir = path.resolve(workspace, folder);
    const config = configIn(appDir);
    if (!config) throw new UsageError(`--folder: no readable vercel.json, vercel.toml or vercel.ts in ${appDir}`);
    if ('problem' in config) throw new UsageError(`--folder: ${config.file} ${config.problem}`);
    const jobs = jobsOfText(config.file, config.text);
    const job = jobs.find((j) => j.path === cronPath);
    if (!job) throw new UsageError(`${cronPath} is not a cron path of ${config.file}${listPaths(jobs)}`);
    return { appDir, job, configFile: path.basename(config.file) };
  }
  const found: { appDir: string; job: CronJob; configFile: string }[] = [];
  const known: CronJob[] = [];
  // One configuration file per folder: the one that is read when a folder has several.
  const folders = new Set<string>();
  const walked = walkFiles(workspace);
  const listed = new Set(walked);
  for (const relative of walked) {
    // A vercel.ts deep in the code is a module, not a configuration (configFiles.isConfigFileIn), as `check` decides.
    const dir = path.posix.dirname(relative);
    const folder = { top: dir === '.', holds: (name: string) => listed.has(dir === '.' ? name : `${dir}/${name}`) };
    if (isConfigFileIn(path.posix.basename(relative), folder)) folders.add(path.join(workspace, dir));
  }
  for (const appDir of [...folders].sort()) {
    const config = configIn(appDir);
    if (!config || !('text' in config)) continue;
    const jobs = jobsOfText(config.file, config.text);
    known.push(...jobs);
    const job = jobs.find((j) => j.path === cronPath);
    if (job) found.push({ appDir, job, configFile: path.basename(config.file) });
  }
  if (found.length === 1) return found[0]!;
  if (found.length === 0) throw new UsageError(`${cronPath} is not a cron path of any vercel.json, vercel.toml or vercel.ts below ${workspace}${listPaths(known)}`);
  const apps = found.map((f) => path.relative(workspace, f.appDir) || '.').join(', ');
  throw new UsageError(`${cronPath} is a cron path of several apps (${apps}); choose one with --folder`);
}

function listPaths(jobs: readonly CronJob[]): string {
  const paths = [...new Set(jobs.map((j) => j.path))];
  if (paths.length === 0) return '';
  return `; cron paths: ${paths.slice(0, 10).join(', ')}${paths.length > 10 ? ', …' : ''}`;
}

/**
 * `nextCronRoutes.baseUrl` and `nextCronRoutes.triggerTimeoutSeconds` from the workspace's
 * .vscode/settings.json, so the CLI targets what the editor targets; flags override them.
 */
function readTriggerSettings(workspace: string): { baseUrl: unknown; timeoutSeconds: number | undefined; warnings: string[] } {
  const file = path.join(workspace, '.vscode', 'settings.json');
  const read = readProjectFile(file);
  if (read.kind !== 'text') return { baseUrl: undefined, timeoutSeconds: undefined, warnings: read.kind === 'skipped' ? [`${file} ${read.reason}; skipped`] : [] };
  const { baseUrl, timeoutSeconds: timeout } = triggerSettingsIn(read.text);
  const warnings: string[] = [];
  let timeoutSeconds: number | undefined;
  if (timeout !== undefined) {
    if (typeof timeout === 'number' && timeout > 0 && timeout <= MAX_TIMEOUT_SECONDS) timeoutSeconds = timeout;
    else warnings.push(`nextCronRoutes.triggerTimeoutSeconds: expected seconds above 0; using ${DEFAULT_TIMEOUT_SECONDS}`);
  }
  return { baseUrl, timeoutSeconds, warnings };
}

/** The server to send to: --base-url when given, else the setting for the app's folder (warning as it says). */
function chosenBaseUrl(flag: string | undefined, setting: Parameters<typeof resolveBaseUrl>[0], workspace: string, appDir: string, io: { stderr(line: string): void }): URL {
  if (flag !== undefined) {
    const parsed = parseBaseUrl(flag);
    if (!parsed.ok) throw new UsageError(`--base-url: ${parsed.error}`);
    return parsed.url;
  }
  const resolved = resolveBaseUrl(setting, path.relative(workspace, appDir).split(path.sep).join('/'));
  if (!resolved.ok) throw new UsageError(resolved.error);
  if (resolved.warning) io.stderr(`warning: ${resolved.warning}`);
  return resolved.url;
}

/**
 * workflow-calls-cron-without-secret: a GitHub Actions step requests one of the app's cron routes
 * with curl, wget or HTTPie and sends no Authorization header built from a secret. Either the
 * route lets anyone run the job, or it checks CRON_SECRET and every run of the workflow gets a 401.
 *
 * It speaks only when it has seen all of it: the URL's path is written (after an origin that may
 * be a secret or a variable), it resolves to a route of the app that is a cron route (scheduled
 * by the Vercel config, or whose handler reads CRON_SECRET), and every header the command sends
 * is known. A header, a variable or an option it cannot read (set by an earlier step through
 * $GITHUB_ENV, read from a file, a user and password) silences it; `uses:` steps are never read.
 */
import { type Finding, type Fix, withLazyFixes } from '../../diagnostics';
import { findHandler } from '../../routes/handlers';
import { analyseAuth } from '../../routes/authAnalysis';
import type { RouteEntry } from '../../next/types';
import type { TextEdit } from '../../types';
import { configFileIn, parseVercelConfig } from '../../vercel/configFiles';
import { stringValue } from '../../vercel/model';
import { appPathOf, splitCronPath } from '../../vercel/projectRoutes';
import { isWorkflowFile } from '../githubActions';
import { httpRequestOf, type HttpRequest, type HttpTool } from '../httpClients';
import { shellCommands, type ShellWord, type WordPart } from '../shellCommands';
import { type EnvLevel, envValueParts, fileSpan, readRunSteps, type RunStep } from '../workflowSteps';
import type { SchedulerFileRule, SchedulerFileRuleContext } from './index';
import { matchesGlob } from '../../routes/check';

const CODE = 'workflow-calls-cron-without-secret';
const SECRET_NAME = 'CRON_SECRET';
const SECRET_ENTRY = `${SECRET_NAME}: \${{ secrets.${SECRET_NAME} }}`;

/** The header each tool is given, as the fix writes it. */
const HEADER_ARGUMENT: Record<HttpTool, string> = {
  curl: `-H "Authorization: Bearer $${SECRET_NAME}"`,
  wget: `--header="Authorization: Bearer $${SECRET_NAME}"`,
  httpie: `"Authorization:Bearer $${SECRET_NAME}"`,
};

/**
 * The same header with no space after the colon, for a plain (unquoted) `run:` value, where
 * `: ` would start a YAML mapping; HTTP reads both alike.
 */
const COMPACT_HEADER_ARGUMENT: Record<HttpTool, string> = {
  curl: `-H "Authorization:Bearer $${SECRET_NAME}"`,
  wget: `--header="Authorization:Bearer $${SECRET_NAME}"`,
  httpie: HEADER_ARGUMENT.httpie,
};

/** How deep `env:` values that name other variables (`${{ env.X }}`) are followed. */
const MAX_ENV_HOPS = 8;

/**
 * HTTP requests (URLs requested) read in one workflow file; the ones after are not read. Each costs work in the
 * size of its script (where its URL is written, what sets a variable, the fix read back), so a
 * generated script of 20,000 curls took minutes; a real workflow makes a handful.
 */
export const MAX_REQUESTS_PER_FILE = 40;

export const workflowCallsCronWithoutSecret: SchedulerFileRule = {
  codes: [CODE],
  // A command word and its first argument: a URL alone (`https://…` in a comment) is no request.
  mayHaveFindings: (file, text) => isWorkflowFile(file) && /\b(?:curl|wget|https?)[ \t]/.test(text),
  check(ctx) {
    const read = readRunSteps(ctx.text);
    if (!read) return [];
    const cronRoutes = new CronRouteLookup(ctx);
    const findings: Finding[] = [];
    let requests = 0;
    for (const step of read.steps) {
      for (const command of shellCommands(step.script)) {
        const request = httpRequestOf(command);
        if (!request) continue;
        requests += Math.max(1, request.urls.length);
        if (requests > MAX_REQUESTS_PER_FILE) return findings;
        if (request.otherAuth !== undefined) continue;
        const env = new StepEnv(step, request);
        const authorization = authorizationOf(request, env);
        if (authorization.kind === 'secret' || authorization.kind === 'unknown') continue;
        for (const url of request.urls) {
          const target = requestedRoute(url, env, ctx, cronRoutes);
          if (!target) continue;
          const span = fileSpan(ctx.text, step, url.span) ?? wholeScript(step);
          if (!span) continue;
          const message = messageOf(step, request.tool, target, authorization);
          findings.push(
            withLazyFixes({ code: CODE, severity: 'error', message, span }, () => {
              const fix = authorization.kind === 'none' ? sendSecretFix(ctx.text, step, request, url, env) : undefined;
              return fix ? [fix] : [];
            }),
          );
        }
      }
    }
    return findings;
  },
};

type Authorization = { kind: 'none' } | { kind: 'secret' } | { kind: 'unknown' } | { kind: 'not-secret'; source: string };

/** The variables a command sees: its own assignments, then the step's, the job's and the workflow's `env:`. */
class StepEnv {
  private readonly levels: EnvLevel[];

  constructor(
    private readonly step: RunStep,
    request: HttpRequest,
  ) {
    const own = new Map<string, string>();
    let ownKnown = true;
    for (const { name, parts } of request.assignments) {
      const text = parts?.every((part) => part.kind === 'text' || part.kind === 'expression') ? parts.map(partSource).join('') : undefined;
      if (text === undefined) ownKnown = false;
      else own.set(name, text);
    }
    this.levels = [ownKnown ? own : 'unknown', ...step.env.filter((level): level is EnvLevel => level !== undefined)];
  }

  /** A variable's value as `env:` writes it; 'unknown' when a script may set it or an `env:` cannot be read; undefined when nothing defines it. */
  value(name: string): string | 'unknown' | undefined {
    // `NAME=…`, `export NAME=…`, `read NAME` in the script, or `$GITHUB_ENV` written by a step of the job: the workflow no longer says.
    const assigned = new RegExp(`(?:^|[^\\w$])${name}=|\\bread\\b[^\\n]*\\b${name}\\b`);
    if (assigned.test(this.step.script) || this.step.jobScripts.some((script) => script.includes('GITHUB_ENV') && script.includes(name))) return 'unknown';
    for (const level of this.levels) {
      if (level === 'unknown') return 'unknown';
      const value = level.get(name);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  /** Whether any `env:` of the step (or the command) names the variable. */
  defines(name: string): boolean {
    return this.levels.some((level) => level === 'unknown' || level.has(name));
  }
}

function partSource(part: WordPart): string {
  return part.kind === 'text' ? part.text : part.kind === 'expression' ? `\${{ ${part.text} }}` : '';
}

/** An expanded part: where a variable's value came from is kept for the message. */
type Expanded = WordPart & { via?: string };

/** The parts of a value with every variable and `env.` expression replaced by what its `env:` holds, as far as it is known. */
function expand(parts: readonly WordPart[], env: StepEnv, via?: string, hops = 0): Expanded[] {
  const expanded: Expanded[] = [];
  for (const part of parts) {
    const name = part.kind === 'variable' ? part.name : part.kind === 'expression' ? /^env\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(part.text)?.[1] : undefined;
    if (name === undefined || hops >= MAX_ENV_HOPS) {
      expanded.push(via ? { ...part, via } : part);
      continue;
    }
    const value = env.value(name);
    if (value === undefined || value === 'unknown') expanded.push({ kind: 'computed' });
    else expanded.push(...expand(envValueParts(value), env, via ?? name, hops + 1));
  }
  return expanded;
}

const SECRET_EXPRESSION = /^(?:secrets\s*(?:\.|\[)|github\.token$)/;
const VARS_EXPRESSION = /^vars\s*(?:\.|\[)/;

/** What the command's Authorization headers are built from. */
function authorizationOf(request: HttpRequest, env: StepEnv): Authorization {
  let found: Authorization = { kind: 'none' };
  for (const header of request.headers) {
    if (!header.parts) return { kind: 'unknown' };
    const parts = expand(header.parts, env);
    const colon = parts.findIndex((part) => part.kind !== 'text' || part.text.includes(':'));
    const named = parts[colon];
    // A header whose name is computed may be the Authorization header.
    if (!named || named.kind !== 'text') return { kind: 'unknown' };
    const name = parts.slice(0, colon).map((part) => (part as { text: string }).text).join('') + named.text.slice(0, named.text.indexOf(':'));
    if (name.trim().toLowerCase() !== 'authorization') {
      // A secret sent in another header (`x-cron-key`) may be what the route checks.
      if (parts.some((part) => part.kind === 'expression' && SECRET_EXPRESSION.test(part.text))) return { kind: 'unknown' };
      continue;
    }
    const rest = named.text.slice(named.text.indexOf(':') + 1);
    const value: Expanded[] = [...(rest ? [{ ...named, text: rest }] : []), ...parts.slice(colon + 1)];
    if (value.some((part) => part.kind === 'expression' && SECRET_EXPRESSION.test(part.text))) return { kind: 'secret' };
    if (value.some((part) => part.kind === 'computed' || part.kind === 'variable' || (part.kind === 'expression' && !VARS_EXPRESSION.test(part.text)))) return { kind: 'unknown' };
    const vars = value.find((part) => part.kind === 'expression');
    const via = value.find((part) => part.via)?.via;
    const literal = value.map((part) => (part.kind === 'text' ? part.text : '')).join('');
    const source =
      vars === undefined && !via && /\$\{?[A-Za-z_]/.test(literal)
        ? `the text "${literal.trim()}", written in single quotes, where the shell expands no variable and sends it as written`
        : vars?.kind === 'expression'
        ? `\${{ ${vars.text} }}, a configuration variable, which GitHub stores as plain text and prints unmasked in run logs`
        : 'a token written in the workflow, where anyone who can read the repository sees it';
    found = { kind: 'not-secret', source: via ? `$${via}, whose env: value is ${source}` : source };
  }
  return found;
}

interface RequestedRoute {
  appPath: string;
  route: RouteEntry;
}

/** The cron route a URL argument requests, when its path is written and resolves to one. */
function requestedRoute(url: ShellWord, env: StepEnv, ctx: SchedulerFileRuleContext, cronRoutes: CronRouteLookup): RequestedRoute | undefined {
  if (!url.parts) return undefined;
  const path = requestPath(expand(url.parts, env));
  if (path === undefined) return undefined;
  const appPath = appPathOf(splitCronPath(path).pathname, ctx.project.config.basePath);
  const route = appPath === undefined ? undefined : ctx.project.matchRoute(appPath);
  if (!route || !cronRoutes.isCronRoute(route)) return undefined;
  return { appPath: appPath!, route };
}

/**
 * The path (with any query) a URL certainly requests: a literal URL's, or the literal tail after
 * the parts that only make the origin (`${{ secrets.APP_URL }}/api/cron/x`, `$BASE_URL/api/cron/x`),
 * as schedulers/qstash.ts reads a destination. Undefined when any part of the path is computed.
 */
export function requestPath(parts: readonly WordPart[]): string | undefined {
  let lastComputed = parts.length - 1;
  while (lastComputed >= 0 && parts[lastComputed]!.kind === 'text') lastComputed--;
  const texts = (from: readonly WordPart[]) => from.map((part) => (part.kind === 'text' ? part.text : ''));
  if (lastComputed === -1) return literalUrlPath(texts(parts).join(''));
  if (!texts(parts.slice(0, lastComputed)).every(isOriginText)) return undefined;
  // The last computed part may be the host, with the port written after it.
  return pathOf(texts(parts.slice(lastComputed + 1)).join('').replace(/^:\d+(?=\/)/, ''));
}

function isOriginText(text: string): boolean {
  return !text.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').includes('/');
}

function pathOf(text: string): string | undefined {
  return text.startsWith('/') && !text.startsWith('//') ? text : undefined;
}

function literalUrlPath(value: string): string | undefined {
  // curl and wget take `host/path` as http://; HTTPie takes `:3000/path` as localhost.
  const written = value.startsWith(':') ? `http://localhost${value}` : /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  try {
    const url = new URL(written);
    return url.protocol === 'http:' || url.protocol === 'https:' ? `${url.pathname}${url.search}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Which routes are cron routes: the targets of the Vercel config's crons and Schedules paths, and
 * routes whose handler reads CRON_SECRET or compares the Authorization header with it. Read only
 * when a URL resolves to a route, once per rule run.
 */
class CronRouteLookup {
  private scheduled: Set<string> | undefined;
  private readonly checked = new Map<string, boolean>();

  constructor(private readonly ctx: SchedulerFileRuleContext) {}

  isCronRoute(route: RouteEntry): boolean {
    if (this.scheduledFiles().has(route.file)) return true;
    // A route the cron route glob names is one the app's own checks read as a cron route (missing-auth…).
    const glob = this.ctx.cronRouteGlob;
    if (glob && route.kind !== 'function' && matchesGlob(glob, route.file)) return true;
    let known = this.checked.get(route.file);
    if (known === undefined) this.checked.set(route.file, (known = this.readsSecret(route)));
    return known;
  }

  private scheduledFiles(): Set<string> {
    if (this.scheduled) return this.scheduled;
    const { project, loadTypeScript } = this.ctx;
    const scheduled = new Set<string>();
    const config = configFileIn((name) => project.has(name));
    const text = config === undefined ? undefined : project.readFile(config);
    if (config !== undefined && text !== undefined) {
      const doc = parseVercelConfig(config, text, loadTypeScript);
      const paths = [...doc.crons.map((cron) => stringValue(cron.path)), ...doc.schedules.filter((s) => s.target === 'path').map((s) => stringValue(s.path))];
      for (const path of paths) {
        if (!path?.startsWith('/')) continue;
        const appPath = appPathOf(splitCronPath(path).pathname, project.config.basePath);
        const route = appPath === undefined ? undefined : project.matchRoute(appPath);
        if (route) scheduled.add(route.file);
      }
    }
    return (this.scheduled = scheduled);
  }

  private readsSecret(route: RouteEntry): boolean {
    if (route.kind === 'function') return false;
    const { project } = this.ctx;
    const sourceFile = project.sourceFile(route.file);
    if (!sourceFile) return false;
    const ts = project.ts();
    const methods = route.kind === 'pages-api' ? [undefined] : [...(project.routeExports(route.file)?.methods.keys() ?? [])];
    return methods.some((method) => {
      const handler = findHandler(ts, sourceFile, route.kind === 'pages-api' ? 'pages' : 'app', method);
      if (!handler) return false;
      const facts = analyseAuth(project, route.file, handler);
      return facts.readsSecret || facts.comparisons.length > 0;
    });
  }
}

function stepLabel(step: RunStep): string {
  return step.name ? `Step "${step.name}" of job ${step.jobId}` : `Step ${step.index + 1} of job ${step.jobId}`;
}

const TOOL_NAME: Record<HttpTool, string> = { curl: 'curl', wget: 'wget', httpie: 'HTTPie' };

function messageOf(step: RunStep, tool: HttpTool, target: RequestedRoute, authorization: Authorization): string {
  const requests = `${stepLabel(step)} requests the cron route ${target.appPath} (${target.route.file}) with ${TOOL_NAME[tool]}`;
  const remedy = `add ${HEADER_ARGUMENT[tool]} to the command and ${SECRET_ENTRY} to the step's env.`;
  if (authorization.kind === 'not-secret') {
    return `${requests}, and its Authorization header is built from ${authorization.source}: that is no secret, so whoever reads it can run the job. Keep the token in a repository secret and send it from there: ${remedy}`;
  }
  return `${requests} and no Authorization header: either the route lets anyone run the job, or it checks CRON_SECRET and every run of this workflow gets a 401. Send the secret: ${remedy}`;
}

/** The step's whole `run` value, when an argument's place in the file cannot be told. */
function wholeScript(step: RunStep): { start: number; end: number } | undefined {
  const range = step.scriptNode.range;
  return range ? { start: range[0], end: range[1] } : undefined;
}

/**
 * Adds the header after the command word (HTTPie: after the URL, where its items go) and
 * `CRON_SECRET: ${{ secrets.CRON_SECRET }}` to the step's `env:`. Offered only when the
 * result reads back as the same step with exactly that script and variable: otherwise (a quoted
 * scalar whose escapes hide the words, a CRON_SECRET some `env:` defines otherwise) there is none.
 */
function sendSecretFix(text: string, step: RunStep, request: HttpRequest, url: ShellWord, env: StepEnv): Fix | undefined {
  // A run value shared through an anchor would change every step that names it.
  if (env.defines(SECRET_NAME) || step.scriptNode.anchor !== undefined) return undefined;
  const after = request.tool === 'httpie' ? url : request.commandWord;
  const at = fileSpan(text, step, after.span);
  const envEdit = stepEnvEdit(text, step);
  if (!at || !envEdit) return undefined;
  for (const header of [HEADER_ARGUMENT[request.tool], COMPACT_HEADER_ARGUMENT[request.tool]]) {
    const argument = ` ${header}`;
    const edits: TextEdit[] = [{ offset: at.end, length: 0, content: argument }, envEdit].sort((a, b) => a.offset - b.offset);
    const expected = step.script.slice(0, after.span.end) + argument + step.script.slice(after.span.end);
    if (readsBack(applyEdits(text, edits), step, expected)) return { title: 'Send CRON_SECRET as the Authorization header', edits, safe: false, preferred: true };
  }
  return undefined;
}

/** The edit that puts CRON_SECRET in the step's `env:`: a line after its last entry, or a new `env:` before `run:`. */
function stepEnvEdit(text: string, step: RunStep): TextEdit | undefined {
  if (step.stepEnv) {
    const first = step.stepEnv.items[0];
    const last = step.stepEnv.items[step.stepEnv.items.length - 1];
    const keyStart = (first?.key as { range?: number[] } | null)?.range?.[0];
    const lastEnd = ((last?.value ?? last?.key) as { range?: number[] } | null)?.range?.[1];
    if (keyStart === undefined || lastEnd === undefined) return undefined;
    const indent = ' '.repeat(keyStart - lineStart(text, keyStart));
    // After the last entry's line (a block scalar's range already ends past its line break).
    const lineEnd = text[lastEnd - 1] === '\n' ? lastEnd - 1 : text.indexOf('\n', lastEnd);
    const offset = lineEnd < 0 ? text.length : text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    return { offset, length: 0, content: `${newlineOf(text)}${indent}${SECRET_ENTRY}` };
  }
  if (step.stepNode.has('env')) return undefined;
  const keyStart = step.runKey.range?.[0];
  if (keyStart === undefined) return undefined;
  const indent = ' '.repeat(keyStart - lineStart(text, keyStart));
  const newline = newlineOf(text);
  return { offset: keyStart, length: 0, content: `env:${newline}${indent}  ${SECRET_ENTRY}${newline}${indent}` };
}

function newlineOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.offset - a.offset)) result = result.slice(0, edit.offset) + edit.content + result.slice(edit.offset + edit.length);
  return result;
}

/** Whether the fixed file parses and holds the same step with the expected script and CRON_SECRET from the secret. */
function readsBack(fixed: string, step: RunStep, script: string): boolean {
  const read = readRunSteps(fixed);
  const same = read?.steps.find((s) => s.jobId === step.jobId && s.index === step.index);
  const own = same?.env[0];
  return !!same && same.script === script && own instanceof Map && own.get(SECRET_NAME) === `\${{ secrets.${SECRET_NAME} }}`;
}

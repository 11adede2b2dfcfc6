/**
 * How the readers of code turn a recognised call into a job: the expression's span is its
 * literal's when the literal is in the file (a problem then lands on the field), else the
 * argument's; a target that is not a literal is named as written.
 */
import type * as TS from 'typescript';
import type { DialectId } from '../cron/dialects';
import { CodeFile, type FollowedString, unwrap } from './codeSyntax';
import type { JobJitter, JobRoute, JobSource, JobTarget, ScheduledJob } from './model';
import type { JobSourceReader } from './source';

/** Scripts the readers parse: TypeScript and JavaScript, not declaration files. */
export const SCRIPT_FILE = /^(?!.*\.d\.[cm]?ts$).*\.(?:[cm]?[jt]sx?)$/;

/** The longest target text shown as written. */
const MAX_WRITTEN = 120;

export interface CodeJobParts {
  call: TS.Node;
  source: JobSource;
  dialect: DialectId;
  expression: FollowedString;
  /** The argument or property value the expression was read from, for its span when the literal lies elsewhere. */
  expressionNode: TS.Expression;
  timeZone: string | null;
  timeZoneNode?: TS.Expression;
  name?: string;
  /** How late after its scheduled time a run may start, where the source says. */
  jitter?: JobJitter;
  target: JobTarget;
  route: JobRoute;
}

export function codeJob(code: CodeFile, parts: CodeJobParts): ScheduledJob {
  const zoneSpan = parts.timeZoneNode && code.stringValue(parts.timeZoneNode)?.span;
  return {
    declared: { file: code.file, span: code.spanOf(parts.call) },
    source: parts.source,
    ...(parts.name === undefined ? {} : { name: parts.name }),
    expression: parts.expression.value,
    expressionSpan: parts.expression.span ?? code.spanOf(parts.expressionNode),
    dialect: parts.dialect,
    timeZone: parts.timeZone,
    ...(zoneSpan ? { timeZoneSpan: zoneSpan } : parts.timeZoneNode ? { timeZoneSpan: code.spanOf(parts.timeZoneNode) } : {}),
    jitter: parts.jitter,
    target: parts.target,
    route: parts.route,
  };
}

/** A value as the reader shows it: the string it certainly is, else its source text (shortened). */
export function writtenValue(code: CodeFile, node: TS.Expression): string {
  const known = code.stringValue(node);
  if (known) return known.value;
  const text = code.text.slice(code.spanOf(node).start, node.end).replace(/\s+/g, ' ');
  return text.length > MAX_WRITTEN ? `${text.slice(0, MAX_WRITTEN - 1)}…` : text;
}

/**
 * The zone of an options object's property: absent gives `fallback`; a string gives it; anything
 * else (computed, a spread that may hold it) is "cannot tell" (undefined).
 */
export function optionalZone(code: CodeFile, options: TS.ObjectLiteralExpression | undefined, key: string, fallback: string | null): { zone: string | null; node?: TS.Expression } | undefined {
  if (!options) return { zone: fallback };
  const value = code.property(options, key);
  if (value === 'unknown') return undefined;
  if (value === undefined) return { zone: fallback };
  const zone = code.stringValue(value);
  return zone ? { zone: zone.value, node: value } : undefined;
}

/** Whether an expression is certainly a function: written in place, or a top-level function or const arrow of the file. */
export function isFunctionValue(code: CodeFile, expression: TS.Expression): boolean {
  const { ts } = code;
  const node = unwrap(ts, expression);
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return true;
  if (!ts.isIdentifier(node)) return false;
  for (const statement of code.source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === node.text) return true;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name) || declaration.name.text !== node.text || !declaration.initializer) continue;
        const value = unwrap(ts, declaration.initializer);
        return ts.isArrowFunction(value) || ts.isFunctionExpression(value);
      }
    }
  }
  return false;
}

/** The zone a `CRON_TZ=`/`TZ=` prefix names, or undefined without one. */
export function prefixZone(expression: string): string | undefined {
  return /^\s*(?:CRON_TZ|TZ)=(\S+)/.exec(expression)?.[1];
}

/** Whether a reference's path is exactly `path`. */
export function pathIs(path: readonly string[], expected: readonly string[]): boolean {
  return path.length === expected.length && path.every((part, i) => part === expected[i]);
}

/** What a reader of one scheduler package's calls says about itself; packageCallReader does the rest. */
export interface PackageCallSpec {
  sources: readonly JobSource[];
  /** What the text of a file declaring such a job must contain (the package's name, or a call only it makes), tested before any parse. */
  mayDeclare(text: string): boolean;
  /** The modules whose bindings count (`@trigger.dev/sdk` and its `/v3` entry…). */
  packages: readonly string[];
  /** The member paths from such a binding that schedule (`['schedules', 'create']`). */
  paths: readonly (readonly string[])[];
  /** The jobs one recognised call declares (none when its arguments cannot be read); `path` is the member path it matched. */
  readCall(code: CodeFile, call: TS.CallExpression | TS.NewExpression, path: readonly string[]): ScheduledJob[];
}

/**
 * A reader of calls into one scheduler's package: a file whose text may name it is parsed once,
 * and each call or construction whose binding is imported from one of `packages`, along one of
 * `paths`, is handed to `readCall`.
 */
export function packageCallReader(spec: PackageCallSpec): JobSourceReader {
  return {
    sources: spec.sources,
    mayDeclare: (file, text) => SCRIPT_FILE.test(file) && spec.mayDeclare(text),
    read(file, text, context) {
      const code = CodeFile.parse(file, text, context);
      if (!code) return [];
      const jobs: ScheduledJob[] = [];
      for (const call of code.calls()) {
        // Every scheduling call takes arguments: cheaper to test than where the callee comes from.
        if (!call.arguments?.length) continue;
        const reference = code.reference(call.expression);
        if (!reference || !spec.packages.includes(reference.module)) continue;
        const path = spec.paths.find((candidate) => pathIs(reference.path, candidate));
        if (path) jobs.push(...spec.readCall(code, call, path));
      }
      return jobs;
    },
  };
}

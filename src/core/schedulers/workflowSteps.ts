/**
 * The `run:` steps of a GitHub Actions workflow, with the `env:` each step sees (its own, its
 * job's, the workflow's: the nearest wins) and where its script is written, so that a position
 * in the script is a position in the file. Only steps a POSIX shell runs are read: a `shell:`
 * other than bash or sh (on the step, or as `defaults.run.shell`), or a runner that may be
 * Windows (whose default shell is PowerShell), runs the script some other way.
 */
import { type Document, isMap, isPair, isScalar, isSeq, parseDocument, type Scalar, type YAMLMap } from 'yaml';
import type { Span } from '../types';
import type { WordPart } from './shellCommands';
import { scalarOf } from './yamlScalars';

/** One `env:` map: the variables by name, or 'unknown' when it is written as an expression. */
export type EnvLevel = ReadonlyMap<string, string> | 'unknown';

export interface RunStep {
  jobId: string;
  /** The step's index in its job's `steps`, and its `name` when it has one. */
  index: number;
  name: string | undefined;
  script: string;
  scriptNode: Scalar;
  /** The step's map (where `env:` goes) and its `run` key node. */
  stepNode: YAMLMap;
  runKey: Scalar;
  /** The step's, the job's, the workflow's. */
  env: [step: EnvLevel | undefined, job: EnvLevel | undefined, workflow: EnvLevel | undefined];
  /** The step's own `env:` map, when it is a block map the fix can add to. */
  stepEnv: YAMLMap | undefined;
  /** Every run script of the job, which may write `$GITHUB_ENV` for the steps after it. */
  jobScripts: readonly string[];
}

export interface WorkflowRead {
  doc: Document;
  steps: RunStep[];
}

const POSIX_SHELL = /^(bash|sh)(\s|$)/;

/** The workflow's run steps, or undefined when the file does not parse cleanly (GitHub refuses it). */
export function readRunSteps(text: string): WorkflowRead | undefined {
  let doc: Document;
  try {
    doc = parseDocument(text);
  } catch {
    return undefined;
  }
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const root = doc.contents;
  const jobs = root.get('jobs', true);
  if (!isMap(jobs)) return { doc, steps: [] };
  const workflowEnv = envLevel(root.get('env', true), doc);
  const workflowShell = defaultShell(root, doc);
  const steps: RunStep[] = [];
  for (const jobPair of jobs.items) {
    const jobId = scalarOf(jobPair.key, doc)?.value;
    const job = jobPair.value;
    if (typeof jobId !== 'string' || !isMap(job)) continue;
    const stepList = job.get('steps', true);
    if (!isSeq(stepList) || !runsOnPosix(job.get('runs-on', true), doc)) continue;
    const jobEnv = envLevel(job.get('env', true), doc);
    const jobShell = defaultShell(job, doc) ?? workflowShell;
    const jobSteps: Omit<RunStep, 'jobScripts'>[] = [];
    const jobScripts: string[] = [];
    stepList.items.forEach((step, index) => {
      if (!isMap(step)) return;
      const runPair = step.items.find((pair) => isScalar(pair.key) && pair.key.value === 'run');
      const script = runPair && scalarOf(runPair.value, doc);
      if (!runPair || !isScalar(runPair.key) || !script || typeof script.value !== 'string') return;
      jobScripts.push(script.value);
      const shell = stringOf(step.get('shell', true), doc) ?? jobShell;
      if (shell !== undefined && !POSIX_SHELL.test(shell)) return;
      const stepEnvNode = step.get('env', true);
      jobSteps.push({
        jobId,
        index,
        name: stringOf(step.get('name', true), doc),
        script: script.value,
        scriptNode: script,
        stepNode: step,
        runKey: runPair.key,
        env: [envLevel(stepEnvNode, doc), jobEnv, workflowEnv],
        stepEnv: isMap(stepEnvNode) && !stepEnvNode.flow ? stepEnvNode : undefined,
      });
    });
    for (const step of jobSteps) steps.push({ ...step, jobScripts });
  }
  return { doc, steps };
}

function stringOf(node: unknown, doc: Document): string | undefined {
  const value = scalarOf(node, doc)?.value;
  return typeof value === 'string' ? value : undefined;
}

/** `defaults.run.shell` of the workflow or a job. */
function defaultShell(map: YAMLMap, doc: Document): string | undefined {
  const defaults = map.get('defaults', true);
  const run = isMap(defaults) ? defaults.get('run', true) : undefined;
  return isMap(run) ? stringOf(run.get('shell', true), doc) : undefined;
}

/** Whether the job's runner certainly runs a POSIX shell by default: a literal label that is no Windows one. */
function runsOnPosix(node: unknown, doc: Document): boolean {
  const labels = isSeq(node) ? node.items.map((item) => stringOf(item, doc)) : [stringOf(node, doc)];
  if (!labels.length || labels.some((label) => label === undefined || label.includes('${{'))) return false;
  return !labels.some((label) => /windows/i.test(label!));
}

function envLevel(node: unknown, doc: Document): EnvLevel | undefined {
  if (node === undefined || node === null) return undefined;
  if (!isMap(node)) return 'unknown';
  const vars = new Map<string, string>();
  for (const pair of node.items) {
    if (!isPair(pair)) continue;
    const name = scalarOf(pair.key, doc)?.value;
    const value = scalarOf(pair.value, doc)?.value;
    if (typeof name !== 'string') return 'unknown';
    // GitHub turns numbers and booleans into their text; a map or a list is refused.
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') vars.set(name, String(value));
    else if (value === null) vars.set(name, '');
    else return 'unknown';
  }
  return vars;
}

/** What an `env:` value, after GitHub substitutes its expressions, is made of. */
export function envValueParts(value: string): WordPart[] {
  const parts: WordPart[] = [];
  let at = 0;
  for (const match of value.matchAll(/\$\{\{([\s\S]*?)\}\}/g)) {
    if (match.index > at) parts.push({ kind: 'text', text: value.slice(at, match.index) });
    parts.push({ kind: 'expression', text: match[1]!.trim() });
    at = match.index + match[0].length;
  }
  if (at < value.length) parts.push({ kind: 'text', text: value.slice(at) });
  return parts;
}

/**
 * Where a span of the script is written in the file: the same text found at the same occurrence
 * in the scalar's source. Undefined when the source spells it otherwise (escapes of a quoted
 * scalar, a line folded inside it), or holds it a different number of times.
 */
export function fileSpan(text: string, step: RunStep, span: Span): Span | undefined {
  const needle = step.script.slice(span.start, span.end);
  const range = step.scriptNode.range;
  if (!needle || needle.includes('\n') || !range) return undefined;
  let from = range[0];
  // A block scalar's header line (`|`, `>-`, a comment after it) is no content.
  if (step.scriptNode.type === 'BLOCK_LITERAL' || step.scriptNode.type === 'BLOCK_FOLDED') {
    const lineEnd = text.indexOf('\n', from);
    if (lineEnd < 0) return undefined;
    from = lineEnd + 1;
  }
  const source = text.slice(from, range[1]);
  const inScript = occurrences(step.script, needle);
  const inSource = occurrences(source, needle);
  if (inScript.length !== inSource.length) return undefined;
  const nth = inScript.indexOf(span.start);
  if (nth < 0) return undefined;
  return { start: from + inSource[nth]!, end: from + inSource[nth]! + needle.length };
}

function occurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) found.push(at);
  return found;
}

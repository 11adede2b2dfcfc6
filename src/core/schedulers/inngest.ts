/**
 * Inngest cron triggers: `inngest.createFunction({ id, triggers: { cron } | [{ cron }, …] }, handler)`
 * (current) and `inngest.createFunction({ id }, { cron } | [{ cron }, …], handler)` (older), on an
 * `Inngest` client of the inngest package. UTC, or the zone of a `TZ=` prefix. One job per cron
 * trigger; a trigger with keys the docs do not name (a `timezone`) is left alone.
 */
import type * as TS from 'typescript';
import { CodeFile } from './codeSyntax';
import { codeJob, packageCallReader, prefixZone, writtenValue } from './codeJob';
import type { ScheduledJob } from './model';

const PACKAGE = 'inngest';
const CREATE = ['Inngest', '()', 'createFunction'];
const TRIGGER_KEYS = new Set(['cron', 'event', 'if', 'expression', 'schema']);

export const inngestReader = packageCallReader({
  sources: ['inngest'],
  // The client is usually made in another file (inngest/client.ts): a createFunction call is enough to look.
  mayDeclare: (text) => text.includes('createFunction'),
  packages: [PACKAGE],
  paths: [CREATE],
  readCall(code, call) {
    if (!code.ts.isCallExpression(call) || call.arguments.length < 2) return [];
    const options = code.objectValue(call.arguments[0]!);
    if (!options || options.file !== code) return [];
    const id = code.property(options.object, 'id');
    const name = typeof id === 'object' ? writtenValue(code, id) : undefined;
    // Three arguments: the older form, triggers second; two: the current form, triggers in the options.
    const triggers = call.arguments.length >= 3 ? call.arguments[1] : code.property(options.object, 'triggers');
    if (typeof triggers !== 'object') return [];
    const jobs: ScheduledJob[] = [];
    for (const trigger of cronTriggers(code, triggers)) {
      const expression = code.stringValue(trigger);
      if (!expression) continue;
      jobs.push(
        codeJob(code, {
          call,
          source: 'inngest',
          dialect: 'inngest',
          expression,
          expressionNode: trigger,
          timeZone: prefixZone(expression.value) ?? 'UTC',
          ...(name === undefined ? {} : { name }),
          target: { kind: 'function', name: name ?? writtenValue(code, call.arguments[0]!) },
          route: { file: undefined, why: "Inngest runs the function through the app's serve() endpoint" },
        }),
      );
    }
    return jobs;
  },
});

/** The `cron` values of a trigger object or array of them, written in this file. */
function cronTriggers(code: CodeFile, triggers: TS.Expression): TS.Expression[] {
  const { ts } = code;
  const node = triggers;
  const items = ts.isArrayLiteralExpression(node) ? [...node.elements] : [node];
  const found: TS.Expression[] = [];
  for (const item of items) {
    const object = code.objectValue(item);
    if (!object || object.file !== code) continue;
    const keys = object.object.properties.map((p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined));
    if (keys.some((key) => key === undefined || !TRIGGER_KEYS.has(key))) continue;
    const cron = code.property(object.object, 'cron');
    if (typeof cron === 'object') found.push(cron);
  }
  return found;
}

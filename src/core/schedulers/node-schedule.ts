/**
 * node-schedule 2.1.1: `scheduleJob(spec, fn)` and `scheduleJob(name, spec, fn)`, with `spec` a
 * cron string or `{ rule, tz }` (platform-facts §5). A string cron-parser refuses is tried as a
 * date (a one-off run), so a string that is a date declares no schedule; a RecurrenceRule or an
 * object of fields is not a cron expression, and is left alone.
 */
import type * as TS from 'typescript';
import { explainCron } from '../cron/engine';
import { CodeFile } from './codeSyntax';
import { codeJob, optionalZone, packageCallReader } from './codeJob';
import type { ScheduledJob } from './model';

const PACKAGE = 'node-schedule';

export const nodeScheduleReader = packageCallReader({
  sources: ['node-schedule'],
  mayDeclare: (text) => text.includes(PACKAGE),
  packages: [PACKAGE],
  paths: [['scheduleJob']],
  readCall(code, call) {
    if (!code.ts.isCallExpression(call) || call.arguments.length < 2) return [];
    const job = readCall(code, call);
    return job ? [job] : [];
  },
});

function readCall(code: CodeFile, call: TS.CallExpression): ScheduledJob | undefined {
  const args = call.arguments;
  // node-schedule takes a first argument as the name when there are three and it is a string.
  let name: string | undefined;
  let specNode = args[0]!;
  let handler = args[1]!;
  if (args.length >= 3) {
    const first = code.stringValue(args[0]!);
    const named = first !== undefined || code.ts.isStringLiteralLike(args[0]!);
    if (!named && !code.objectValue(args[0]!)) return undefined;
    if (named) {
      name = first?.value;
      specNode = args[1]!;
      handler = args[2]!;
    }
  }
  let expressionNode: TS.Expression = specNode;
  let zone: { zone: string | null; node?: TS.Expression } | undefined = { zone: null };
  const object = code.objectValue(specNode);
  if (object) {
    if (object.file !== code) return undefined;
    const rule = code.property(object.object, 'rule');
    if (typeof rule !== 'object') return undefined;
    expressionNode = rule;
    zone = optionalZone(code, object.object, 'tz', null);
  }
  const expression = code.stringValue(expressionNode);
  if (!expression || !zone) return undefined;
  // What cron-parser refuses, node-schedule reads as a date: a one-off run, no schedule.
  if (!Number.isNaN(Date.parse(expression.value)) && !explainCron(expression.value, { dialect: 'node-schedule', from: new Date(0), runs: 0, describe: false }).valid) return undefined;
  return codeJob(code, {
    call,
    source: 'node-schedule',
    dialect: 'node-schedule',
    expression,
    expressionNode,
    timeZone: zone.zone,
    ...(zone.node ? { timeZoneNode: zone.node } : {}),
    ...(name === undefined ? {} : { name }),
    target: { kind: 'handler', file: code.file, span: code.spanOf(handler) },
    route: { file: undefined, why: 'node-schedule calls the handler inside the running process' },
  });
}

/**
 * croner 11: `new Cron(pattern, options?, fn?)` and `Cron(…)` (platform-facts §4.3). The zone is
 * the `timezone` option, else the process's. What the engine cannot read as croner would is left
 * alone: a pattern with a seventh (year) field or a ":" (an ISO date, run once), and options that
 * change how the pattern reads (`utcOffset`, `mode`, `domAndDow`, `legacyMode`, `alternativeWeekdays`).
 */
import type * as TS from 'typescript';
import { CodeFile } from './codeSyntax';
import { codeJob, isFunctionValue, optionalZone, packageCallReader } from './codeJob';
import type { ScheduledJob } from './model';

const PACKAGE = 'croner';
const REREADING_OPTIONS = ['utcOffset', 'mode', 'domAndDow', 'legacyMode', 'alternativeWeekdays'];

export const cronerReader = packageCallReader({
  sources: ['croner'],
  mayDeclare: (text) => text.includes(PACKAGE),
  packages: [PACKAGE],
  paths: [['Cron']],
  readCall(code, call) {
    const job = readCall(code, call, call.arguments ?? []);
    return job ? [job] : [];
  },
});

function readCall(code: CodeFile, call: TS.CallExpression | TS.NewExpression, args: readonly TS.Expression[]): ScheduledJob | undefined {
  const expression = code.stringValue(args[0]!);
  if (!expression || expression.value.includes(':') || expression.value.trim().split(/\s+/).length > 6) return undefined;
  // The second argument is the options or the function; a name the reader cannot tell apart says nothing.
  let options: TS.ObjectLiteralExpression | undefined;
  let handler: TS.Expression | undefined;
  if (args[1]) {
    const object = code.objectValue(args[1]);
    if (object) {
      if (object.file !== code) return undefined;
      options = object.object;
      handler = args[2];
    } else if (isFunctionValue(code, args[1])) handler = args[1];
    else return undefined;
  }
  if (options && REREADING_OPTIONS.some((key) => code.property(options, key) !== undefined)) return undefined;
  const zone = optionalZone(code, options, 'timezone', null);
  if (!zone) return undefined;
  const nameNode = options && code.property(options, 'name');
  const name = typeof nameNode === 'object' ? code.stringValue(nameNode)?.value : undefined;
  return codeJob(code, {
    call,
    source: 'croner',
    dialect: 'croner',
    expression,
    expressionNode: args[0]!,
    timeZone: zone.zone,
    ...(zone.node ? { timeZoneNode: zone.node } : {}),
    ...(name === undefined ? {} : { name }),
    target: { kind: 'handler', file: code.file, span: code.spanOf(handler ?? call) },
    route: { file: undefined, why: 'croner calls the handler inside the running process' },
  });
}

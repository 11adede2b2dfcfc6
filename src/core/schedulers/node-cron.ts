/**
 * node-cron (v4, platform-facts §5): `cron.schedule(expression, task, { timezone, name })` and
 * `cron.createTask(…)`. The schedule runs in the process's zone unless `timezone` says otherwise.
 */
import type * as TS from 'typescript';
import { CodeFile } from './codeSyntax';
import { codeJob, optionalZone, packageCallReader } from './codeJob';

const PACKAGE = 'node-cron';

export const nodeCronReader = packageCallReader({
  sources: ['node-cron'],
  mayDeclare: (text) => text.includes(PACKAGE),
  packages: [PACKAGE],
  paths: [['schedule'], ['createTask']],
  readCall(code, call) {
    if (!code.ts.isCallExpression(call)) return [];
    const expressionNode: TS.Expression | undefined = call.arguments[0];
    const task: TS.Expression | undefined = call.arguments[1];
    const optionsNode: TS.Expression | undefined = call.arguments[2];
    if (!expressionNode || !task) return [];
    const expression = code.stringValue(expressionNode);
    const options: ReturnType<CodeFile['objectValue']> = optionsNode && code.objectValue(optionsNode);
    // Options that cannot be read may set the zone.
    if (!expression || (optionsNode && (!options || options.file !== code))) return [];
    const zone = optionalZone(code, options?.object, 'timezone', null);
    if (!zone) return [];
    const nameNode = options && code.property(options.object, 'name');
    const name = typeof nameNode === 'object' ? code.stringValue(nameNode)?.value : undefined;
    return [
      codeJob(code, {
        call,
        source: 'node-cron',
        dialect: 'node-cron',
        expression,
        expressionNode,
        timeZone: zone.zone,
        ...(zone.node ? { timeZoneNode: zone.node } : {}),
        ...(name === undefined ? {} : { name }),
        target: { kind: 'handler', file: code.file, span: code.spanOf(task) },
        route: { file: undefined, why: 'node-cron calls the handler inside the running process' },
      }),
    ];
  },
});

/**
 * node-cron (v4, platform-facts §5): `cron.schedule(expression, task, { timezone, name })` and
 * `cron.createTask(…)`. The schedule runs in the process's zone unless `timezone` says otherwise.
 */
import type * as TS from 'typescript';
import { CodeFile } from './codeSyntax';
import { codeJob, optionalZone, pathIs, SCRIPT_FILE } from './codeJob';
import type { ScheduledJob } from './model';
import type { JobSourceReader } from './source';

const PACKAGE = 'node-cron';

export const nodeCronReader: JobSourceReader = {
  sources: ['node-cron'],
  mayDeclare: (file, text) => SCRIPT_FILE.test(file) && text.includes(PACKAGE),
  read(file, text, context) {
    const code = CodeFile.parse(file, text, context);
    if (!code) return [];
    const jobs: ScheduledJob[] = [];
    for (const call of code.calls()) {
      if (!code.ts.isCallExpression(call)) continue;
      const expressionNode: TS.Expression | undefined = call.arguments[0];
      const task: TS.Expression | undefined = call.arguments[1];
      const optionsNode: TS.Expression | undefined = call.arguments[2];
      if (!expressionNode || !task) continue;
      const reference = code.reference(call.expression);
      if (reference?.module !== PACKAGE || !(pathIs(reference.path, ['schedule']) || pathIs(reference.path, ['createTask']))) continue;
      const expression = code.stringValue(expressionNode);
      const options: ReturnType<CodeFile['objectValue']> = optionsNode && code.objectValue(optionsNode);
      // Options that cannot be read may set the zone.
      if (!expression || (optionsNode && (!options || options.file !== code))) continue;
      const zone = optionalZone(code, options?.object, 'timezone', null);
      if (!zone) continue;
      const nameNode = options && code.property(options.object, 'name');
      const name = typeof nameNode === 'object' ? code.stringValue(nameNode)?.value : undefined;
      jobs.push(
        codeJob(code, {
          call,
          source: 'node-cron',
          dialect: 'node-cron',
          expression,
          expressionNode,
          timeZone: zone.zone,
          ...(zone.node ? { timeZoneNode: zone.node } : {}),
          ...(name === undefined ? {} : { name }),
          target: { kind: 'handler', file, span: code.spanOf(task) },
          route: { file: undefined, why: 'node-cron calls the handler inside the running process' },
        }),
      );
    }
    return jobs;
  },
};

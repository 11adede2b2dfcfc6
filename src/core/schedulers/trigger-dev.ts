/**
 * Trigger.dev scheduled tasks (v3/v4, platform-facts §5): declarative `schedules.task({ id, cron })`
 * with `cron` a string (UTC) or `{ pattern, timezone }`, and imperative
 * `schedules.create({ task, cron, timezone })`, from @trigger.dev/sdk or @trigger.dev/sdk/v3.
 */
import type * as TS from 'typescript';
import { CodeFile } from './codeSyntax';
import { codeJob, optionalZone, packageCallReader, writtenValue } from './codeJob';
import type { JobJitter, ScheduledJob } from './model';

const PACKAGES = new Set(['@trigger.dev/sdk', '@trigger.dev/sdk/v3']);
const ROUTE = { file: undefined, why: 'Trigger.dev runs the task on its own workers, not through a route of the app' } as const;

export const triggerDevReader = packageCallReader({
  sources: ['trigger-dev'],
  mayDeclare: (text) => text.includes('@trigger.dev/sdk'),
  packages: [...PACKAGES],
  paths: [
    ['schedules', 'task'],
    ['schedules', 'create'],
  ],
  readCall(code, call, path) {
    if (!code.ts.isCallExpression(call)) return [];
    const options = code.objectValue(call.arguments[0]!);
    // The options written elsewhere: their spans would not be in this file.
    if (!options || options.file !== code) return [];
    const job = path[1] === 'task' ? declaredTask(code, call, options.object) : createdSchedule(code, call, options.object);
    return job ? [job] : [];
  },
});

/** `schedules.task({ id, cron: "…" | { pattern, timezone } })`; a task without `cron` is scheduled imperatively, elsewhere. */
function declaredTask(code: CodeFile, call: TS.CallExpression, options: TS.ObjectLiteralExpression): ScheduledJob | undefined {
  const cron = code.property(options, 'cron');
  const id = code.property(options, 'id');
  if (typeof cron !== 'object' || typeof id !== 'object') return undefined;
  const idText = writtenValue(code, id);
  const asString = code.stringValue(cron);
  if (asString) return job(code, call, asString, cron, { zone: 'UTC' }, idText, idText);
  const object = code.objectValue(cron);
  if (!object || object.file !== code) return undefined;
  const pattern = code.property(object.object, 'pattern');
  const expression = typeof pattern === 'object' ? code.stringValue(pattern) : undefined;
  const zone = optionalZone(code, object.object, 'timezone', 'UTC');
  if (!expression || typeof pattern !== 'object' || !zone) return undefined;
  return { ...job(code, call, expression, pattern, zone, idText, idText), jitter: windowJitter(code, object.object) };
}

/**
 * `window: "30m"` or `"2h"`: each run starts at a stable time within that long after its cron
 * time. A percentage (of the interval) or a computed window leaves it unknown.
 */
function windowJitter(code: CodeFile, cron: TS.ObjectLiteralExpression): JobJitter | undefined {
  const window = code.property(cron, 'window');
  const text = typeof window === 'object' ? code.stringValue(window)?.value : undefined;
  const match = text === undefined ? null : /^(\d{1,4})(m|h)$/.exec(text.trim());
  if (!match) return undefined;
  const minutes = Number(match[1]) * (match[2] === 'h' ? 60 : 1);
  return minutes > 0 ? { from: 'minute', upToMinutes: minutes } : undefined;
}

/** `schedules.create({ task, cron, timezone })`: the task by its id. */
function createdSchedule(code: CodeFile, call: TS.CallExpression, options: TS.ObjectLiteralExpression): ScheduledJob | undefined {
  const cron = code.property(options, 'cron');
  const task = code.property(options, 'task');
  if (typeof cron !== 'object' || typeof task !== 'object') return undefined;
  const expression = code.stringValue(cron);
  const zone = optionalZone(code, options, 'timezone', 'UTC');
  if (!expression || !zone) return undefined;
  const external = code.property(options, 'externalId');
  const name = typeof external === 'object' ? code.stringValue(external)?.value : undefined;
  return job(code, call, expression, cron, zone, writtenValue(code, task), name);
}

function job(
  code: CodeFile,
  call: TS.CallExpression,
  expression: NonNullable<ReturnType<CodeFile['stringValue']>>,
  expressionNode: TS.Expression,
  zone: { zone: string | null; node?: TS.Expression },
  task: string,
  name: string | undefined,
): ScheduledJob {
  return codeJob(code, {
    call,
    source: 'trigger-dev',
    dialect: 'trigger',
    expression,
    expressionNode,
    timeZone: zone.zone,
    ...(zone.node ? { timeZoneNode: zone.node } : {}),
    ...(name === undefined ? {} : { name }),
    target: { kind: 'task', id: task },
    route: ROUTE,
  });
}

/**
 * QStash schedules created in code: `client.schedules.create({ destination, cron })` on a
 * `Client` of @upstash/qstash (platform-facts §5). UTC, or the zone of a `CRON_TZ=` prefix.
 */
import { codeJob, packageCallReader, prefixZone, writtenValue } from './codeJob';

const PACKAGE = '@upstash/qstash';
const CREATE = ['Client', '()', 'schedules', 'create'];

export const qstashReader = packageCallReader({
  sources: ['qstash'],
  // The client may be made in another file (lib/qstash.ts): a call of schedules.create is enough to look.
  mayDeclare: (text) => text.includes(PACKAGE) || text.includes('schedules.create'),
  packages: [PACKAGE],
  paths: [CREATE],
  readCall(code, call) {
    if (!code.ts.isCallExpression(call)) return [];
    const options = code.objectValue(call.arguments[0]!);
    if (!options) return [];
    const { file: at, object } = options;
    const cronNode = at.property(object, 'cron');
    const destination = at.property(object, 'destination');
    if (typeof cronNode !== 'object' || typeof destination !== 'object') return [];
    const expression = at.stringValue(cronNode);
    if (!expression) return [];
    const scheduleId = at.property(object, 'scheduleId');
    const name = typeof scheduleId === 'object' ? at.stringValue(scheduleId)?.value : undefined;
    return [
      codeJob(code, {
        call,
        source: 'qstash',
        dialect: 'qstash',
        expression: at === code ? expression : { value: expression.value, span: undefined },
        expressionNode: at === code ? cronNode : call.arguments[0]!,
        timeZone: prefixZone(expression.value) ?? 'UTC',
        ...(name === undefined ? {} : { name }),
        target: { kind: 'url', url: writtenValue(at, destination) },
        route: { file: undefined, why: 'QStash requests the destination from outside; which route of the app answers it is not resolved' },
      }),
    ];
  },
});

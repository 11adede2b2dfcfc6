/**
 * QStash schedules created in code: `client.schedules.create({ destination, cron })` on a
 * `Client` of @upstash/qstash (platform-facts §5). UTC, or the zone of a `CRON_TZ=` prefix.
 */
import { CodeFile } from './codeSyntax';
import { codeJob, pathIs, prefixZone, SCRIPT_FILE, writtenValue } from './codeJob';
import type { ScheduledJob } from './model';
import type { JobSourceReader } from './source';

const PACKAGE = '@upstash/qstash';
const CREATE = ['Client', '()', 'schedules', 'create'];

export const qstashReader: JobSourceReader = {
  sources: ['qstash'],
  // The client may be made in another file (lib/qstash.ts): a call of schedules.create is enough to look.
  mayDeclare: (file, text) => SCRIPT_FILE.test(file) && (text.includes(PACKAGE) || text.includes('schedules.create')),
  read(file, text, context) {
    const code = CodeFile.parse(file, text, context);
    if (!code) return [];
    const jobs: ScheduledJob[] = [];
    for (const call of code.calls()) {
      if (!code.ts.isCallExpression(call) || !call.arguments[0]) continue;
      const reference = code.reference(call.expression);
      if (reference?.module !== PACKAGE || !pathIs(reference.path, CREATE)) continue;
      const options = code.objectValue(call.arguments[0]);
      if (!options) continue;
      const { file: at, object } = options;
      const cronNode = at.property(object, 'cron');
      const destination = at.property(object, 'destination');
      if (typeof cronNode !== 'object' || typeof destination !== 'object') continue;
      const expression = at.stringValue(cronNode);
      if (!expression) continue;
      const scheduleId = at.property(object, 'scheduleId');
      const name = typeof scheduleId === 'object' ? at.stringValue(scheduleId)?.value : undefined;
      jobs.push(
        codeJob(code, {
          call,
          source: 'qstash',
          dialect: 'qstash',
          expression: at === code ? expression : { value: expression.value, span: undefined },
          expressionNode: at === code ? cronNode : call.arguments[0],
          timeZone: prefixZone(expression.value) ?? 'UTC',
          ...(name === undefined ? {} : { name }),
          target: { kind: 'url', url: writtenValue(at, destination) },
          route: { file: undefined, why: 'QStash requests the destination from outside; which route of the app answers it is not resolved' },
        }),
      );
    }
    return jobs;
  },
};

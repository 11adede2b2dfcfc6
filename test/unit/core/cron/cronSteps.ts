import { CronDate } from 'cron-parser';

/**
 * Counts cron-parser's search steps while `run` runs: each pass of its search loop starts by
 * reading the month, so the reads of `getMonth` bound the passes from above. A measure of the
 * engine's work that is the same on a quiet machine and a busy one, unlike a stopwatch.
 */
export function countCronSteps<T>(run: () => T): { result: T; steps: number } {
  const prototype = CronDate.prototype as unknown as { getMonth(this: CronDate): number };
  const original = prototype.getMonth;
  let steps = 0;
  prototype.getMonth = function getMonth(this: CronDate) {
    steps++;
    return original.call(this);
  };
  try {
    return { result: run(), steps };
  } finally {
    prototype.getMonth = original;
  }
}

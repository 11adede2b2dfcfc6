/**
 * What the hover and the lens say about each source of jobs besides the schedule itself: its
 * name, and the caveats its own documentation gives (platform-facts.md §5).
 */
import type { JobSource } from './model';

export interface SourceInfo {
  /** The source as a heading names it. */
  label: string;
  /** What the source does that the expression does not show; plain text. */
  caveat: string | undefined;
}

export const SOURCE_INFO: Readonly<Record<JobSource, SourceInfo>> = {
  'vercel-crons': { label: 'Vercel Cron Jobs', caveat: undefined },
  'vercel-schedules': { label: 'Vercel Schedules', caveat: undefined },
  qstash: {
    label: 'QStash schedule',
    caveat: 'A new schedule can take up to 60 seconds to fire for the first time. QStash sends the request to the destination (POST unless method says otherwise), signed with Upstash-Signature.',
  },
  'trigger-dev': {
    label: 'Trigger.dev scheduled task',
    caveat: 'Schedules sync on trigger dev and trigger deploy: in development they fire only while the dev CLI runs, otherwise only for the current deployment.',
  },
  'node-cron': { label: 'node-cron', caveat: inProcess('node-cron') },
  'node-schedule': { label: 'node-schedule', caveat: inProcess('node-schedule') },
  croner: { label: 'croner', caveat: inProcess('croner') },
  inngest: {
    label: 'Inngest scheduled function',
    caveat: "Inngest runs the function through the app's serve() endpoint; the schedule takes effect once the app is synced with Inngest.",
  },
  netlify: {
    label: 'Netlify scheduled function',
    caveat: 'Scheduled functions run on published deploys only, for at most 30 seconds, and cannot be invoked by URL.',
  },
  'github-actions': {
    label: 'GitHub Actions schedule',
    caveat: "Runs use the default branch's latest commit, may start late at busy times (the start of each hour), and queued runs may be dropped; in public repositories schedules are disabled after 60 days without activity.",
  },
};

function inProcess(library: string): string {
  return `${library} fires only while the process that called it keeps running: in a serverless function (Vercel, Netlify), which stops after each request, it does not keep firing.`;
}

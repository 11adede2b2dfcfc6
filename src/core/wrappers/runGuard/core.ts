import { RUN_ANYWAY_HEADER, RUN_GUARD_EXPORT } from '../protocol';
import type { Source } from '../source';

/**
 * The store-independent part of the generated helper: the exported wrapper, the CRON_SECRET
 * check that decides who may claim a slot, and the App and Pages Router flows. It calls the
 * `claimSlot` and `releaseSlot` functions that the store section defines.
 */
/** The wrapper signature for JavaScript users, whose editors read JSDoc. */
const JS_DOC = `
 * @param {{ job: string, schedule: string, timeZone?: string, lockSeconds: number }} options job names the slot key and logs; schedule is the one in vercel.json; timeZone is the timezone of a Vercel Schedules entry (none for Cron Jobs, which run in UTC); lockSeconds covers maxDuration.
 * @param {Function} handler`;

export function coreCode({ typed, t, typesOnly }: Source): string {
  // TypeScript needs the generic handler as a plain function to call it; JavaScript calls it as is.
  const call = typed ? 'call' : 'handler';
  return `${typesOnly(`export interface CronRunGuardOptions {
  /** Names the job in the slot key and the log lines; keep it stable across deploys. */
  job: string;
  /** The job schedule in vercel.json (UTC): the slot key derives from it, so keep the two equal. */
  schedule: string;
  /** The timezone of a Vercel Schedules entry: its schedule fires on the clocks of that zone. Leave it out for Cron Jobs, which run in UTC. */
  timeZone?: string;
  /** How long a claim lives: at least the route maxDuration, so a run in progress is never taken for a missed one. */
  lockSeconds: number;
}

/** An App Router handler. Its parameters are \`never\` so that handlers taking NextRequest or typed route params fit. */
type AppRouteHandler = (request: never, context: never) => Response | Promise<Response>;
type PagesApiHandler = (req: NextApiRequest, res: NextApiResponse) => unknown;

/** The scheduled time a request made at \`now\` belongs to. */
type SlotFinder = (now: Date) => Date;

/** What to do with one request: run it without a claim, run it holding \`key\`, or skip it. */
type Admission = { kind: 'unclaimed' } | { kind: 'claimed'; key: string } | { kind: 'skip'; reason: string };
`)}
/**
 * Wraps an App Router handler (\`export const GET = ${RUN_GUARD_EXPORT}({ ... }, async (request) => { ... })\`)
 * or a Pages Router API handler (\`export default ${RUN_GUARD_EXPORT}({ ... }, async (req, res) => { ... })\`)
 * so that each scheduled slot runs once.${typed ? '' : JS_DOC}
 */
export function ${RUN_GUARD_EXPORT}${t('<Handler extends AppRouteHandler | PagesApiHandler>')}(options${t(': CronRunGuardOptions')}, handler${t(': Handler')})${t(': Handler')} {
  // Parsed here so that a malformed schedule or an unknown zone fails when the route loads, not at its first run.
  const schedule = parseCronSchedule(options.schedule);
  const clock = options.timeZone === undefined ? undefined : zoneClock(options.timeZone);
  const slotAt = (now${t(': Date')}) => (clock ? latestZonedSlot(schedule, clock, now) : latestSlot(schedule, now));
${typesOnly(`  const call = handler as unknown as (...args: unknown[]) => unknown;
`)}  const guarded = async (...args${t(': unknown[]')}) => {
    const [request, response] = args;
    if (isPagesResponse(response)) return guardPages(options, slotAt, request${t(' as NextApiRequest')}, response, () => ${call}(...args));
    return guardApp(options, slotAt, request${t(' as Request')}, () => ${call}(...args)${t(' as Response | Promise<Response>')});
  };
  return guarded${t(' as unknown as Handler')};
}

/** The Pages Router passes \`res\` second; the App Router passes the route context, which has no status(). */
function isPagesResponse(value${t(': unknown')})${t(': value is NextApiResponse')} {
  return typeof value === 'object' && value !== null && 'status' in value && typeof value.status === 'function';
}

async function guardApp(options${t(': CronRunGuardOptions')}, slotAt${t(': SlotFinder')}, request${t(': Request')}, handle${t(': () => Response | Promise<Response>')})${t(': Promise<Response>')} {
  const admission = await admit(options, slotAt, request.headers.get('authorization'), request.headers.get('${RUN_ANYWAY_HEADER}') === '1');
  if (admission.kind === 'skip') return Response.json({ skipped: true, reason: admission.reason });
  if (admission.kind === 'unclaimed') return handle();
  let response${t(': Response')};
  try {
    response = await handle();
  } catch (error) {
    await releaseQuietly(options, admission.key);
    throw error;
  }
  if (response.status >= 500) await releaseQuietly(options, admission.key);
  return response;
}

async function guardPages(options${t(': CronRunGuardOptions')}, slotAt${t(': SlotFinder')}, req${t(': NextApiRequest')}, res${t(': NextApiResponse')}, handle${t(': () => unknown')})${t(': Promise<void>')} {
  const admission = await admit(options, slotAt, req.headers.authorization, req.headers['${RUN_ANYWAY_HEADER}'] === '1');
  if (admission.kind === 'skip') {
    res.status(200).json({ skipped: true, reason: admission.reason });
    return;
  }
  if (admission.kind === 'unclaimed') {
    await handle();
    return;
  }
  try {
    await handle();
  } catch (error) {
    await releaseQuietly(options, admission.key);
    throw error;
  }
  if (res.statusCode >= 500) await releaseQuietly(options, admission.key);
}

async function admit(options${t(': CronRunGuardOptions')}, slotAt${t(': SlotFinder')}, authorization${t(': string | null | undefined')}, runAnyway${t(': boolean')})${t(': Promise<Admission>')} {
  // Only the scheduler may claim a slot: anyone else could take it and make the real run skip.
  // The handler still runs, and its own CRON_SECRET check refuses the request.
  if (!(await isCronRequest(authorization))) return { kind: 'unclaimed' };
  const key = \`cron:\${options.job}:\${slotAt(new Date()).toISOString()}\`;
  if (runAnyway) {
    console.log(JSON.stringify({ type: 'cron-run-anyway', job: options.job, key }));
    return { kind: 'unclaimed' };
  }
  if (await claimSlot(key, options.lockSeconds)) return { kind: 'claimed', key };
  const reason = \`another run already claimed \${key}\`;
  console.log(JSON.stringify({ type: 'cron-skip', job: options.job, key, reason }));
  return { kind: 'skip', reason };
}

/** Frees the slot for a retry; a store error is logged, never put in place of the run outcome. */
async function releaseQuietly(options${t(': CronRunGuardOptions')}, key${t(': string')})${t(': Promise<void>')} {
  try {
    await releaseSlot(key);
  } catch (error) {
    console.error(JSON.stringify({ type: 'cron-release-failed', job: options.job, key, error: String(error) }));
  }
}

/** Whether the request carries \`Authorization: Bearer <CRON_SECRET>\`, compared in constant time. */
async function isCronRequest(authorization${t(': string | null | undefined')})${t(': Promise<boolean>')} {
  const secret = process.env.CRON_SECRET;
  // Fail closed: with no secret set, "Bearer undefined" must not pass for the scheduler.
  if (!secret || typeof authorization !== 'string') return false;
  // SHA-256 digests have one length whatever the input, so the comparison below takes the same
  // time for every guess; Web Crypto works on the Node.js and Edge runtimes alike.
  const encoder = new TextEncoder();
  const [actual, expected] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(authorization)),
    crypto.subtle.digest('SHA-256', encoder.encode(\`Bearer \${secret}\`)),
  ]);
  const a = new Uint8Array(actual);
  const b = new Uint8Array(expected);
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]${t('!')} ^ b[i]${t('!')};
  return difference === 0;
}`;
}

/**
 * The QStash delivery guard that "Guard against duplicate QStash deliveries" writes (#20): the
 * claim stores of the duplicate-run guard, keyed by QStash's `Upstash-Message-Id`.
 *
 * Why the message id: QStash delivers at least once and retries a failed delivery with the same
 * message id, while each firing of a schedule is a new message with a new id (platform-facts §5
 * lists the headers; none carries the scheduled time, so `Upstash-Schedule-Id` alone would make
 * every firing of a schedule one key). Message ids are random, so no one can take a future
 * delivery's claim, and the guard needs no secret of its own: the route's signature check
 * decides who may run the job.
 */
import { blocks, source, type Source } from '../source';
import { QSTASH_GUARD_EXPORT, type StoreKind } from '../protocol';
import { storeSection } from './index';

function coreCode({ typed, t, typesOnly }: Source): string {
  const call = typed ? 'call' : 'handler';
  return `${typesOnly(`export interface QStashIdempotencyOptions {
  /** Names the job in the claim key and the log lines; keep it stable across deploys. */
  job: string;
  /** How long a claim lives: the route maxDuration, so a retry sent while a delivery still runs is skipped, and one after a run that was stopped is not. */
  lockSeconds: number;
}

/** An App Router handler. Its parameters are \`never\` so that handlers taking NextRequest or typed route params fit. */
type AppRouteHandler = (request: never, context: never) => Response | Promise<Response>;
`)}
/**
 * Wraps the App Router handler QStash calls (\`export const POST = ${QSTASH_GUARD_EXPORT}({ ... }, handler)\`)
 * so that each QStash message runs once: a delivery claims \`qstash:<job>:<Upstash-Message-Id>\`;
 * a second delivery of a message already claimed answers 200 \`{ skipped: true, reason }\`, which
 * QStash counts as delivered; a run that throws or answers outside 2xx releases its claim, so
 * the retry of QStash runs it. A request without the header reaches the handler untouched.${typed ? '' : `
 * @param {{ job: string, lockSeconds: number }} options job names the claim key and logs; lockSeconds covers maxDuration.
 * @param {Function} handler`}
 */
export function ${QSTASH_GUARD_EXPORT}${t('<Handler extends AppRouteHandler>')}(options${t(': QStashIdempotencyOptions')}, handler${t(': Handler')})${t(': Handler')} {
${typesOnly(`  const call = handler as unknown as (request: Request, context: unknown) => Response | Promise<Response>;
`)}  const guarded = async (request${t(': Request')}, context${t(': unknown')})${t(': Promise<Response>')} => {
    const messageId = request.headers.get('upstash-message-id');
    if (!messageId) return ${call}(request, context);
    const key = \`qstash:\${options.job}:\${messageId}\`;
    if (!(await claimSlot(key, options.lockSeconds))) {
      const reason = \`message \${messageId} is already claimed by another delivery\`;
      console.log(JSON.stringify({ type: 'qstash-skip', job: options.job, key, reason }));
      return Response.json({ skipped: true, reason });
    }
    let response${t(': Response')};
    try {
      response = await ${call}(request, context);
    } catch (error) {
      await releaseQuietly(options, key);
      throw error;
    }
    if (!response.ok) await releaseQuietly(options, key);
    return response;
  };
  return guarded${t(' as unknown as Handler')};
}

/** Frees the claim for QStash's retry; a store error is logged, never put in place of the run outcome. */
async function releaseQuietly(options${t(': QStashIdempotencyOptions')}, key${t(': string')})${t(': Promise<void>')} {
  try {
    await releaseSlot(key);
  } catch (error) {
    console.error(JSON.stringify({ type: 'qstash-release-failed', job: options.job, key, error: String(error) }));
  }
}`;
}

const DOC = [
  'Runs each QStash message once. QStash delivers at least once and retries a failed delivery with',
  'the same Upstash-Message-Id, while every firing of a schedule is a new message: the message id',
  'is the key. Wrap the handler that verifies the signature, or keep verifySignatureAppRouter',
  'inside this wrapper: message ids are random, so an unsigned request cannot take a real claim.',
];

/** The helper in TypeScript or JavaScript, with the store's claim and release; `file` is where it is written. */
export function qstashGuardModule(store: StoreKind, options: { typed: boolean; file: string }): string {
  const s = source(options.typed);
  const section = storeSection(store, s, options.file);
  const doc = ['/**', ...[...DOC, '', ...section.doc].map((line) => (line ? ` * ${line}` : ' *')), ' */'].join('\n');
  return `${blocks(doc, section.imports.join('\n'), section.code, coreCode(s))}\n`;
}

import { CANCELLED, type HttpFailure, type HttpOutcome, type HttpResponse, INVALID_HEADER_VALUE, NOT_LOOPBACK, TIMEOUT } from './outcome';
import type { SecretSource } from './secret';

export interface ExplainContext {
  /** The cron path as vercel.json writes it. */
  path: string;
  /** The configuration file the job is declared in (vercel.toml, vercel.ts…), as advice names it; vercel.json when absent. */
  configFile?: string;
  url: URL;
  secret: SecretSource;
  timeoutSeconds: number;
  /** How the user changes things: flags in the CLI, settings in the editor. */
  surface: 'cli' | 'editor';
}

export type TriggerAction = 'start-dev-server' | 'store-secret';

export interface Explanation {
  /** 2xx: what Vercel counts as a successful run. */
  ok: boolean;
  /** A title: what happened, in a few words. */
  headline: string;
  /**
   * Sentences saying what happened and what to do, in the terms of a real Vercel run. They
   * follow the headline (notifications show both), so they never open by repeating it, and they
   * stand alone too (`trigger --json` has only them).
   */
  explanation: string;
  /** What the editor can offer next. */
  action: TriggerAction | undefined;
}

/** The one line a notification shows: the path, the title once, then the explanation. */
export function verdictLine(path: string, explanation: Pick<Explanation, 'headline' | 'explanation'>): string {
  return `${path}: ${explanation.headline}. ${explanation.explanation}`;
}

/** Failures are explained in words (pain points #1, #3, #7): what a real run would do, and why. */
export function explainOutcome(outcome: HttpOutcome, ctx: ExplainContext): Explanation {
  return outcome.kind === 'response' ? explainResponse(outcome, ctx) : explainFailure(outcome, ctx);
}

function setting(ctx: ExplainContext, cli: string, editor: string): string {
  return ctx.surface === 'cli' ? cli : editor;
}

function hostPort(url: URL): string {
  return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
}

function explainResponse(response: HttpResponse, ctx: ExplainContext): Explanation {
  const { status } = response;
  const headline = `${status}${response.statusText ? ` ${response.statusText}` : ''} in ${response.durationMs} ms`;
  const result = (ok: boolean, explanation: string, action?: TriggerAction): Explanation => ({ ok, headline, explanation, action });
  if (status >= 200 && status < 300) {
    const open =
      ctx.secret.kind === 'none' || ctx.secret.kind === 'empty' || ctx.secret.kind === 'untrusted'
        ? ' No CRON_SECRET was sent and the route still ran: unless it checks the secret, anyone who knows the URL can run this job in production.'
        : '';
    return result(true, `The route answered ${status}: Vercel would count this run as a success.${open}`);
  }
  if (status >= 300 && status < 400) return result(false, explainRedirect(response, ctx));
  if (status === 401 || status === 403) return explainRefused(response, ctx, headline);
  if (status === 404) {
    return result(
      false,
      `Nothing serves ${ctx.path} (404): the route file is missing or misnamed, the path has a typo, or next.config sets a basePath the path must include. Vercel calls the path exactly as ${ctx.configFile ?? 'vercel.json'} writes it, so every run would get this 404, silently.`,
    );
  }
  if (status === 405) {
    const allow = response.headers.allow ? ` The route allows: ${response.headers.allow}.` : '';
    return result(
      false,
      `The route has no GET handler (405).${allow} Vercel cron jobs always send GET, so a route exporting only POST never runs in production. Export a GET handler (for example \`export { POST as GET }\`).`,
    );
  }
  if (status >= 500) {
    return result(false, `The route failed with ${status}: the dev server's terminal shows the error. A real run fails the same way, and Vercel does not retry failed cron runs.`);
  }
  return result(false, `The route answered ${status}: Vercel would count this run as failed.`);
}

function explainRedirect(response: HttpResponse, ctx: ExplainContext): string {
  const location = response.headers.location;
  let target: URL | undefined;
  try {
    target = location ? new URL(location, ctx.url) : undefined;
  } catch {
    target = undefined;
  }
  const pointed = location ? ` It pointed to ${target ? target.href : location}.` : ' It gave no Location.';
  const base = `Vercel does not follow redirects: a real run stops at this ${response.status} and the job never runs, while the run still looks fine.${pointed}`;
  const pathname = ctx.url.pathname;
  if (target && target.origin === ctx.url.origin && (target.pathname === `${pathname}/` || `${target.pathname}/` === pathname)) {
    return `${base} That is next.config's trailingSlash: write the path in ${ctx.configFile ?? 'vercel.json'} as ${target.pathname}${target.search}.`;
  }
  return `${base} Usually middleware, a proxy or an auth layer redirects requests it does not recognise: let requests with the CRON_SECRET through, or leave the cron path out of its matcher.`;
}

function explainRefused(response: HttpResponse, ctx: ExplainContext, headline: string): Explanation {
  const code = response.status;
  const secret = ctx.secret;
  switch (secret.kind) {
    case 'env-file':
      return {
        ok: false,
        headline,
        explanation: `The route refused the CRON_SECRET from ${secret.file} (${code}). It compares against a different value: a CRON_SECRET in the dev server's own environment wins over env files, env files edited after next dev started need a restart, or the route reads another variable.`,
        action: undefined,
      };
    case 'secret-storage':
      return {
        ok: false,
        headline,
        explanation: `The route refused the CRON_SECRET stored in VS Code (${code}): it differs from the one the dev server reads. Replace the stored secret, or put CRON_SECRET in the app's .env.local, which wins.`,
        action: 'store-secret',
      };
    case 'empty':
      return {
        ok: false,
        headline,
        explanation: `The route refused the request (${code}): CRON_SECRET is empty in ${secret.file}, so no Authorization header was sent. Vercel sends \`Authorization: Bearer <CRON_SECRET>\` when the project sets it: give it a value of 16 or more random characters.`,
        action: undefined,
      };
    case 'none':
      return {
        ok: false,
        headline,
        explanation: `The route refused the request (${code}): no CRON_SECRET was sent, since none is set in ${secret.searched.join(', ')}${ctx.surface === 'editor' ? ' or in VS Code secret storage' : ''}. Vercel sends \`Authorization: Bearer <CRON_SECRET>\` when the project sets it: add CRON_SECRET to the app's .env.local so the dev server and ${setting(ctx, 'this command', 'the trigger')} share it${ctx.surface === 'editor' ? ", or, when the dev server gets it from its environment (a secret manager), store the same value in VS Code" : ''}.`,
        action: ctx.surface === 'editor' ? 'store-secret' : undefined,
      };
    case 'untrusted':
      return {
        ok: false,
        headline,
        explanation: `The route refused the request (${code}): no CRON_SECRET was sent because the workspace is not trusted, and env files and stored secrets are not read there. Trust the workspace to send the app's CRON_SECRET.`,
        action: undefined,
      };
  }
}

/** What to do about a header that cannot be sent. */
function invalidHeaderAdvice(header: string | undefined, configFile = 'vercel.json'): string {
  switch (header) {
    case 'authorization':
      return ' vercel build refuses such a secret too (INVALID_CRON_SECRET); a copied line break is the usual cause. Generate one with printable characters only (openssl rand -hex 32).';
    case 'x-vercel-cron-schedule':
      return ` Vercel sends the schedule in this header: correct it in ${configFile} (next-cron-routes check says what is wrong with it).`;
    default:
      return '';
  }
}

function explainFailure(failure: HttpFailure, ctx: ExplainContext): Explanation {
  const result = (headline: string, explanation: string, action?: TriggerAction): Explanation => ({ ok: false, headline, explanation, action });
  switch (failure.code) {
    case 'ECONNREFUSED':
      return result(
        'Connection refused',
        `Nothing is listening at ${hostPort(ctx.url)}: the dev server is not running there. Start the app's dev script (next dev), or point ${setting(ctx, '--base-url', 'nextCronRoutes.baseUrl')} at the port it listens on.`,
        'start-dev-server',
      );
    case TIMEOUT:
      return result(
        'Timed out',
        `No response within ${ctx.timeoutSeconds} s, so the request was abandoned; the route may still be running in the dev server. On Vercel a run is stopped at the function's maxDuration. If the job is meant to take longer, raise ${setting(ctx, '--timeout', 'nextCronRoutes.triggerTimeoutSeconds')}.`,
      );
    case CANCELLED:
      return result('Cancelled', `Stopped waiting after ${failure.durationMs} ms; the route may still be running in the dev server.`);
    case INVALID_HEADER_VALUE:
      return result('Not sent', `Nothing was sent: ${failure.message}.${invalidHeaderAdvice(failure.header, ctx.configFile)}`);
    case NOT_LOOPBACK:
      return result('Not sent', `${ctx.url.hostname} resolved to an address that is not this machine (${failure.message}), so nothing was sent. Check the hosts file, or name the address itself.`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return result('Unknown host', `The host ${ctx.url.hostname} could not be resolved (${failure.code}).`);
    case 'ECONNRESET':
    case 'EPIPE':
      return result('Connection closed', `The server closed the connection without an answer (${failure.code}): the dev server crashed, restarted, or is not an HTTP server.`);
    case 'EPROTO':
      return result('Not HTTPS', `The server at ${hostPort(ctx.url)} did not answer in TLS (${failure.message}): next dev serves http:// unless started with --experimental-https.`);
    default:
      if (failure.code.startsWith('HPE_')) {
        return result('Not HTTP', `Node could not parse the answer from ${hostPort(ctx.url)} (${failure.message}, ${failure.code}): another program may be listening there, or the route sends malformed headers or more than 16 KiB of them.`);
      }
      if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(failure.code)) {
        return result('Certificate not trusted', `The dev server's certificate is not trusted by Node (${failure.code}): a local certificate authority (mkcert, --experimental-https) is not in Node's store. Use the http:// URL, or start Node with NODE_EXTRA_CA_CERTS pointing at that authority.`);
      }
      return result('Request failed', `Node reported: ${failure.message} (${failure.code}).`);
  }
}

/**
 * Every reader of schedulers written in the project's files (source.ts). The service asks each
 * about every listed file whose name SCANNED_FILE matches, so a new source plugs in by being listed
 * here: its jobs then get hovers, lenses, `jobs`, `check` and the language server with no other code.
 */
import { cronerReader } from './croner';
import { inngestReader } from './inngest';
import { nodeCronReader } from './node-cron';
import { nodeScheduleReader } from './node-schedule';
import { qstashReader } from './qstash';
import { githubActionsReader } from './githubActions';
import { netlifyReader } from './netlify';
import type { JobSourceReader } from './source';
import { triggerDevReader } from './trigger-dev';

export const SCHEDULER_SOURCES: readonly JobSourceReader[] = [qstashReader, triggerDevReader, nodeCronReader, nodeScheduleReader, cronerReader, inngestReader, githubActionsReader, netlifyReader];

/**
 * The files whose text is read to ask the readers: scripts (TypeScript and JavaScript, not
 * declaration files), YAML workflows and TOML configuration. Every other file is never read.
 */
export const SCANNED_FILE = /^(?!.*\.d\.[cm]?ts$).*\.(?:[cm]?[jt]sx?|ya?ml|toml)$/;

/**
 * A text that holds none of these gets nothing from the readers (ANY_READER_TOKEN) nor from the
 * scheduler file rules (rules/index.ts ANY_RULE_TOKEN): a check scans each of its files once with
 * this before either. Factored by hand (`s(?:chedule|etInterval)`, `pstash` in any case for both
 * QStash tokens). A script needs no request words (`curl`, `wget`, `http`: only workflow files
 * are read for requests), and each alternative costs every position of the scan: 2,000 bench
 * routes take 1.4 ms with the script tokens, 2.1 with all, 2.6 with the two scans this replaced.
 * test/unit/core/schedulers/registry.test.ts holds both to the prefilters they stand for.
 */
const ANY_SCRIPT_SCHEDULER_TOKEN = /s(?:chedule|etInterval)|node-|croner|createFunction|[pP][sS][tT][aA][sS][hH]|@trigger\.dev\/sdk|\.publish/;
const ANY_SCHEDULER_TOKEN = /s(?:chedule|etInterval)|node-|croner|createFunction|[pP][sS][tT][aA][sS][hH]|@trigger\.dev\/sdk|\.publish|curl|wget|http/;
const SCRIPT_NAME = /\.[cm]?[jt]sx?$/;

/** Whether a reader may declare jobs in the file, or a scheduler file rule may report in it. */
export function mayConcernSchedulers(file: string, text: string): boolean {
  return (SCRIPT_NAME.test(file) ? ANY_SCRIPT_SCHEDULER_TOKEN : ANY_SCHEDULER_TOKEN).test(text);
}

/**
 * A text that holds none of these declares nothing any reader reads: every reader's `mayDeclare`
 * needs one of them (test/unit/core/schedulers/registry.test.ts holds them to it). One scan of a
 * route's text instead of one per reader: 2,000 routes of the bench took 1.1 ms instead of 3.7.
 */
const ANY_READER_TOKEN = /schedule|node-cron|croner|createFunction|@upstash\/qstash|@trigger\.dev\/sdk/;

/** The readers that may declare jobs in a file, asked only when the file holds one of their tokens. */
export function readersOf(file: string, text: string): JobSourceReader[] {
  return ANY_READER_TOKEN.test(text) ? SCHEDULER_SOURCES.filter((reader) => reader.mayDeclare(file, text)) : [];
}

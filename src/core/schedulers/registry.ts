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

/**
 * The jobs of a project's code and workflows as Trigger Cron Route lists them (#20): QStash
 * destinations to send, the others with how they are run. A module of its own, not part of
 * facade/trigger.ts: it reads jobs through the schedulers' presentation (the cron engine, the YAML
 * parser), which the language server and the CLI carry and the extension's bundle must not.
 */
export { codeTriggerEntries, type CodeTriggerEntry, type ExplainedTriggerEntry, type QStashTriggerEntry } from '../schedulers/triggerable';

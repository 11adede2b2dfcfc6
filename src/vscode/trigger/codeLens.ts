// "▶ Trigger" lenses come from the language server (src/lsp/triggerData.ts); the command is the extension's.
export { TRIGGER_COMMAND, TRIGGER_TITLE } from '../protocol';

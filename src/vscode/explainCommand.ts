import * as vscode from 'vscode';
import { DIALECT_IDS, DIALECTS, type DialectId, dialectForFile, explainSchedule, isDialectId, scheduleAt, scheduleReport } from '../core/facade/schedules';
import type { Settings } from '../core/service';
import type { Clock } from './clock';
import { displayTimeZone, getSettings } from './settings';

export const EXPLAIN_COMMAND = 'nextCronRoutes.explainSchedule';

interface ExplainArgs {
  expression?: string;
  dialect?: string;
}

let output: vscode.OutputChannel | undefined;
function channel(): vscode.OutputChannel {
  return (output ??= vscode.window.createOutputChannel('Next Cron Routes'));
}

/** The open picker as the editor shows it: what tests read (through the extension's API) to drive it. */
export interface ExplainPickState {
  /** The expression typed (or prefilled) in the input. */
  value: string;
  /** The highlighted scheduler's label. */
  active: string | undefined;
  /** Every scheduler in the list, top to bottom, with its live verdict. */
  items: { label: string; description: string }[];
}

let openPick: (() => ExplainPickState) | undefined;
export function explainPickState(): ExplainPickState | undefined {
  return openPick?.();
}

interface DialectItem extends vscode.QuickPickItem {
  id: DialectId;
}

/** One scheduler's line: what the typed expression means there, or its first problem. */
function itemFor(id: DialectId, expression: string, settings: Settings, now: Date, isDefault: boolean): DialectItem {
  const label = DIALECTS[id].label;
  // alwaysShow: the input holds the expression, not a filter over scheduler names.
  const item: DialectItem = { id, label, alwaysShow: true };
  if (!expression.trim()) {
    item.description = isDefault ? 'this file’s scheduler' : '';
    return item;
  }
  const { problems, description } = explainSchedule(expression, { dialect: id, plan: settings.plan, rules: settings.rules, from: now, runs: 0 });
  const error = problems.find((p) => p.severity === 'error');
  const warning = problems.find((p) => p.severity === 'warning');
  if (error) {
    item.description = `$(error) not valid here · ${error.code}`;
    item.detail = error.message;
  } else if (warning) {
    item.description = `$(warning) ${warning.code}`;
    item.detail = warning.message;
  } else {
    item.description = `$(check) ${description ?? 'valid'}`;
  }
  return item;
}

/**
 * One picker: type the expression (prefilled with the schedule under the cursor), see at once
 * what every scheduler makes of it, and press Enter on the one you mean. The scheduler of the
 * active file is on top and highlighted, so Enter alone explains it for that file.
 */
function pickExpression(initial: string, preferred: DialectId, settings: Settings, now: Date): Promise<{ expression: string; dialect: DialectId } | undefined> {
  const order = [preferred, ...DIALECT_IDS.filter((id) => id !== preferred)];
  const pick = vscode.window.createQuickPick<DialectItem>();
  pick.title = 'Explain a cron schedule';
  pick.placeholder = 'Type a cron expression (such as 0 3 * * *), then Enter on its scheduler';
  pick.matchOnDescription = false;
  pick.matchOnDetail = false;
  let chosen: DialectId = preferred;
  let active: DialectId | undefined;
  /** New items make the editor highlight the top one and report it; that report is not the user's choice. */
  let resetReport = false;
  const render = () => {
    const items = order.map((id) => itemFor(id, pick.value, settings, now, id === preferred));
    pick.items = items;
    // Keep the scheduler the user moved to highlighted while they type.
    pick.activeItems = items.filter((i) => i.id === chosen);
    // The editor does not echo a highlight set here, only the reset to the top it may do first.
    active = chosen;
    resetReport = chosen !== order[0];
  };
  return new Promise((resolve) => {
    let result: { expression: string; dialect: DialectId } | undefined;
    pick.onDidChangeValue(render);
    pick.onDidChangeActive((items) => {
      const id = items[0]?.id;
      const ignore = resetReport && id === order[0];
      resetReport = false;
      if (ignore) return;
      active = id;
      if (id) chosen = id;
    });
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0] ?? pick.activeItems[0];
      if (!pick.value.trim()) {
        pick.placeholder = 'Type the cron expression to explain first (such as 0 3 * * *)';
        return;
      }
      if (!item) return;
      result = { expression: pick.value.trim(), dialect: item.id };
      pick.hide();
    });
    pick.onDidHide(() => {
      openPick = undefined;
      pick.dispose();
      resolve(result);
    });
    openPick = () => ({ value: pick.value, active: active && DIALECTS[active].label, items: pick.items.map((i) => ({ label: i.label, description: i.description ?? '' })) });
    pick.value = initial;
    render();
    pick.show();
  });
}

/**
 * "Explain Cron Schedule": the expression first (the schedule under the cursor, or typed),
 * the scheduler defaulting from the active file (vercel.json → Vercel, a GitHub workflow →
 * GitHub Actions, else Vercel), then the description and next runs in the output channel.
 * Returns the report text. Callers may pass `{ expression, dialect }` and skip the picker.
 */
export function registerExplainCommand(clock: Clock): vscode.Disposable {
  return vscode.commands.registerCommand(EXPLAIN_COMMAND, async (args?: ExplainArgs) => {
    const editor = vscode.window.activeTextEditor;
    const document = editor?.document;
    const settings = getSettings(document?.uri);
    const underCursor = document && editor ? scheduleAt(document.uri.path, document.getText(), document.offsetAt(editor.selection.active)) : undefined;
    const fileDialect = underCursor?.dialect ?? (document ? dialectForFile(document.uri.path) : 'vercel');
    const asked = args?.dialect && isDialectId(args.dialect) ? args.dialect : undefined;
    const choice =
      args?.expression !== undefined
        ? { expression: args.expression, dialect: asked ?? fileDialect }
        : await pickExpression(underCursor?.expression ?? '', asked ?? fileDialect, settings, clock.now());
    if (!choice) return undefined;
    const explanation = explainSchedule(choice.expression, { dialect: choice.dialect, plan: settings.plan, rules: settings.rules, from: clock.now(), runs: 5 });
    const text = scheduleReport(explanation, { displayZone: displayTimeZone(settings), now: clock.now() });
    channel().appendLine(text);
    channel().appendLine('');
    channel().show(true);
    return text;
  });
}

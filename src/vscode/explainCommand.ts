import * as vscode from 'vscode';
import { DIALECT_IDS, DIALECTS, type DialectId, isDialectId } from '../core/cron/dialects';
import { explainCron } from '../core/cron/engine';
import { formatExplanationText } from '../core/cron/report';
import { applyRuleOverrides } from '../core/settings';
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

async function pickDialect(): Promise<DialectId | undefined> {
  const items = DIALECT_IDS.map((id) => ({ label: DIALECTS[id].label, description: id, id }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Explain a cron schedule: which scheduler?' });
  return picked?.id;
}

/**
 * "Explain Cron Schedule": type or pass an expression, see problems as you type, and get the
 * description and next runs in the output channel. Returns the report text.
 */
export function registerExplainCommand(clock: Clock): vscode.Disposable {
  return vscode.commands.registerCommand(EXPLAIN_COMMAND, async (args?: ExplainArgs) => {
    const dialect = args?.dialect && isDialectId(args.dialect) ? args.dialect : args?.expression ? 'vercel' : await pickDialect();
    if (!dialect) return undefined;
    const scope = vscode.window.activeTextEditor?.document.uri;
    const settings = getSettings(scope);
    const explain = (expression: string) =>
      explainCron(expression, { dialect, plan: settings.plan, from: clock.now(), runs: 5 });
    const expression =
      args?.expression ??
      (await vscode.window.showInputBox({
        title: `Explain a ${DIALECTS[dialect].label} schedule`,
        placeHolder: '0 3 * * *',
        validateInput: (value) => {
          if (!value.trim()) return undefined;
          const problems = applyRuleOverrides(explain(value).problems, settings.rules);
          const first = problems[0];
          if (!first) return undefined;
          const severity = first.severity === 'error' ? vscode.InputBoxValidationSeverity.Error : vscode.InputBoxValidationSeverity.Warning;
          return { message: first.message, severity };
        },
      }));
    if (expression === undefined) return undefined;
    const explanation = explain(expression);
    const problems = applyRuleOverrides(explanation.problems, settings.rules);
    const valid = !problems.some((p) => p.severity === 'error');
    const text = formatExplanationText({ ...explanation, problems, valid }, { displayZone: displayTimeZone(settings), now: clock.now() });
    channel().appendLine(text);
    channel().appendLine('');
    channel().show(true);
    return text;
  });
}

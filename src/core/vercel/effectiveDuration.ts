import { firstMatchingPattern } from '../next/functionsGlob';
import type { VercelDoc } from './model';
import type { ProjectView } from './project';

export interface EffectiveDuration {
  value: number | 'max' | 'non-literal';
  source: 'route export' | 'pages config' | 'vercel.json functions';
  /** The functions key that supplied it. */
  pattern?: string;
}

/**
 * A route's maxDuration as Vercel applies it: the route's own export overrides vercel.json,
 * where the first matching `functions` key wins (platform-facts §2).
 */
export function effectiveMaxDuration(doc: VercelDoc, project: ProjectView, file: string): EffectiveDuration | undefined {
  const exports = project.routeExports(file);
  const own = exports?.values.get('maxDuration');
  if (own) return { value: typeof own.literal === 'number' ? own.literal : own.literal === 'max' ? 'max' : 'non-literal', source: 'route export' };
  const config = exports?.values.get('config');
  if (config?.init && /maxDuration\s*:\s*(\d+)/.test(config.init.getText(exports!.sourceFile))) {
    return { value: Number(/maxDuration\s*:\s*(\d+)/.exec(config.init.getText(exports!.sourceFile))![1]), source: 'pages config' };
  }
  const pattern = firstMatchingPattern(file, doc.functions.map((f) => f.pattern));
  const entry = doc.functions.find((f) => f.pattern === pattern);
  const node = entry?.maxDuration?.node;
  if (!node) return undefined;
  if (node.type === 'number') return { value: Number(node.value), source: 'vercel.json functions', pattern };
  if (node.type === 'string' && node.value === 'max') return { value: 'max', source: 'vercel.json functions', pattern };
  return { value: 'non-literal', source: 'vercel.json functions', pattern };
}

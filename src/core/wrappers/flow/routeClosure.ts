import type { RouteRuleContext } from '../../routes/context';
import { cleanClosure, type Closure } from './prefilter';

/**
 * The import-closure reading of the route being checked, shared by its two wrapper hints (they run
 * one after the other). The slot is keyed by the route's `cronPaths` array, which each check makes
 * afresh for each route and which holds only strings: no syntax tree outlives the check through
 * it, and a later check never reads an earlier one's answer. A WeakMap keyed by the context cost
 * more in garbage collection than reading the closure twice.
 */
let slot: { key: readonly string[]; closure: Closure } | undefined;

export function routeClosure(ctx: RouteRuleContext): Closure {
  if (slot?.key === ctx.cronPaths) return slot.closure;
  const closure = cleanClosure(ctx.project, ctx.file);
  slot = { key: ctx.cronPaths, closure };
  return closure;
}

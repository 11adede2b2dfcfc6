import type { Fix } from '../diagnostics';

/**
 * Alternatives of one action (a duplicate-run guard per store) become one code action; when
 * several fit, a quick pick asks which. Others are offered as they are.
 */
export function groupVariants(fixes: readonly Fix[]): (Fix | Fix[])[] {
  const out: (Fix | Fix[])[] = [];
  const groups = new Map<string, Fix[]>();
  for (const fix of fixes) {
    if (!fix.variant) {
      out.push(fix);
      continue;
    }
    let group = groups.get(fix.variant.group);
    if (!group) {
      group = [];
      groups.set(fix.variant.group, group);
      out.push(group);
    }
    group.push(fix);
  }
  // A group that need not ask is its first (default) variant.
  return out.map((entry) => (Array.isArray(entry) && !entry.some((f) => f.variant?.ask) ? entry[0]! : entry));
}

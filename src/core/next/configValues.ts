/** What the next.config reader knows of a value: a literal, a function to read returns from, or unknown. */

export interface ObjValue {
  k: 'obj';
  props: Map<string, Value>;
}
export type Value =
  | { k: 'str'; v: string }
  | { k: 'bool'; v: boolean }
  | { k: 'arr'; items: Value[] }
  | ObjValue
  /** A function whose returned config is read from `return` statements or its expression body. */
  | { k: 'fn'; body: number; expressionBody: boolean }
  | { k: 'unknown' };

export const UNKNOWN: Value = { k: 'unknown' };

/**
 * One value for several possible returns (`if (phase === …) return a; return b`): an option
 * keeps its value only when every alternative agrees on it.
 */
export function mergeAlternatives(values: Value[]): Value {
  if (values.length === 0) return UNKNOWN;
  if (values.length === 1) return values[0];
  if (!values.every((v) => v.k === 'obj')) return values.every((v) => sameValue(v, values[0])) ? values[0] : UNKNOWN;
  const objects = values as ObjValue[];
  const keys = new Set(objects.flatMap((o) => [...o.props.keys()]));
  const props = new Map<string, Value>();
  for (const key of keys) {
    const each = objects.map((o) => o.props.get(key));
    if (each.some((v) => v === undefined)) props.set(key, UNKNOWN);
    else props.set(key, mergeAlternatives(each as Value[]));
  }
  return { k: 'obj', props };
}

function sameValue(a: Value, b: Value): boolean {
  if (a.k === 'str' && b.k === 'str') return a.v === b.v;
  if (a.k === 'bool' && b.k === 'bool') return a.v === b.v;
  if (a.k === 'arr' && b.k === 'arr') return a.items.length === b.items.length && a.items.every((x, i) => sameValue(x, b.items[i]));
  return false;
}

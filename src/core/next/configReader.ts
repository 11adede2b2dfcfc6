/**
 * Evaluates the literal parts of a next.config file from its tokens, starting at what it
 * exports: objects, arrays, strings, booleans, local constants, spreads, and functions whose
 * returns agree. Everything else is unknown. Step and depth budgets keep hostile input cheap.
 */
import { isIdent, isPunct, matchBrackets, OPEN, type Token } from './configTokens';
import { mergeAlternatives, type ObjValue, UNKNOWN, type Value } from './configValues';

/** The options this reader looks for, also as `nextConfig.basePath = …` assignments. */
export const TOP_KEYS = ['basePath', 'trailingSlash', 'skipTrailingSlashRedirect', 'pageExtensions', 'cacheComponents'];

/** Words that take `(…) {` without being a method definition. */
const CONTROL_WORDS = new Set(['if', 'for', 'while', 'switch', 'catch', 'with', 'function']);
const MAX_DEPTH = 24;
/** Longer than any real type annotation between `const name` and its `=`. */
const MAX_ANNOTATION_TOKENS = 256;
/** Tokens that end an expression (with depth 0). */
const ENDERS = new Set([',', ';', ')', ']', '}']);

/** Evaluates the literal parts of a config file, starting from what it exports. */
export class ConfigReader {
  /** Top-level-first declarations: name → index of the initializer, or the function. */
  private readonly decls = new Map<string, { at: number; depth: number; fn?: boolean }>();
  private depth = 0;
  /** Names looked up while reading the export: the config's variables, for mutations. */
  private readonly resolvedNames = new Set<string>();
  /** Each name is evaluated once; a cycle (`const a = b; const b = a`) reads as unknown. */
  private readonly resolved = new Map<string, Value>();
  /** For each opening bracket, the index after its partner (hostile input stays linear). */
  private readonly closing: Int32Array;
  /** Expressions left to evaluate: a pathological file gets `unknown`, never a hang. */
  private budget = 5_000;
  /** Token steps left for forward scans, which keeps the total work linear in the file. */
  private steps = 1_000_000;

  constructor(private readonly t: Token[]) {
    this.closing = matchBrackets(t);
    this.collectDeclarations();
  }

  /** The exported config: the last `module.exports =` / `export default` wins, like at runtime. */
  readExport(): Value | undefined {
    let at = -1;
    let name: string | undefined;
    const t = this.t;
    for (let i = 0; i < t.length; i++) {
      if (isIdent(t[i], 'module') && isPunct(t[i + 1], '.') && isIdent(t[i + 2], 'exports') && isPunct(t[i + 3], '=')) at = i + 4;
      else if (isIdent(t[i], 'export') && isIdent(t[i + 1], 'default')) at = i + 2;
      else if (isIdent(t[i], 'export') && isPunct(t[i + 1], '{')) {
        // export { nextConfig as default }
        for (let j = i + 2; j < t.length && !isPunct(t[j], '}'); j++) {
          if (isIdent(t[j], 'as') && isIdent(t[j + 1], 'default') && isIdent(t[j - 1])) name = t[j - 1].value;
        }
      }
    }
    let value: Value;
    if (at >= 0) {
      if (isIdent(t[at], 'async')) at++;
      value = isIdent(t[at], 'function') ? this.functionAt(at) : this.expr(at).value;
    } else if (name !== undefined) value = this.resolveName(name);
    else return undefined;
    // Next calls a function config with the phase and reads what it returns.
    if (value.k === 'fn') value = this.returned(value);
    if (value.k === 'obj') this.applyMutations(value);
    return value;
  }

  /**
   * `nextConfig.basePath = '/docs'` after the declaration (or `module.exports.basePath = …`).
   * An unconditional top-level assignment sets the option; any other (inside `if`, a function)
   * makes it unreadable.
   */
  private applyMutations(config: ObjValue): void {
    const t = this.t;
    let depth = 0;
    for (let i = 0; i < t.length; i++) {
      const tok = t[i];
      if (tok.type === 'punct' && tok.value in OPEN) depth++;
      else if (tok.type === 'punct' && (tok.value === ')' || tok.value === ']' || tok.value === '}')) depth--;
      if (!isIdent(tok) || isPunct(t[i - 1], '.')) continue;
      let j = i;
      if (isIdent(tok, 'module') && isPunct(t[i + 1], '.') && isIdent(t[i + 2], 'exports')) j = i + 2;
      else if (!this.resolvedNames.has(tok.value)) continue;
      const path: string[] = [];
      while (isPunct(t[j + 1], '.') && isIdent(t[j + 2])) {
        path.push(t[j + 2].value);
        j += 2;
      }
      if (!isPunct(t[j + 1], '=') || path.length === 0 || path.length > 2) continue;
      const option =
        path.length === 1
          ? TOP_KEYS.includes(path[0]) || path[0] === 'experimental'
          : path[0] === 'experimental' && path[1] === 'cacheComponents';
      if (!option) continue;
      let value = UNKNOWN;
      if (depth === 0 && this.isStatementStart(i)) {
        const e = this.expr(j + 2);
        value = e.value;
        i = Math.max(i, e.end - 1); // balanced, so `depth` stays right
      }
      if (path.length === 1) config.props.set(path[0], value);
      else {
        const parent = config.props.get(path[0]);
        if (parent?.k === 'obj') parent.props.set(path[1], value);
        else if (parent === undefined) config.props.set(path[0], { k: 'obj', props: new Map([[path[1], value]]) });
      }
    }
  }

  /** Whether the statement at `i` runs unconditionally (not the body of an `if`/`else`). */
  private isStatementStart(i: number): boolean {
    const prev = this.t[i - 1];
    if (!prev || isPunct(prev, ';') || isPunct(prev, '}')) return true;
    if (!this.t[i].nl) return false;
    return !isIdent(prev, 'else') && !isIdent(prev, 'return') && prev.type !== 'punct';
  }

  private collectDeclarations(): void {
    const t = this.t;
    let depth = 0;
    for (let i = 0; i < t.length; i++) {
      const tok = t[i];
      if (tok.type === 'punct' && (tok.value === '{' || tok.value === '(' || tok.value === '[')) depth++;
      else if (tok.type === 'punct' && (tok.value === '}' || tok.value === ')' || tok.value === ']')) depth--;
      else if (isIdent(tok, 'function') && isIdent(t[i + 1])) this.declare(t[i + 1].value, i, depth, true);
      else if ((isIdent(tok, 'const') || isIdent(tok, 'let') || isIdent(tok, 'var')) && isIdent(t[i + 1])) {
        // Skip a type annotation (`: NextConfig`, `: Record<string, X>`) up to the `=`.
        let j = i + 2;
        let d = 0;
        const limit = Math.min(t.length, j + MAX_ANNOTATION_TOKENS);
        while (j < limit && !(d === 0 && (isPunct(t[j], '=') || isPunct(t[j], ';')))) {
          if (t[j].type === 'punct' && t[j].value in OPEN) d++;
          else if (t[j].type === 'punct' && ENDERS.has(t[j].value) && t[j].value !== ',' && t[j].value !== ';') d--;
          if (d < 0 || (d === 0 && isPunct(t[j], ','))) break;
          j++;
        }
        if (isPunct(t[j], '=')) this.declare(t[i + 1].value, j + 1, depth, false);
      }
    }
  }

  private declare(name: string, at: number, depth: number, fn: boolean): void {
    const seen = this.decls.get(name);
    if (!seen || depth < seen.depth) this.decls.set(name, { at, depth, fn });
  }

  private resolveName(name: string): Value {
    const d = this.decls.get(name);
    if (!d || this.depth > MAX_DEPTH) return UNKNOWN;
    this.resolvedNames.add(name);
    const known = this.resolved.get(name);
    if (known) return known;
    this.resolved.set(name, UNKNOWN);
    this.depth++;
    try {
      const value = d.fn ? this.functionAt(d.at) : this.expr(d.at).value;
      this.resolved.set(name, value);
      return value;
    } finally {
      this.depth--;
    }
  }

  /** `function name(…) { … }` at `at` (the `function` keyword). */
  private functionAt(at: number): Value {
    let i = at + 1;
    if (isPunct(this.t[i], '*')) i++;
    if (isIdent(this.t[i])) i++;
    i = this.skipBalanced(i); // parameters
    while (i < this.t.length && !isPunct(this.t[i], '{') && --this.steps >= 0) i++; // return type annotation
    return { k: 'fn', body: i, expressionBody: false };
  }

  /** Index after the bracket group opening at `i` (or `i` itself when nothing opens there). */
  private skipBalanced(i: number): number {
    return i >= 0 && i < this.t.length && this.closing[i] > 0 ? this.closing[i] : i;
  }

  /** Index of the token ending the expression that starts at `i` (depth 0 `,;)]}`, or ASI). */
  private skipExpr(i: number): number {
    let j = i;
    while (j < this.t.length) {
      if (--this.steps < 0) return this.t.length;
      const tok = this.t[j];
      if (tok.type === 'punct' && ENDERS.has(tok.value)) return j;
      const next = this.skipBalanced(j);
      j = next === j ? j + 1 : next;
    }
    return j;
  }

  /** Evaluates the expression at `i`; anything beyond a literal-ish shape is `unknown`. */
  private expr(i: number): { value: Value; end: number } {
    if (this.depth > MAX_DEPTH || --this.budget < 0) return { value: UNKNOWN, end: this.skipExpr(i) };
    this.depth++;
    try {
      const primary = this.primary(i);
      let { value } = primary;
      let j = primary.end;
      const t = this.t;
      // TypeScript-only tails: `as const`, `satisfies NextConfig`, a non-null `!`.
      for (;;) {
        if (isPunct(t[j], '!') && !isPunct(t[j + 1], '=')) j++;
        else if ((isIdent(t[j], 'as') || isIdent(t[j], 'satisfies')) && !t[j].nl) j = this.skipType(j + 1);
        else break;
      }
      const tok = t[j];
      const ended = !tok || (tok.type === 'punct' && ENDERS.has(tok.value)) || (tok.nl && tok.type !== 'punct');
      if (!ended) {
        value = UNKNOWN; // an operator follows: `a || b`, `x ? y : z`, `'/' + base`
        j = this.skipExpr(j);
      }
      return { value, end: j };
    } finally {
      this.depth--;
    }
  }

  /** Skips a type after `as`/`satisfies`: `NextConfig`, `import('next').NextConfig`, `A<B>[]`. */
  private skipType(i: number): number {
    const t = this.t;
    let j = i;
    if (isIdent(t[j], 'import') && isPunct(t[j + 1], '(')) j = this.skipBalanced(j + 1);
    else if (isIdent(t[j])) j++;
    else return j;
    while (isPunct(t[j], '.') && isIdent(t[j + 1])) j += 2;
    if (isPunct(t[j], '<')) {
      let angle = 0;
      const closes: Record<string, number> = { '<': 1, '>': -1, '>>': -2, '>>>': -3 };
      do {
        angle += t[j].type === 'punct' ? (closes[t[j].value] ?? 0) : 0;
        j++;
      } while (j < t.length && angle > 0 && !isPunct(t[j], ';'));
    }
    while (isPunct(t[j], '[') && isPunct(t[j + 1], ']')) j += 2;
    return j;
  }

  private primary(i: number): { value: Value; end: number } {
    const t = this.t;
    const tok = t[i];
    if (!tok) return { value: UNKNOWN, end: i };
    if (isIdent(tok, 'await')) return this.primary(i + 1);
    const arrow = this.arrowAt(i);
    if (arrow) return arrow;
    if (isIdent(tok, 'function')) {
      const fn = this.functionAt(i);
      return { value: fn, end: this.skipBalanced((fn as { body: number }).body) };
    }
    let value: Value;
    let j = i + 1;
    if (tok.type === 'str') value = tok.dynamic ? UNKNOWN : { k: 'str', v: tok.value };
    else if (isIdent(tok, 'true') || isIdent(tok, 'false')) value = { k: 'bool', v: tok.value === 'true' };
    else if (isPunct(tok, '{')) ({ value, end: j } = this.object(i));
    else if (isPunct(tok, '[')) ({ value, end: j } = this.array(i));
    else if (isPunct(tok, '(')) {
      const inner = this.expr(i + 1);
      value = isPunct(t[inner.end], ')') ? inner.value : UNKNOWN;
      j = this.skipBalanced(i);
    } else if (tok.type === 'ident') value = this.resolveName(tok.value);
    else if (tok.type === 'num' || tok.type === 'regex') value = UNKNOWN;
    else return { value: UNKNOWN, end: this.skipExpr(i) };
    return this.suffixes(value, j);
  }

  /** Member access and calls after a primary expression. */
  private suffixes(start: Value, i: number): { value: Value; end: number } {
    const t = this.t;
    let value = start;
    let j = i;
    for (;;) {
      const tok = t[j];
      if (!tok || tok.type !== 'punct' || (tok.nl && tok.value === '(')) break;
      if ((tok.value === '.' || tok.value === '?.') && isIdent(t[j + 1])) {
        value = value.k === 'obj' ? (value.props.get(t[j + 1].value) ?? UNKNOWN) : UNKNOWN;
        j += 2;
      } else if (tok.value === '(' || (tok.value === '?.' && isPunct(t[j + 1], '('))) {
        if (tok.value === '?.') j++;
        value = this.call(value, j);
        j = this.skipBalanced(j);
      } else if (tok.value === '[') {
        const key = this.expr(j + 1).value;
        value = value.k === 'obj' && key.k === 'str' ? (value.props.get(key.v) ?? UNKNOWN) : UNKNOWN;
        j = this.skipBalanced(j);
      } else break;
    }
    return { value, end: j };
  }

  /**
   * A call. Calling a local function reads what it returns; any other call is taken to be a
   * config plugin (`withSentryConfig(nextConfig, opts)`, `withPWA(opts)(nextConfig)`), whose
   * result is its first argument that is not an array, a callback or a plain string/boolean
   * (`withPlugins([…plugins], nextConfig)`, `plugins.reduce((acc, p) => p(acc), nextConfig)`).
   */
  private call(callee: Value, open: number): Value {
    if (callee.k === 'fn') return this.returned(callee);
    for (const arg of this.args(open)) {
      if (arg.k !== 'arr' && arg.k !== 'str' && arg.k !== 'bool' && arg.k !== 'fn') return arg;
    }
    return UNKNOWN;
  }

  private args(open: number): Value[] {
    const out: Value[] = [];
    let j = open + 1;
    while (j < this.t.length && !isPunct(this.t[j], ')')) {
      const spread = isPunct(this.t[j], '...');
      const e = this.expr(spread ? j + 1 : j);
      out.push(spread ? UNKNOWN : e.value);
      if (!isPunct(this.t[e.end], ',')) break;
      j = e.end + 1;
    }
    return out;
  }

  /** `(a, b) => …`, `async x => …`, `(phase): NextConfig => …` starting at `i`. */
  private arrowAt(i: number): { value: Value; end: number } | undefined {
    const t = this.t;
    let j = isIdent(t[i], 'async') && !isPunct(t[i + 1], '=>') ? i + 1 : i;
    if (isIdent(t[j])) j++;
    else if (isPunct(t[j], '(')) j = this.skipBalanced(j);
    else return undefined;
    if (isPunct(t[j], ':')) {
      // A return type annotation, up to the arrow.
      while (j < t.length && !isPunct(t[j], '=>') && !(t[j].type === 'punct' && ENDERS.has(t[j].value)) && --this.steps >= 0) j++;
    }
    if (!isPunct(t[j], '=>')) return undefined;
    const body = j + 1;
    if (isPunct(t[body], '{')) return { value: { k: 'fn', body, expressionBody: false }, end: this.skipBalanced(body) };
    return { value: { k: 'fn', body, expressionBody: true }, end: this.skipExpr(body) };
  }

  /** What a function returns: its expression body, or its `return` statements merged. */
  returned(fn: { body: number; expressionBody: boolean }): Value {
    if (this.depth > MAX_DEPTH || this.budget < 0) return UNKNOWN;
    if (fn.expressionBody) return this.expr(fn.body).value;
    const t = this.t;
    const end = this.skipBalanced(fn.body);
    const results: Value[] = [];
    for (let j = fn.body + 1; j < end && --this.steps >= 0; j++) {
      const nested = this.nestedFunctionBody(j);
      if (nested !== undefined) j = this.skipBalanced(nested) - 1;
      else if (isIdent(t[j], 'return') && !isPunct(t[j - 1], '.')) {
        const e = this.expr(j + 1);
        results.push(e.value);
        j = Math.max(j, e.end - 1);
      }
    }
    return mergeAlternatives(results);
  }

  /** The `{` of a function starting at `j` (`=> {`, `function … {`, a method), whose returns are not ours. */
  private nestedFunctionBody(j: number): number | undefined {
    const t = this.t;
    if (isPunct(t[j], '=>')) return isPunct(t[j + 1], '{') ? j + 1 : undefined;
    if (isIdent(t[j], 'function')) {
      let k = j + 1;
      while (k < t.length && !isPunct(t[k], '(') && --this.steps >= 0) k++;
      k = this.skipBalanced(k);
      while (k < t.length && !isPunct(t[k], '{') && --this.steps >= 0) k++;
      return k;
    }
    if (isIdent(t[j]) && !CONTROL_WORDS.has(t[j].value) && isPunct(t[j + 1], '(') && !isPunct(t[j - 1], '.')) {
      const k = this.skipBalanced(j + 1);
      return isPunct(t[k], '{') ? k : undefined;
    }
    return undefined;
  }

  private object(open: number): { value: Value; end: number } {
    const t = this.t;
    const props = new Map<string, Value>();
    let j = open + 1;
    while (j < t.length && !isPunct(t[j], '}')) {
      const start = j;
      if (isPunct(t[j], '...')) {
        const spread = this.expr(j + 1);
        if (spread.value.k === 'obj') for (const [k, v] of spread.value.props) props.set(k, v);
        j = spread.end;
      } else {
        // Modifiers of methods and accessors: `async redirects() {}`, `get x() {}`.
        while (
          (isIdent(t[j], 'async') || isIdent(t[j], 'get') || isIdent(t[j], 'set') || isPunct(t[j], '*')) &&
          !isPunct(t[j + 1], ':') &&
          !isPunct(t[j + 1], '(') &&
          !isPunct(t[j + 1], ',') &&
          !isPunct(t[j + 1], '}')
        )
          j++;
        let key: string | undefined;
        const keyTok = t[j];
        if (keyTok?.type === 'ident' || keyTok?.type === 'num' || (keyTok?.type === 'str' && !keyTok.dynamic)) key = keyTok.value;
        j = isPunct(keyTok, '[') ? this.skipBalanced(j) : j + 1;
        if (isPunct(t[j], '?')) j++;
        if (isPunct(t[j], ':')) {
          const e = this.expr(j + 1);
          if (key !== undefined) props.set(key, e.value);
          j = e.end;
        } else if (isPunct(t[j], '(')) {
          // A method: skip its parameters, return type and body.
          j = this.skipBalanced(j);
          while (j < t.length && !isPunct(t[j], '{') && !isPunct(t[j], ',') && !isPunct(t[j], '}') && --this.steps >= 0) j++;
          j = this.skipBalanced(j);
        } else if (key !== undefined && keyTok?.type === 'ident') {
          props.set(key, this.resolveName(key)); // shorthand `{ basePath }`
        }
      }
      j = this.skipExpr(j);
      if (isPunct(t[j], ',')) j++;
      if (j === start) j++; // no progress on malformed input
      if (isPunct(t[j], ')') || isPunct(t[j], ']') || isPunct(t[j], ';')) break;
    }
    return { value: { k: 'obj', props }, end: isPunct(t[j], '}') ? j + 1 : j };
  }

  private array(open: number): { value: Value; end: number } {
    const t = this.t;
    const items: Value[] = [];
    let j = open + 1;
    while (j < t.length && !isPunct(t[j], ']')) {
      const start = j;
      if (isPunct(t[j], ',')) {
        items.push(UNKNOWN); // a hole
        j++;
        continue;
      }
      const spread = isPunct(t[j], '...');
      const e = this.expr(spread ? j + 1 : j);
      if (spread && e.value.k === 'arr') items.push(...e.value.items);
      else items.push(spread ? UNKNOWN : e.value);
      j = e.end;
      if (isPunct(t[j], ',')) j++;
      if (j === start) j++;
      if (isPunct(t[j], ')') || isPunct(t[j], '}') || isPunct(t[j], ';')) break;
    }
    return { value: { k: 'arr', items }, end: isPunct(t[j], ']') ? j + 1 : j };
  }
}

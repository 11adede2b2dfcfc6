import type * as TS from 'typescript';
import { calledMember, packageName } from './packages';
import { isFunctionLike, type Resolver, type Scope, unwrapValue } from './origins';

/**
 * What an idempotency or deduplication key handed to a downstream API derives from:
 * - `constant`: literals only, the same key for every run (it dedupes runs that should not be);
 * - `clock`: the time of the call to the millisecond or second (`Date.now()`, `new Date().toISOString()`):
 *   two deliveries of one event get two keys;
 * - `random`: a fresh id per call (`randomUUID()`, `nanoid()`, `Math.random()`);
 * - `stable`: anything else: a day or slot cut from the clock (`toISOString().slice(0, 10)`,
 *   `format(now, 'yyyy-MM-dd')`), an id from the data or the request, a parameter. The same
 *   delivery twice gives the same key, as far as the analysis can tell.
 */
export type KeyStability = 'constant' | 'stable' | 'clock' | 'random';

const ORDER: Record<KeyStability, number> = { constant: 0, stable: 1, clock: 2, random: 3 };
function worst(a: KeyStability, b: KeyStability): KeyStability {
  return ORDER[a] >= ORDER[b] ? a : b;
}

/** Date methods that drop the time of day or keep at most the hour: the same for every delivery of one slot. */
const COARSE_DATE = /^(toDateString|toLocaleDateString|getDate|getUTCDate|getDay|getUTCDay|getMonth|getUTCMonth|getFullYear|getUTCFullYear|getYear|getHours|getUTCHours|setHours|setUTCHours|setMinutes|setUTCMinutes|startOf|toISODate|toSQLDate)$/;
/** Format patterns that name seconds or finer (date-fns `ss`/`SSS`/`T`, dayjs `ss`/`SSS`/`x`/`X`). */
const FINE_FORMAT = /s|S|x|X|T|t/;
const RANDOM_PACKAGES = /^(nanoid|@paralleldrive\/cuid2|cuid|ulid|ulidx|short-uuid|hyperid)$/;
const DATE_PACKAGES = /^(date-fns|date-fns-tz|dayjs|moment|moment-timezone|luxon)$/;

export function keyStability(resolver: Resolver, expression: TS.Node, scope: Scope, chain = 0): KeyStability {
  const ts = resolver.ts;
  const K = ts.SyntaxKind;
  if (chain > 12) return 'stable';
  const node = unwrapValue(ts, expression);
  const again = (child: TS.Node) => keyStability(resolver, child, scope, chain + 1);
  switch (node.kind) {
    case K.StringLiteral:
    case K.NoSubstitutionTemplateLiteral:
    case K.NumericLiteral:
      return 'constant';
    case K.TemplateExpression: {
      let result: KeyStability = 'constant';
      for (const span of (node as TS.TemplateExpression).templateSpans) result = worst(result, again(span.expression));
      return result;
    }
    case K.BinaryExpression: {
      const binary = node as TS.BinaryExpression;
      return worst(again(binary.left), again(binary.right));
    }
    case K.ConditionalExpression: {
      const conditional = node as TS.ConditionalExpression;
      return worst(again(conditional.whenTrue), again(conditional.whenFalse));
    }
    case K.Identifier:
      return identifierStability(resolver, node as TS.Identifier, scope, chain);
    case K.ElementAccessExpression:
      // `iso.split('T')[0]`: as stable as what it indexes.
      return again((node as TS.ElementAccessExpression).expression);
    case K.PropertyAccessExpression: {
      const base = again((node as TS.PropertyAccessExpression).expression);
      return base === 'constant' ? 'stable' : base;
    }
    case K.NewExpression: {
      const construction = node as TS.NewExpression;
      const origin = resolver.originOf(construction.expression, scope);
      if (origin.kind === 'global' && origin.name === 'Date' && origin.path.length === 0) {
        const args = construction.arguments ?? [];
        return args.length === 0 ? 'clock' : args.map(again).reduce(worst, 'constant');
      }
      return 'stable';
    }
    case K.CallExpression:
      return callStability(resolver, node as TS.CallExpression, scope, chain);
    default:
      return 'stable';
  }
}

function identifierStability(resolver: Resolver, identifier: TS.Identifier, scope: Scope, chain: number): KeyStability {
  // A local's initializer decides; a parameter, an import or a global is not visibly per call.
  for (let s: Scope | undefined = scope; s && s.fn; s = s.parent) {
    const local = resolver.localsOf(s).get(identifier.text);
    if (!local) continue;
    if (local.kind === 'value' && local.init && local.path.length === 0) return keyStability(resolver, local.init, s, chain + 1);
    return 'stable';
  }
  const top = scope.index.local(identifier.text);
  if (top && !isFunctionLike(resolver.ts, top)) {
    let module = scope;
    while (module.parent) module = module.parent;
    return keyStability(resolver, top, module, chain + 1);
  }
  return 'stable';
}

function callStability(resolver: Resolver, call: TS.CallExpression, scope: Scope, chain: number): KeyStability {
  const ts = resolver.ts;
  const K = ts.SyntaxKind;
  const again = (child: TS.Node) => keyStability(resolver, child, scope, chain + 1);
  const callee = unwrapValue(ts, call.expression);
  const args = call.arguments;
  if (callee.kind === K.PropertyAccessExpression) {
    const access = callee as TS.PropertyAccessExpression;
    const method = access.name.text;
    const receiver = unwrapValue(ts, access.expression);
    const origin = resolver.originOf(access, scope);
    if (origin.kind === 'global') {
      const [first] = [origin.name, ...origin.path];
      if ((first === 'Date' || first === 'performance') && method === 'now' && origin.path.length === 1) return 'clock';
      if (first === 'Math' && method === 'random') return 'random';
      if (first === 'Math' && /^(floor|round|trunc|ceil)$/.test(method)) {
        // Math.floor(Date.now() / 86_400_000): a day (or slot) number.
        const inner = args[0] ? unwrapValue(ts, args[0]) : undefined;
        const value = inner ? again(inner) : 'constant';
        return value === 'clock' && inner?.kind === K.BinaryExpression && (inner as TS.BinaryExpression).operatorToken.kind === K.SlashToken ? 'stable' : value;
      }
      if ((first === 'crypto' || first === 'globalThis') && /^(randomUUID|getRandomValues)$/.test(method)) return 'random';
    }
    if (origin.kind === 'package') {
      const name = packageName(origin.specifier);
      if ((name === 'crypto' && /^(randomUUID|randomBytes|randomInt)$/.test(method)) || RANDOM_PACKAGES.test(name)) return 'random';
      if (name === 'uuid' && /^v[1467]$/.test(method)) return 'random';
    }
    const base = again(receiver);
    if (base === 'clock') {
      if (COARSE_DATE.test(method)) return 'stable';
      if (/^(slice|substring|substr)$/.test(method)) {
        const end = args[args.length - 1];
        const length = end && end.kind === K.NumericLiteral ? Number((end as TS.NumericLiteral).text) : undefined;
        // 'YYYY-MM-DDTHH:MM' is 16 characters: up to the minute, deliveries of one slot agree.
        return length !== undefined && args.length >= 2 && length <= 16 ? 'stable' : 'clock';
      }
      if (method === 'split') {
        const separator = args[0];
        return separator && (separator.kind === K.StringLiteral || separator.kind === K.NoSubstitutionTemplateLiteral) && /^[T ]$/.test((separator as TS.StringLiteral).text) ? 'stable' : 'clock';
      }
      if (method === 'format' && args[0] && (args[0].kind === K.StringLiteral || args[0].kind === K.NoSubstitutionTemplateLiteral)) {
        return FINE_FORMAT.test((args[0] as TS.StringLiteral).text.replace(/\[[^\]]*\]/g, '')) ? 'clock' : 'stable';
      }
      return 'clock';
    }
    return base === 'constant' ? 'stable' : base;
  }
  const origin = resolver.originOf(callee, scope);
  if (origin.kind === 'package') {
    const name = packageName(origin.specifier);
    const member = calledMember(origin.path);
    if ((name === 'crypto' && member !== undefined && /^(randomUUID|randomBytes|randomInt)$/.test(member)) || RANDOM_PACKAGES.test(name)) return 'random';
    if (name === 'uuid' && member !== undefined && /^v[1467]$/.test(member)) return 'random';
    if (DATE_PACKAGES.test(name)) {
      // dayjs(), moment(): now; format(date, 'yyyy-MM-dd'), startOfDay(date): cut to the day.
      if (member === undefined) return args.length === 0 ? 'clock' : args.map((a) => keyStability(resolver, a, scope, chain + 1)).reduce(worst, 'constant');
      const date = args[0] ? again(args[0]) : 'stable';
      if (date !== 'clock') return date === 'constant' ? 'stable' : date;
      if (/^startOf\w+$/.test(member)) return 'stable';
      if (/^(format|formatInTimeZone)$/.test(member)) {
        const pattern = args[args.length - 1];
        return pattern && (pattern.kind === K.StringLiteral || pattern.kind === K.NoSubstitutionTemplateLiteral) && !FINE_FORMAT.test((pattern as TS.StringLiteral).text.replace(/'[^']*'/g, '')) ? 'stable' : 'clock';
      }
      return 'clock';
    }
    return 'stable';
  }
  if (origin.kind === 'global' && origin.path.length === 0 && /^(String|Number)$/.test(origin.name) && args[0]) return again(args[0]);
  if (origin.kind === 'function') {
    // A helper that builds the key: what it returns.
    const returns: TS.Expression[] = [];
    const body = origin.fn.body;
    const inner = resolver.child(origin.scope, origin.fn);
    if (body && body.kind !== K.Block) return keyStability(resolver, body, inner, chain + 1);
    if (body) resolver.collectReturns(body, returns);
    return returns.length ? returns.map((r) => keyStability(resolver, r, inner, chain + 1)).reduce(worst, 'constant') : 'stable';
  }
  return 'stable';
}

import type * as TS from 'typescript';
import type { TsApi } from '../next/routeExports';
import type { SkippedCheck } from './authFacts';
import type { Walker } from './authFollow';
import { envKey, isLength, isProcessEnv, switchName, topCall, unwrap } from './authSyntax';
import {
  AUTH,
  BARE_SECRET,
  BEARER,
  CHECK,
  HEADER_SHAPE,
  OTHER_SECRET,
  PRESENTED,
  READS,
  REQUEST_SOURCE,
  REQUEST_VALUE,
  SECRET,
  SECRET_ENV_NAME,
  SECRET_NAME,
  SPOOF,
  SPOOF_HEADER,
  STAGE_NAME,
  SWITCH_NAME,
  UNDEFINABLE,
  isAuthorizationName,
  stringArgument,
} from './authVocabulary';

/** What envNamesOf gives for most values (every declaration asks): one shared empty list, never written. */
const NO_NAMES: readonly string[] = Object.freeze([]);

/**
 * What expressions hold, as the walk has seen them: the aliases (names bound to the header, the
 * secret, its name, a comparison's result) and the questions asked of a walked subtree (is this
 * the bare secret, a header value that may be undefined, the switch that skips a check…).
 */
export class AuthValues implements Walker {
  protected readonly K: typeof TS.SyntaxKind;
  /**
   * What each alias holds, as flag bits (one lookup per identifier, the commonest node): the
   * names of the unit being walked (authWalk.ts gives each unit its own, and module-scope code the
   * map of its file), so a name in one function says nothing of the same name in another. Set
   * by the walk before it reads anything (one map fewer per route than an initial empty one).
   */
  protected aliases!: Map<string, number>;
  /**
   * The environment variables a name holds (`const admin = process.env.ADMIN_KEY` → ADMIN_KEY,
   * a list of tokens → each): what an early accept skips the check for, named in its message.
   */
  protected envNames: Map<string, readonly string[]> | undefined;
  /** Names bound to a list with its unset entries dropped (`[…].filter(Boolean)`): no entry is undefined. */
  protected filteredLists: Set<string> | undefined;

  constructor(protected readonly ts: TsApi) {
    this.K = ts.SyntaxKind;
  }

  alias(name: string, bits: number): void {
    if (bits) this.aliases.set(name, (this.aliases.get(name) ?? 0) | bits);
  }

  protected aliased(name: string, bits: number): boolean {
    return ((this.aliases.get(name) ?? 0) & bits) !== 0;
  }

  /** `'CRON_SECRET'`, or a name holding it (`const KEY = 'CRON_SECRET'`, a parameter bound to it). */
  protected isSecretName(node: TS.Node): boolean {
    const bare = unwrap(this.ts, node);
    return stringArgument(this.ts, bare) === 'CRON_SECRET' || (bare.kind === this.K.Identifier && this.aliased((bare as TS.Identifier).text, SECRET_NAME));
  }

  /** `process.env.ADMIN_TOKEN`: another secret-named variable (see OTHER_SECRET). */
  protected isOtherSecretRead(access: TS.PropertyAccessExpression): boolean {
    const name = access.name.text;
    // The receiver first: it is a kind test or two, the name a regular expression, and most member reads are no env's.
    return name !== 'CRON_SECRET' && isProcessEnv(this.ts, access.expression) && SECRET_ENV_NAME.test(name);
  }

  /**
   * The environment variables `node` reads, directly or through names and lists: `process.env.X`,
   * `[process.env.A, b].filter(Boolean)`, `process.env.A ?? ''`. Syntax only; a few levels.
   */
  protected envNamesOf(node: TS.Node, depth = 0): readonly string[] {
    const ts = this.ts;
    const bare = unwrap(ts, node);
    const key = envKey(ts, bare);
    if (key !== undefined) return [key];
    if (depth > 3) return NO_NAMES;
    if (ts.isIdentifier(bare)) return this.envNames?.get(bare.text) ?? NO_NAMES;
    if (ts.isArrayLiteralExpression(bare)) return bare.elements.flatMap((element) => this.envNamesOf(element, depth + 1));
    // process.env.A ?? '', process.env.A || ''
    if (ts.isBinaryExpression(bare) && (bare.operatorToken.kind === this.K.QuestionQuestionToken || bare.operatorToken.kind === this.K.BarBarToken)) return this.envNamesOf(bare.left, depth + 1);
    // [...].filter(Boolean), [...].map((t) => t.trim())
    if (ts.isCallExpression(bare) && ts.isPropertyAccessExpression(bare.expression)) {
      const method = bare.expression.name.text;
      if (method === 'filter' || method === 'map') return this.envNamesOf(bare.expression.expression, depth + 1);
    }
    return NO_NAMES;
  }

  /** What a parameter bound to `argument` holds inside the callee. */
  argumentBits(argument: TS.Expression): number {
    let bits = this.subtreeFlags(argument) & (PRESENTED | SECRET | BEARER);
    if (bits & SECRET && this.isBareSecret(argument)) bits |= BARE_SECRET;
    if (bits & PRESENTED && this.mayBeUndefined(argument)) bits |= UNDEFINABLE;
    if (this.isSecretName(argument)) bits |= SECRET_NAME;
    return bits;
  }

  /** What a name bound to `init` holds, given the bits its walk returned. */
  protected aliasBits(init: TS.Expression, value: number): number {
    // `const valid = auth === expected`: a boolean, not the secret (`!valid` requires nothing).
    if (value & CHECK) return CHECK | (value & SPOOF);
    let bits = value & READS;
    if (value & PRESENTED && this.mayBeUndefined(init)) bits |= UNDEFINABLE;
    if (value & SECRET && this.isBareSecret(init)) bits |= BARE_SECRET;
    if (this.isSecretName(init)) bits |= SECRET_NAME;
    if (value & AUTH && this.isHeaderShape(init)) bits |= HEADER_SHAPE;
    return bits;
  }

  /**
   * The Authorization header as sent (`request.headers.get('authorization')`, `req.headers.authorization`,
   * a name bound to it) or a test of its presence or scheme (`auth?.startsWith('Bearer ')`,
   * `.includes('Bearer')` with a literal): what any caller decides by sending a header. Never a
   * comparison, nor anything a call computes from the header (a token's verification).
   */
  protected isHeaderShape(node: TS.Node): boolean {
    const ts = this.ts;
    const bare = unwrap(ts, node);
    if (ts.isIdentifier(bare)) return ((this.aliases.get(bare.text) ?? 0) & (HEADER_SHAPE | CHECK | SECRET | SPOOF)) === HEADER_SHAPE;
    if (ts.isPropertyAccessExpression(bare) || ts.isElementAccessExpression(bare)) return (this.ownFlags(bare, 0) & AUTH) !== 0;
    if (!ts.isCallExpression(bare) || !ts.isPropertyAccessExpression(bare.expression)) return false;
    const method = bare.expression.name.text;
    if (method === 'get') return (this.ownFlags(bare, 0) & AUTH) !== 0;
    return (method === 'startsWith' || method === 'includes') && bare.arguments.length === 1 && stringArgument(ts, bare.arguments[0]) !== undefined && this.isHeaderShape(bare.expression.expression);
  }

  /** The flags a node carries by itself, given those of its subtree (`below`). */
  protected ownFlags(node: TS.Node, below: number): number {
    const ts = this.ts;
    const K = this.K;
    switch (node.kind) {
      case K.Identifier:
        return (this.aliases.get((node as TS.Identifier).text) ?? 0) & READS;
      case K.PropertyAccessExpression: {
        const name = (node as TS.PropertyAccessExpression).name.text;
        if (name === 'authorization') return AUTH;
        if (name === 'CRON_SECRET') return SECRET;
        if (this.isOtherSecretRead(node as TS.PropertyAccessExpression)) return OTHER_SECRET;
        return this.isQueryRead(node as TS.PropertyAccessExpression) ? REQUEST_VALUE : 0;
      }
      case K.ElementAccessExpression: {
        const argument = (node as TS.ElementAccessExpression).argumentExpression;
        const key = stringArgument(ts, argument);
        if (key === undefined) return this.isSecretName(argument) ? SECRET : 0;
        if (isAuthorizationName(key)) return AUTH;
        if (key === 'CRON_SECRET') return SECRET;
        if (SPOOF_HEADER.test(key)) return SPOOF;
        return this.isRequestSource((node as TS.ElementAccessExpression).expression) ? REQUEST_VALUE : 0;
      }
      case K.CallExpression: {
        const call = node as TS.CallExpression;
        let flags = 0;
        // getRequiredEnv('CRON_SECRET'), env(KEY) with KEY = 'CRON_SECRET'
        for (const argument of call.arguments) if (this.isSecretName(argument)) flags |= SECRET;
        if (ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'get') {
          const header = stringArgument(ts, call.arguments[0]);
          if (header !== undefined)
            flags |= isAuthorizationName(header) ? AUTH : SPOOF_HEADER.test(header) ? SPOOF : this.isRequestSource(call.expression.expression) ? REQUEST_VALUE : 0;
        }
        return flags;
      }
      // `Bearer ${secret}`, 'Bearer ' + secret
      case K.TemplateExpression:
        return below & SECRET ? BEARER : 0;
      case K.BinaryExpression:
        return (node as TS.BinaryExpression).operatorToken.kind === K.PlusToken && below & SECRET ? BEARER : 0;
      default:
        return 0;
    }
  }

  /** `request.headers`, `url.searchParams`, `req.query`, `headers()` (awaited or not): what a request value is read from. */
  isRequestSource(node: TS.Node): boolean {
    const ts = this.ts;
    let bare = unwrap(ts, node);
    if (bare.kind === this.K.AwaitExpression) bare = unwrap(ts, (bare as TS.AwaitExpression).expression);
    if (ts.isIdentifier(bare)) return REQUEST_SOURCE.test(bare.text);
    if (ts.isPropertyAccessExpression(bare)) return REQUEST_SOURCE.test(bare.name.text);
    return ts.isCallExpression(bare) && ts.isIdentifier(bare.expression) && bare.expression.text === 'headers';
  }

  /** `req.query.token`: a query parameter of a Pages API request, undefined when missing. */
  isQueryRead(node: TS.PropertyAccessExpression): boolean {
    const receiver = node.expression;
    return this.ts.isPropertyAccessExpression(receiver) && receiver.name.text === 'query';
  }

  /** Flags of a walked subtree without recording anything: for findings and shapes after the walk. */
  protected subtreeFlags(node: TS.Node): number {
    let below = 0;
    this.ts.forEachChild(node, (child) => {
      below |= this.subtreeFlags(child);
    });
    return below | this.ownFlags(node, below);
  }

  protected spoofReadIn(node: TS.Node): TS.Node | undefined {
    if (this.ownFlags(node, 0) & SPOOF) return node;
    return this.ts.forEachChild(node, (child) => (this.subtreeFlags(child) & SPOOF ? this.spoofReadIn(child) : undefined));
  }

  /** The secret itself (maybe defaulted, trimmed), not a header built from it nor a comparison's result. */
  protected isOwnSecretRead(node: TS.Node): boolean {
    return node.kind !== this.K.CallExpression && (this.ownFlags(node, 0) & (SECRET | BEARER | CHECK)) === SECRET;
  }

  protected isTruthinessOfSecret(node: TS.Node): boolean {
    return this.isOwnSecretRead(this.ts.isParenthesizedExpression(node) ? node.expression : node);
  }

  /** The secret itself, not something built from it: undefined when unset. */
  protected isBareSecret(node: TS.Node): boolean {
    const bare = unwrap(this.ts, node);
    return this.ts.isIdentifier(bare) ? this.aliased(bare.text, BARE_SECRET) : this.isOwnSecretRead(bare);
  }

  /** A header value that is undefined, not null, when the header or its token is missing. */
  protected mayBeUndefined(node: TS.Node): boolean {
    const ts = this.ts;
    const bare = unwrap(ts, node);
    if (bare.flags & ts.NodeFlags.OptionalChain) return true;
    if (ts.isIdentifier(bare)) return this.aliased(bare.text, UNDEFINABLE);
    if (ts.isPropertyAccessExpression(bare)) return bare.name.text === 'authorization' || this.isQueryRead(bare);
    if (ts.isElementAccessExpression(bare))
      return ts.isNumericLiteral(bare.argumentExpression) || isAuthorizationName(stringArgument(ts, bare.argumentExpression)) || (this.ownFlags(bare, 0) & REQUEST_VALUE) !== 0;
    return false;
  }

  /** secret.length, not the length of a Buffer of `Bearer ${secret}` (never 0). */
  protected isLengthOfSecret(node: TS.Node, flags: number): boolean {
    return isLength(this.ts, node) && (flags & (SECRET | BEARER)) === SECRET;
  }

  /**
   * What, unset, skips a check guarded by `node`: the secret, the Authorization header, or a
   * switch named like one (`settings.requireCronAuth`, `CRON_AUTH_ENABLED === 'true'`), never
   * the deployment stage (`NODE_ENV === 'production'`, `isProd`).
   */
  protected switchKind(node: TS.Expression): SkippedCheck['switch'] | undefined {
    const ts = this.ts;
    let bare = unwrap(ts, node);
    const K = this.K;
    // !!secret
    if (bare.kind === K.PrefixUnaryExpression) {
      const inner = unwrap(ts, (bare as TS.PrefixUnaryExpression).operand);
      if (inner.kind === K.PrefixUnaryExpression) bare = unwrap(ts, (inner as TS.PrefixUnaryExpression).operand);
    }
    if (this.isOwnSecretRead(bare)) return 'secret';
    const kind = bare.kind;
    if (
      (kind === K.Identifier || kind === K.PropertyAccessExpression || kind === K.ElementAccessExpression || kind === K.CallExpression) &&
      (this.ownFlags(bare, 0) & (AUTH | CHECK)) === AUTH
    ) {
      return 'header';
    }
    const name = switchName(ts, node);
    return name !== undefined && SWITCH_NAME.test(name) && !STAGE_NAME.test(name) && !isAuthorizationName(name) ? 'flag' : undefined;
  }

  /**
   * The refusal test of an and-guard checks the request: it reads the header or a comparison's
   * result, or calls a helper handed the secret (or any helper, when the branch refuses) — not
   * `!secret.startsWith('sk_')`, which validates the secret's format.
   */
  protected isCheck(part: TS.Expression, refuses: boolean): boolean {
    const ts = this.ts;
    const flags = this.subtreeFlags(part);
    if (flags & (AUTH | CHECK) || (flags & REQUEST_VALUE && flags & SECRET)) return true;
    const negated = unwrap(ts, part);
    const call = negated.kind === this.K.PrefixUnaryExpression ? topCall(ts, (negated as TS.PrefixUnaryExpression).operand) : undefined;
    if (!call) return false;
    const callee = call.expression;
    if (ts.isPropertyAccessExpression(callee) && this.subtreeFlags(callee.expression) & SECRET) return false;
    return refuses || (flags & SECRET) !== 0;
  }
}

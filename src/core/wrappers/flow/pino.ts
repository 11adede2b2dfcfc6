import type * as TS from 'typescript';
import { CALLED, type PinoShipping, pinoShipping } from './packages';
import { type Creation, propertyName, type Resolver, unwrapValue } from './origins';

/**
 * Whether a pino logger ships its lines off the machine, from the call that created it:
 * `pino({ transport: { target: '@logtail/pino' } })`, `pino({ transport: { targets: [...] } })`,
 * `pino(options, pino.transport({ target }))`. No transport: it writes to stdout, as console does.
 * A transport or destination the analysis cannot read is `unknown`.
 */
export function pinoShippingOf(resolver: Resolver, created: Creation | undefined): PinoShipping {
  if (!created) return 'unknown';
  const args = created.node.arguments ?? [];
  const options = args[0] ? objectOf(resolver, args[0], created) : undefined;
  if (args[0] && !options) return 'unknown';
  const transport = options ? property(resolver, options, 'transport') : undefined;
  let targets = transport ? transportTargets(resolver, transport, created) : undefined;
  if (transport && !targets) return 'unknown';
  if (args[1]) {
    // pino(options, destination): pino.transport({...}) or pino.destination(...) (a file or stdout).
    const destination = unwrapValue(resolver.ts, args[1]);
    const origin = resolver.originOf(destination, created.scope);
    if (origin.kind !== 'package' || !/^pino(\/|$)/.test(origin.specifier)) return 'unknown';
    const made = origin.path[origin.path.length - 2];
    if (made === 'destination') targets ??= [];
    else if (made === 'transport' && destination.kind === resolver.ts.SyntaxKind.CallExpression) {
      const more = transportTargets(resolver, (destination as TS.CallExpression).arguments[0], created);
      if (!more) return 'unknown';
      targets = [...(targets ?? []), ...more];
    } else return 'unknown';
    if (origin.path[origin.path.length - 1] !== CALLED) return 'unknown';
  }
  return pinoShipping(targets);
}

function objectOf(resolver: Resolver, node: TS.Node, created: Creation): TS.ObjectLiteralExpression | undefined {
  const origin = resolver.originOf(node, created.scope);
  return origin.kind === 'object' ? origin.node : undefined;
}

function property(resolver: Resolver, object: TS.ObjectLiteralExpression, name: string): TS.Expression | undefined {
  for (const element of object.properties) {
    if (element.kind === resolver.ts.SyntaxKind.PropertyAssignment && propertyName(resolver.ts, element.name) === name) return (element as TS.PropertyAssignment).initializer;
  }
  return undefined;
}

/** `{ target }`, `{ targets: [{ target }, …] }`, or `pino.transport(that)`: the target strings, or undefined when one cannot be read. */
function transportTargets(resolver: Resolver, node: TS.Node | undefined, created: Creation): string[] | undefined {
  if (!node) return undefined;
  const K = resolver.ts.SyntaxKind;
  const bare = unwrapValue(resolver.ts, node);
  if (bare.kind === K.CallExpression) return transportTargets(resolver, (bare as TS.CallExpression).arguments[0], created);
  const object = objectOf(resolver, bare, created);
  if (!object) return undefined;
  const target = property(resolver, object, 'target');
  if (target) return target.kind === K.StringLiteral || target.kind === K.NoSubstitutionTemplateLiteral ? [(target as TS.StringLiteral).text] : undefined;
  const targets = property(resolver, object, 'targets');
  if (!targets || targets.kind !== K.ArrayLiteralExpression) return undefined;
  const out: string[] = [];
  for (const element of (targets as TS.ArrayLiteralExpression).elements) {
    const inner = element.kind === K.ObjectLiteralExpression ? property(resolver, element as TS.ObjectLiteralExpression, 'target') : undefined;
    if (!inner || (inner.kind !== K.StringLiteral && inner.kind !== K.NoSubstitutionTemplateLiteral)) return undefined;
    out.push((inner as TS.StringLiteral).text);
  }
  return out;
}

import type { ProjectView } from '../vercel/project';
import type { AuthFacts } from './authFacts';
import { AUTHISH, OTHER_VERIFICATION } from './authVocabulary';
import { AuthWalk, MAX_WALK_DEPTH, WalkTooDeep } from './authWalk';
import type { Handler } from './handlers';

export type { AuthFacts, Comparison, SkippedCheck } from './authFacts';
export { findExported } from './fileIndex';
export { MAX_WALK_DEPTH } from './authWalk';

/**
 * Walks the handler and what it calls (local helpers, relative and aliased imports, a few hops,
 * module-scope constants) once, bottom-up, collecting the facts the auth rules read
 * (authFacts.ts). The walk itself is authWalk.ts; following calls and constants, authFollow.ts.
 */
export function analyseAuth(project: ProjectView, file: string, handler: Handler): AuthFacts {
  const ts = project.ts();
  const facts: AuthFacts = {
    comparisons: [],
    readsAuthorization: false,
    readsSecret: false,
    requiresSecret: false,
    skippedWhenUnset: [],
    headerBypasses: [],
    spoofable: [],
    spoofAccepts: [],
    otherVerification: false,
    comparesOtherSecret: false,
    unresolvedChecks: [],
    ignoredCalls: [],
    readsRequestData: false,
  };
  const handlerFile = project.sourceFile(file);
  if (!handlerFile) return facts;
  const walker = new AuthWalk(ts, project, facts);
  const follower = walker.follower;
  const start = follower.start(handler.fn, handlerFile, file);

  if (handler.wrapper) {
    const callee = handler.wrapper.expression;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (name && OTHER_VERIFICATION.has(name)) facts.otherVerification = true;
    // A wrapper sees the request first: it may check, and it may read headers.
    facts.readsRequestData = true;
    if (name) {
      const followed = follower.follow(name, start, undefined, [], true, handler.wrapper);
      if (typeof followed !== 'object' && (AUTHISH.test(name) || (followed === 'unresolved' && follower.isProjectImport(name, start)))) facts.unresolvedChecks.push(name);
    }
  }

  // Units grow while walking (followed helpers).
  const units = follower.units;
  try {
    for (let i = 0; i < units.length; i++) walker.walkUnit(units[i]!);
    walker.finish();
  } catch (error) {
    if (!(error instanceof WalkTooDeep)) throw error;
    const unit = walker.unit;
    facts.incomplete = `${unit.file === file ? 'the handler' : unit.file} nests its code more than ${MAX_WALK_DEPTH} levels deep`;
  }
  return facts;
}

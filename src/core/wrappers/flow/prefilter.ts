import type * as TS from 'typescript';
import type { TsApi } from '../../next/routeExports';
import { resolveModule } from '../../routes/modules';
import type { ProjectView } from '../../vercel/project';
import { isProjectSpecifier } from './origins';
import { isKnownPackage, mayReportAnywhere } from './packages';

/**
 * The cheap proof most routes get instead of the walk: when no file the route can reach through
 * its imports holds a token the evidence needs, and every import resolves to a project file or a
 * package that cannot supply evidence, there is nothing for the walk to find, and the answer is
 * "none" without resolving a single call. Most cron routes (a check, a query, a JSON answer) end
 * here; a route with a `catch`, a claim-shaped word or an import the analysis does not know is
 * walked (monitoring.ts, claims.ts).
 *
 * What the walk reads is a subset of this closure (it follows calls, this follows imports), so
 * when the closure is clean the walk could only have found nothing, or stopped early at one of
 * its budgets and said "unseen" where the text proves there was nothing to see.
 */
export type Evidence = 'monitoring' | 'claims';

/** Files the closure reads before it gives up and lets the walk decide. */
const MAX_CLOSURE_FILES = 24;

/**
 * Whether a file's text holds a token whose absence rules out, in that file: a failure path
 * (`catch`, `.then(`), or a module loaded where the closure does not list it (`require(`,
 * `import(`). Three of the four end in `(`, which a route has a few dozen of: looking back from
 * each `(` and one scan for `catch` took ~0.28 µs on the 900-character bench route, against
 * ~0.45 µs for the regex `catch|\.then\(|require\(|import\(` (whose first characters are common
 * ones, so it starts a match at almost every position) and ~0.8 µs for four plain scans.
 */
function hasMonitoringToken(text: string): boolean {
  if (text.includes('catch')) return true;
  for (let at = text.indexOf('('); at !== -1; at = text.indexOf('(', at + 1)) {
    const before = text.charCodeAt(at - 1);
    if ((before === N && text.startsWith('.then', at - 5)) || (before === E && text.startsWith('require', at - 7)) || (before === T && text.startsWith('import', at - 6))) return true;
  }
  return false;
}

const N = 0x6e;
const E = 0x65;
const T = 0x74;

/**
 * Tokens whose absence from a file's text rules out every claim shape, claiming key and unique
 * violation the claims walk recognises (claims.ts) in that file: `NX` in any case, `insert`,
 * prisma's `createMany`, drizzle's and kysely's `onConflict`, locks' `acquire`/`using`/`.lock(`,
 * a limiter's `limit`, idempotency and deduplication keys, unique-violation codes.
 */
const CLAIM_TOKENS = /nx|NX|nsert|NSERT|createMany|onConflict|cquire|limit|using|\.lock\(|dempoten|DEMPOTEN|edup|EDUP|P2002|23505|DUP_ENTRY|SQLITE_CONSTRAINT|11000/;

/** Whether a file's text can hold a claim, a claiming key or a unique violation (the walk skips those tests in files that cannot). */
export function mayHoldClaim(text: string): boolean {
  return CLAIM_TOKENS.test(text);
}

/**
 * An import that resolves to no file: harmless when the code only reads members of what it binds
 * (`db.session.deleteMany(…)`, a value of a library): the walk follows only direct calls of
 * project functions. A namespace import, a call, a tagged template, or (for claims) a name in an
 * `if` condition may hide evidence.
 */
function harmlessUnresolved(text: string, names: readonly string[], namespace: boolean, evidence: Evidence): boolean {
  if (namespace) return false;
  for (const name of names) {
    for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + name.length)) {
      if (at > 0 && (isIdentifierChar(text.charCodeAt(at - 1)) || text.charCodeAt(at - 1) === DOT)) continue;
      let next = at + name.length;
      if (next < text.length && isIdentifierChar(text.charCodeAt(next))) continue;
      while (next < text.length && (text[next] === ' ' || text[next] === '\t')) next++;
      const after = text[next];
      if (after === '(' || after === '`' || after === '<' || after === '!' || (after === '?' && text[next + 1] === '.' && text[next + 2] === '(')) return false;
      if (evidence === 'claims' && inIfCondition(text, at)) return false;
    }
  }
  return true;
}

const DOT = 0x2e;

/** `[\w$]` (ASCII letters, digits, `_`, `$`) on one UTF-16 unit: a regex test per occurrence cost more than the scan. */
function isIdentifierChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f || code === 0x24;
}

/** Whether the name at `at` stands in an `if (…)` condition: an `if (` earlier in its statement (back to `{`, `;` or `}`). */
function inIfCondition(text: string, at: number): boolean {
  for (let i = at - 1; i >= 0; i--) {
    // A statement this long is not worth reading back: say it may be a condition.
    if (at - i > 2000) return true;
    const c = text[i];
    if (c === '{' || c === ';' || c === '}') return false;
    if (c === '(') {
      let j = i - 1;
      while (j >= 0 && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) j--;
      if (j >= 1 && text[j] === 'f' && text[j - 1] === 'i' && (j < 2 || !/[\w$.]/.test(text[j - 2]!))) return true;
    }
  }
  return false;
}

/** What the closure asks of a package specifier, asked for every import of every route: kept per specifier (strings only). */
const specifiers = new Map<string, { mayReport: boolean; known: boolean }>();
function packageFacts(specifier: string): { mayReport: boolean; known: boolean } {
  let facts = specifiers.get(specifier);
  if (!facts) {
    if (specifiers.size > 2000) specifiers.clear();
    specifiers.set(specifier, (facts = { mayReport: mayReportAnywhere(specifier), known: isKnownPackage(specifier) }));
  }
  return facts;
}

/**
 * What the closure needs of one file, read from its text and imports alone. The token tests are
 * made when a kind of evidence first asks (undefined until then): every route asks for
 * monitoring, but only a route with one schedule asks for claims, and the claim tokens are the
 * longer scan.
 */
interface Summary {
  text: string;
  /** `require(` or `import(`: modules the closure does not list. */
  loads?: boolean;
  failurePath?: boolean;
  claims?: boolean;
  imports: ImportSummary[];
}

/**
 * One import: what it binds, and whether it is harmless unresolved, per kind of evidence (a field
 * each, set when the kind first asks: an object indexed by the kind cost a keyed store per route).
 */
interface ImportSummary {
  specifier: string;
  names: string[];
  namespace: boolean;
  harmlessToMonitoring: boolean | undefined;
  harmlessToClaims: boolean | undefined;
}

/**
 * Per file set (ProjectView.files() is a new array after every creation or deletion, as
 * placement.ts relies on): summaries of the files routes import, valid while the file's text is
 * the same string, and module resolutions, valid while tsconfig/jsconfig is. A full check reads a
 * shared helper once, not once per route. Strings and booleans only: no syntax tree is kept.
 */
interface FileSetCache {
  aliasSource: string | undefined;
  /** resolutionScope() → specifier → the file it names (null: none; undefined is "not resolved yet", so one lookup answers). */
  resolutions: Map<string, Resolutions>;
  /**
   * The last folder pair whose bare resolutions were looked up (`app/api`), and those: the routes
   * of a check come folder by folder, and a route under the same pair takes them without building
   * its scope's key.
   */
  lastBare: { folders: string; resolutions: Resolutions } | undefined;
  summaries: Map<string, Summary>;
}
type Resolutions = Map<string, string | null>;
const caches = new WeakMap<readonly string[], FileSetCache>();

function summarise(ts: TsApi, sourceFile: TS.SourceFile): Summary {
  const K = ts.SyntaxKind;
  const summary: Summary = { text: sourceFile.text, imports: [] };
  for (const statement of sourceFile.statements) {
    const entry = importEntry(K, statement);
    if (entry) summary.imports.push(entry);
  }
  return summary;
}

/**
 * The module an import or re-export statement puts in the run, read without building its entry:
 * undefined for any other statement, a type-only or side-effect import, or one that binds only types.
 */
function importedSpecifier(K: typeof TS.SyntaxKind, statement: TS.Statement): string | undefined {
  if (statement.kind === K.ImportDeclaration) {
    const declaration = statement as TS.ImportDeclaration;
    const clause = declaration.importClause;
    if (!clause || clause.isTypeOnly || declaration.moduleSpecifier.kind !== K.StringLiteral) return undefined;
    const bindings = clause.namedBindings;
    // A default or namespace name, or a named import that is not type-only: something callable.
    if (clause.name || bindings?.kind === K.NamespaceImport) return (declaration.moduleSpecifier as TS.StringLiteral).text;
    if (bindings) for (const element of (bindings as TS.NamedImports).elements) if (!element.isTypeOnly) return (declaration.moduleSpecifier as TS.StringLiteral).text;
    return undefined;
  }
  if (statement.kind === K.ExportDeclaration) {
    const declaration = statement as TS.ExportDeclaration;
    if (!declaration.moduleSpecifier || declaration.isTypeOnly || declaration.moduleSpecifier.kind !== K.StringLiteral) return undefined;
    return (declaration.moduleSpecifier as TS.StringLiteral).text;
  }
  return undefined;
}

/** What an import or re-export statement puts in the run; undefined for any other statement, a type-only or side-effect import. */
function importEntry(K: typeof TS.SyntaxKind, statement: TS.Statement): ImportSummary | undefined {
  const specifier = importedSpecifier(K, statement);
  if (specifier === undefined) return undefined;
  if (statement.kind === K.ExportDeclaration) return { specifier, names: [], namespace: true, harmlessToMonitoring: undefined, harmlessToClaims: undefined };
  const clause = (statement as TS.ImportDeclaration).importClause!;
  const names: string[] = [];
  if (clause.name) names.push(clause.name.text);
  const bindings = clause.namedBindings;
  const namespace = bindings?.kind === K.NamespaceImport;
  if (bindings && !namespace) for (const element of (bindings as TS.NamedImports).elements) if (!element.isTypeOnly) names.push(element.name.text);
  return { specifier, names, namespace, harmlessToMonitoring: undefined, harmlessToClaims: undefined };
}

/** Whether a file's text may hold the evidence itself (a failure path, a claim): its tokens, scanned once per file and kind. */
function holdsEvidence(summary: Summary, evidence: Evidence): boolean {
  if (evidence === 'monitoring') return (summary.failurePath ??= hasMonitoringToken(summary.text));
  return (summary.claims ??= CLAIM_TOKENS.test(summary.text));
}

/**
 * `require(` or `import(`: the file loads modules the closure does not list. The monitoring tokens
 * include both, so a file they are absent from needs no scan of its own.
 */
function loadsModules(summary: Summary): boolean {
  return (summary.loads ??= summary.failurePath !== false && (summary.text.includes('require(') || summary.text.includes('import(')));
}

/**
 * Who shares a resolution: a relative specifier means something else in every file; a bare one
 * (`@/lib/db`, a package) means the same throughout a folder tree with one tsconfig, which in a
 * monorepo is an app or package two levels down (`apps/web`, `packages/db`): the first two folders
 * of the importing file. Two thousand routes under `app/api/cron` then resolve `@/lib/db` once.
 */
function resolutionsFor(cache: FileSetCache, file: string, specifier: string): Resolutions {
  // A workspace package's file (named from the app, ../../packages/…) reads its own package's
  // tsconfig aliases, so its bare imports are not shared with its neighbours.
  if (specifier.startsWith('.') || file.startsWith('../')) return resolutionsIn(cache, file);
  const last = cache.lastBare;
  // `folders` holds one slash: a file below `folders/` has them as its first two.
  if (last && file.startsWith(last.folders) && file.charCodeAt(last.folders.length) === SLASH) return last.resolutions;
  const first = file.indexOf('/');
  const second = first === -1 ? -1 : file.indexOf('/', first + 1);
  if (second === -1) return resolutionsIn(cache, `\0${first === -1 ? '' : file.slice(0, first)}`);
  const folders = file.slice(0, second);
  const resolutions = resolutionsIn(cache, `\0${folders}`);
  cache.lastBare = { folders, resolutions };
  return resolutions;
}

const SLASH = 0x2f;

function resolutionsIn(cache: FileSetCache, scope: string): Resolutions {
  let resolutions = cache.resolutions.get(scope);
  if (!resolutions) cache.resolutions.set(scope, (resolutions = new Map()));
  return resolutions;
}

/**
 * Whether the route's import closure is clean of one kind of evidence: then the answer is "none
 * found", without a walk. Each kind reads the closure on its own, as far as it stays clean: a
 * route that asks for both reads the helpers' summaries the first one left.
 */
export function cleanClosure(project: ProjectView, file: string, evidence: Evidence): boolean {
  const files = project.files();
  let cache = caches.get(files);
  if (!cache) caches.set(files, (cache = { aliasSource: undefined, resolutions: new Map(), lastBare: undefined, summaries: new Map() }));
  const aliasSource = project.readFile('tsconfig.json') ?? project.readFile('jsconfig.json');
  if (aliasSource !== cache.aliasSource) {
    cache.aliasSource = aliasSource;
    cache.resolutions.clear();
    cache.lastBare = undefined;
  }
  const queue = [file];
  // Made when an import first resolves to a project file: most routes import none that exists.
  let seen: Set<string> | undefined;
  // What one import asks of the closure: false when it may bring evidence in; a project file it
  // names joins the queue. `entry` is undefined for the route's own imports, read from its tree
  // (`statement`) and not kept: what they bind is read only for an import that resolves to nothing.
  const admits = (current: string, text: string, specifier: string, entry: ImportSummary | undefined, statement: TS.Statement | undefined): boolean => {
    const resolutions = resolutionsFor(cache, current, specifier);
    let target = resolutions.get(specifier);
    if (target === undefined) resolutions.set(specifier, (target = resolveModule(project, current, specifier) ?? null));
    if (target) {
      seen ??= new Set(queue);
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
      return true;
    }
    if (isProjectSpecifier(specifier)) {
      if (!entry) {
        const read = importEntry(project.ts().SyntaxKind, statement!)!;
        return harmlessUnresolved(text, read.names, read.namespace, evidence);
      }
      return evidence === 'monitoring'
        ? (entry.harmlessToMonitoring ??= harmlessUnresolved(text, entry.names, entry.namespace, evidence))
        : (entry.harmlessToClaims ??= harmlessUnresolved(text, entry.names, entry.namespace, evidence));
    }
    const facts = packageFacts(specifier);
    return evidence === 'monitoring' ? !facts.mayReport : facts.known;
  };
  for (let i = 0; i < queue.length; i++) {
    const current = queue[i]!;
    const text = i < MAX_CLOSURE_FILES ? project.readFile(current) : undefined;
    if (text === undefined) return false;
    if (i === 0) {
      // The route's own file is read by its own check alone: its tokens first (a route with a
      // `catch` is walked without reading its imports), then its imports straight from the tree,
      // with no summary to keep: kept for the run, 2,000 of them gave the garbage collector a
      // fifth more bytes to promote; made and dropped, they were a third of this function's time.
      const sourceFile = project.sourceFile(current);
      if (!sourceFile || sourceFile.text !== text) return false;
      if (evidence === 'monitoring' ? hasMonitoringToken(text) : CLAIM_TOKENS.test(text) || text.includes('require(') || text.includes('import(')) return false;
      const K = project.ts().SyntaxKind;
      for (const statement of sourceFile.statements) {
        const specifier = importedSpecifier(K, statement);
        if (specifier !== undefined && !admits(current, text, specifier, undefined, statement)) return false;
      }
      continue;
    }
    let summary = cache.summaries.get(current);
    if (summary?.text !== text) {
      const sourceFile = project.sourceFile(current);
      if (!sourceFile || sourceFile.text !== text) return false;
      summary = summarise(project.ts(), sourceFile);
      cache.summaries.set(current, summary);
    }
    // A module loaded where the closure does not list it may hold either kind of evidence.
    if (holdsEvidence(summary, evidence) || loadsModules(summary)) return false;
    for (const entry of summary.imports) if (!admits(current, text, entry.specifier, entry, undefined)) return false;
  }
  return true;
}

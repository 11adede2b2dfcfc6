import type { TsApi } from '../core/service';

/**
 * The members of TypeScript's API the analysis calls on every node. TypeScript's module object
 * holds ~2,200 getters in a dictionary, so each `ts.isIdentifier` costs a hash lookup and a
 * getter call (~15 ns); read from a small object they are a plain field load. A name missing here
 * still works through the prototype, only slower: test/unit/node/typeScriptView.test.ts keeps
 * the list in step with the `ts.` names src/ uses.
 */
export const HOT_MEMBERS = [
  'NodeFlags',
  'ScriptKind',
  'ScriptTarget',
  'SyntaxKind',
  'canHaveModifiers',
  'createSourceFile',
  'flattenDiagnosticMessageText',
  'forEachChild',
  'getLeadingCommentRanges',
  'getModifiers',
  'getTrailingCommentRanges',
  'isArrayLiteralExpression',
  'isArrowFunction',
  'isAsExpression',
  'isAwaitExpression',
  'isBinaryExpression',
  'isBindingElement',
  'isBlock',
  'isCallExpression',
  'isClassDeclaration',
  'isClassLike',
  'isClassStaticBlockDeclaration',
  'isComputedPropertyName',
  'isConditionalExpression',
  'isConstructorDeclaration',
  'isDoStatement',
  'isElementAccessExpression',
  'isExportAssignment',
  'isExportDeclaration',
  'isExpression',
  'isExpressionStatement',
  'isFunctionDeclaration',
  'isFunctionExpression',
  'isGetAccessor',
  'isIdentifier',
  'isIfStatement',
  'isImportDeclaration',
  'isImportEqualsDeclaration',
  'isJsxElement',
  'isJsxFragment',
  'isJsxSelfClosingElement',
  'isMethodDeclaration',
  'isNamedExports',
  'isNamedImports',
  'isNamespaceImport',
  'isNewExpression',
  'isNoSubstitutionTemplateLiteral',
  'isNonNullExpression',
  'isNumericLiteral',
  'isObjectBindingPattern',
  'isObjectLiteralExpression',
  'isOmittedExpression',
  'isParameter',
  'isParenthesizedExpression',
  'isPrefixUnaryExpression',
  'isPropertyAccessExpression',
  'isPropertyAssignment',
  'isSatisfiesExpression',
  'isSetAccessor',
  'isShorthandPropertyAssignment',
  'isSpreadAssignment',
  'isSpreadElement',
  'isStringLiteral',
  'isStringLiteralLike',
  'isTemplateExpression',
  'isTypeAssertionExpression',
  'isTypeReferenceNode',
  'isVariableDeclaration',
  'isVariableStatement',
  'isVoidExpression',
  'isWhileStatement',
] as const satisfies readonly (keyof TsApi)[];

/**
 * TypeScript with its hot members copied onto a small object whose prototype is the module, so
 * every other member reads through unchanged. Object.fromEntries builds it in V8's fast-property
 * mode (a loop of keyed stores would fall back to a dictionary after a dozen names).
 */
export function typeScriptView(ts: TsApi): TsApi {
  const hot = Object.fromEntries(HOT_MEMBERS.map((name) => [name, ts[name]]));
  return Object.setPrototypeOf(hot, ts) as TsApi;
}

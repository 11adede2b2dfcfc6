// The separate bundle dist/typescript.js: the TypeScript copy that ts-morph ships, so the
// project carries one TypeScript. The extension and the CLI require it on first need.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ts = require('@ts-morph/common/dist/typescript') as typeof import('typescript');
export = ts;

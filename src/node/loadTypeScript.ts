import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TsApi } from '../core/service';
import { typeScriptView } from './typeScriptView';

let loaded: TsApi | undefined;

/**
 * Loads TypeScript on first need: from dist/typescript.js next to the running bundle, or from
 * ts-morph's copy when running unbundled (tests). The module name is computed so that esbuild
 * leaves it out of the activation bundle. Callers get the fast view of it (typeScriptView.ts).
 */
export function loadTypeScript(): TsApi {
  if (loaded) return loaded;
  const bundled = path.join(__dirname, 'typescript.js');
  const moduleName = fs.existsSync(bundled) ? bundled : ['@ts-morph', 'common', 'dist', 'typescript'].join('/');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded = typeScriptView(require(moduleName) as TsApi);
  return loaded;
}

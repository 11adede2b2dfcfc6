import { version } from '../../package.json';

/**
 * The CLI's version, from package.json: tsc copies the file next to the compiled sources and
 * esbuild inlines the one property, so the bundle and the compiled CLI print the same.
 */
export function toolVersion(): string {
  return version;
}

/**
 * Source shared by the generated helper modules. Each helper file must stand alone in the user's
 * project (either can be created without the other), so the shared parts are copied, not imported.
 */

import { source } from '../source';

export interface ModuleOptions {
  /** TypeScript when true, plain ESM JavaScript otherwise. */
  typed: boolean;
}

/**
 * The wrapper's doc comment and signature: any handler in, one with the same parameters out.
 * `never[]` rather than `any[]` accepts every parameter list under strictFunctionTypes without an
 * `any` that a project's lint rules would flag. JavaScript gets the same types as JSDoc, which
 * editors read even without checkJs.
 */
export function wrapperHead(name: string, doc: string[], params: ReadonlyArray<[name: string, type: string]>, options: ModuleOptions): string[] {
  const handlerType = '(...args: never[]) => unknown';
  const wrappedType = '(...args: Parameters<H>) => Promise<Awaited<ReturnType<H>>>';
  if (!options.typed) {
    return [
      `/**`,
      ...doc.map((line) => ` * ${line}`),
      ` *`,
      ` * @template {${handlerType}} H`,
      ...params.map(([param, type]) => ` * @param {${type}} ${param}`),
      ` * @param {H} handler`,
      ` * @returns {${wrappedType}}`,
      ` */`,
      `export function ${name}(${[...params.map(([param]) => param), 'handler'].join(', ')}) {`,
    ];
  }
  return [
    `/**`,
    ...doc.map((line) => ` * ${line}`),
    ` */`,
    `export function ${name}<H extends ${handlerType}>(`,
    ...params.map(([param, type]) => `  ${param}: ${type},`),
    `  handler: H,`,
    `) {`,
  ];
}

/**
 * The first line of the wrapper's body. TypeScript infers `Promise<ReturnType<H>>` for an async
 * arrow that returns an `Awaited<ReturnType<H>>`, hence the annotation on the arrow itself.
 */
export function wrappedHandlerStart(options: ModuleOptions): string {
  return options.typed ? `  return async (...args: Parameters<H>): Promise<Awaited<ReturnType<H>>> => {` : `  return async (...args) => {`;
}

/**
 * `statusOf(result, args)`: the run's HTTP status, or null when the handler gave none; and
 * `succeeded(status)`: whether that status is a success.
 */
export function statusOfFunction(options: ModuleOptions): string[] {
  const { t } = source(options.typed);
  return [
    `// App Router handlers return their Response; Pages Router handlers write to res, their second argument.`,
    `function statusOf(result${t(': unknown')}, args${t(': readonly unknown[]')})${t(': number | null')} {`,
    `  if (result instanceof Response) return result.status;`,
    `  const res = args[1];`,
    `  if (typeof res === 'object' && res !== null && 'statusCode' in res && typeof res.statusCode === 'number') return res.statusCode;`,
    `  return null;`,
    `}`,
    ``,
    `// Only a 2xx answer is a success: after a 3xx or 4xx the job did not run. Vercel follows no`,
    `// redirect, and a wrong CRON_SECRET makes every scheduled run answer 401.`,
    `function succeeded(status${t(': number | null')})${t(': boolean')} {`,
    `  return status === null || (status >= 200 && status < 300);`,
    `}`,
  ];
}

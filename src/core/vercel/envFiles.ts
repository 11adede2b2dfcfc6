/** `.env`, `.env.local`, `.env.production`…, not the committed templates. */
export function isEnvFile(file: string): boolean {
  return /^\.env(\.[\w-]+)*$/.test(file) && !/\.(example|sample|template|dist)$/.test(file);
}

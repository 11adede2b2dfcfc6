/**
 * Where the CRON_SECRET of a run came from, and how it is shown. The value itself is never
 * displayed, not even a few characters: its length is enough to spot an empty value or a
 * trailing newline (pain point #12), and the source says which file to look at.
 */
export type SecretSource =
  | { kind: 'env-file'; file: string; length: number }
  | { kind: 'secret-storage'; length: number }
  /** `CRON_SECRET=` with nothing after it: Next.js sets it to "", and Vercel sends no header. */
  | { kind: 'empty'; file: string }
  | { kind: 'none'; searched: readonly string[] }
  /** Untrusted workspace: env files and stored secrets are not read at all. */
  | { kind: 'untrusted' };

export function describeSecretSource(source: SecretSource): string {
  switch (source.kind) {
    case 'env-file':
      return `CRON_SECRET from ${source.file} (${source.length} characters)`;
    case 'secret-storage':
      return `CRON_SECRET from VS Code secret storage (${source.length} characters)`;
    case 'empty':
      return `CRON_SECRET is empty in ${source.file}: no Authorization header sent`;
    case 'none':
      return `no CRON_SECRET found (looked in ${source.searched.join(', ')}): no Authorization header sent`;
    case 'untrusted':
      return 'no CRON_SECRET sent: the workspace is not trusted, so env files and stored secrets are not read';
  }
}

/** The header value as logs show it: the scheme, then a placeholder with the length only. */
export function maskAuthorization(value: string): string {
  const match = /^(\S+)\s+(.*)$/s.exec(value);
  return match ? `${match[1]} ‹hidden, ${match[2]!.length} characters›` : `‹hidden, ${value.length} characters›`;
}

/** Credentials a report never prints: QStash's signature is one for five minutes. */
const MASKED_HEADERS = new Set(['authorization', 'cookie', 'upstash-signature']);

/** Headers safe to print: Authorization and Upstash-Signature (and Cookie, never sent by us but never shown) masked. */
export function maskHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const masked: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    masked[name] = MASKED_HEADERS.has(name.toLowerCase()) ? maskAuthorization(value) : value;
  }
  return masked;
}

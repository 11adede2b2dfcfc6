import { cite, LIMITS } from '../../limits';
import type { Finding } from '../../diagnostics';
import type { EnvFileRule } from '../context';

/**
 * `cron-secret-format`: the CRON_SECRET an env file defines, as dotenv would read it. Messages
 * never quote the value; only its length and the kind of character at fault.
 */
export const cronSecretFormatRule: EnvFileRule = {
  codes: ['cron-secret-format'],
  check: ({ text }) => secretFormatFindings(text),
};

function secretFormatFindings(text: string): Finding[] {
  const findings: Finding[] = [];
  const pattern = /^[ \t]*(?:export[ \t]+)?CRON_SECRET[ \t]*=[ \t]*(.*)$/gm;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text))) {
    const rawStart = match.index + match[0].length - match[1]!.length;
    let raw = match[1]!.replace(/\r$/, '');
    let start = rawStart;
    const quote = raw[0] === '"' || raw[0] === "'" || raw[0] === '`' ? raw[0] : undefined;
    let escapedNewline = false;
    if (quote) {
      const close = raw.indexOf(quote, 1);
      raw = close === -1 ? raw.slice(1) : raw.slice(1, close);
      start += 1;
      // dotenv turns \n and \r inside double quotes into real line breaks.
      escapedNewline = quote === '"' && /\\[nr]/.test(raw);
    } else {
      // dotenv ends an unquoted value at "#" and trims it.
      const comment = raw.indexOf('#');
      if (comment !== -1) raw = raw.slice(0, comment);
      const leading = raw.length - raw.trimStart().length;
      start += leading;
      raw = raw.trim();
    }
    if (raw === '') continue;
    const span = { start, end: start + raw.length };
    const problems: string[] = [];
    if (raw !== raw.trim() || escapedNewline) problems.push(escapedNewline ? 'an escaped line break (\\n)' : 'leading or trailing whitespace');
    if (/[^\x20-\x7e\t]/.test(raw)) problems.push('characters outside printable ASCII');
    if (problems.length) {
      findings.push({
        code: 'cron-secret-format',
        severity: 'warning',
        span,
        fixes: [],
        message: `CRON_SECRET here has ${problems.join(' and ')}; vercel build refuses such a secret with INVALID_CRON_SECRET, and a copied newline is the usual cause. Generate one with printable characters only (openssl rand -hex 32).`,
      });
    } else if (raw.length < LIMITS.cronSecretMinLength.value) {
      findings.push({
        code: 'cron-secret-format',
        severity: 'warning',
        span,
        fixes: [],
        message: `CRON_SECRET here is ${raw.length} characters long; Vercel advises a random string of at least ${LIMITS.cronSecretMinLength.value} (${cite(LIMITS.cronSecretMinLength)}).`,
      });
    }
  }
  return findings;
}

import type { Finding } from '../../diagnostics';
import type { EnvFileRule } from '../context';
import { cronSecretFormatRule } from './cron-secret-format';

/** Every rule for the app's env files (.env, .env.local…), read only in a trusted workspace. */
export const ENV_FILE_RULES: readonly EnvFileRule[] = [cronSecretFormatRule];

/** The env-file rules over one env file's text: today, whether its CRON_SECRET is one Vercel takes. */
export function checkEnvSecret(text: string): Finding[] {
  return ENV_FILE_RULES.flatMap((rule) => rule.check({ text }));
}

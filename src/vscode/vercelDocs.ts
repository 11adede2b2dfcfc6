import type * as vscode from 'vscode';
import { type CronJob, cronJobsIn } from '../core/facade/trigger';

/**
 * The cron jobs of each open vercel.json, read once per document version: a lens refresh on an
 * unchanged document costs no parsing at all.
 */
export class VercelDocs {
  private readonly parsed = new Map<string, { version: number; jobs: CronJob[] }>();

  jobs(document: vscode.TextDocument): CronJob[] {
    const key = document.uri.toString();
    const cached = this.parsed.get(key);
    if (cached && cached.version === document.version) return cached.jobs;
    const jobs = cronJobsIn(document.getText());
    this.parsed.set(key, { version: document.version, jobs });
    return jobs;
  }

  forget(uri: vscode.Uri): void {
    this.parsed.delete(uri.toString());
  }
}

import type { VercelRule } from '../context';

/**
 * `config-unreadable`: vercel.json exists and was not read (a folder, a FIFO, a device, a broken
 * symbolic link, no permission, past the size the check reads). Without it such a project counted
 * as "0 vercel.json checked: no problems". Reported on the file at its start, where there is no text.
 */
export const configUnreadableRule: VercelRule = {
  codes: ['config-unreadable'],
  scope: 'file',
  check({ doc }) {
    if (doc.unreadable === undefined) return [];
    return [
      {
        code: 'config-unreadable',
        severity: 'error',
        span: { start: 0, end: 0 },
        fixes: [],
        message: `${doc.source?.file ?? 'vercel.json'} could not be read: ${doc.unreadable}. Nothing in it was checked; make it a readable regular file.`,
      },
    ];
  },
};

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VERCEL_CONFIG_FILES } from '../../../src/core/service';
import { CONFIG_FILE_NAMES } from '../../../src/vscode/protocol';

describe('configuration file names', () => {
  it('the extension lists for Trigger Cron Route exactly the files the server reads, in its order', () => {
    assert.deepEqual(CONFIG_FILE_NAMES, VERCEL_CONFIG_FILES);
  });
});

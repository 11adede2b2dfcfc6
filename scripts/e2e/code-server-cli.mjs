#!/usr/bin/env node
// Runs code-server's command line (not a server) with the provisioned Node 24
// and the cache environment, e.g. from .ci/run:
//   node scripts/e2e/code-server-cli.mjs --list-extensions --extensions-dir .cache/start/extensions
import { codeServerCli } from './codeServer.mjs';

try {
  process.stdout.write(codeServerCli(process.argv.slice(2)));
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

#!/bin/sh
# Stand-in for the VS Code executable: @vscode/test-electron's
# runTests({ vscodeExecutablePath }) spawns this with the desktop CLI's
# arguments, and runSuite.mjs runs the suite in code-server + chromium instead
# (no VS Code download is possible on these machines; see
# shared/reference/e2e.md). NCR_E2E_NODE picks the Node binary (runTest.ts sets
# it to its own); the exit code is the suite's.
exec "${NCR_E2E_NODE:-node}" "$(dirname "$0")/runSuite.mjs" "$@"

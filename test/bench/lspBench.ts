/**
 * The language server's lines: what a hover costs over stdio against the same hover in process
 * plus the transport's own round trip, and how long a server takes to answer `initialize`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createCronService } from '../../src/core/service';
import { LspWorkspace } from '../../src/lsp/workspace';
import { loadTypeScript } from '../../src/node/loadTypeScript';
import { PULL_CLIENT, PUSH_CLIENT, TestClient, uriOf } from '../unit/lsp/lspClient';
import { MEMORY_USAGE_METHOD, type MemoryUsageResult } from '../../src/vscode/protocol';
import { type BenchLine, median, spreadOf } from './measure';
import { HEAP_BUDGET_MB, routeSource, writeCronApp } from './routeBench';

const ROUNDS = 15;
const PER_ROUND = 40;
const STARTS = 5;

function vercelJson(entries: number): string {
  const crons = Array.from(
    { length: entries },
    (_, i) => `    { "path": "/api/cron/job-${i}", "schedule": "${i % 2 ? '*/15 * * * *' : '0 3 * * *'}" }`,
  );
  return `{\n  "crons": [\n${crons.join(',\n')}\n  ]\n}\n`;
}

function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

async function timeAsync(fn: () => Promise<unknown>, times: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < times; i++) await fn();
  return Number(process.hrtime.bigint() - start) / times;
}

/**
 * A schedule hover through `lsp --stdio` against the facade's hover in this process (made as the
 * server makes it) plus an empty request's round trip: what the server may add is its own
 * dispatch, not a second analysis. Budget ≤ 2×.
 */
async function benchHoverRoundTrip(root: string, text: string): Promise<BenchLine> {
  const file = path.join(root, 'vercel.json');
  const offset = text.indexOf('"*/15 * * * *"') + 3;
  const position = positionOf(text, offset);
  const client = new TestClient();
  try {
    await client.initialize(root, PUSH_CLIENT, { trusted: false });
    await client.open(file, text, 'json');
    await client.diagnosticsFor(uriOf(file));
    const hoverParams = { textDocument: { uri: uriOf(file) }, position };
    const serverHover = () => client.request<{ contents: unknown } | null>('textDocument/hover', hoverParams);
    // An unhandled method: the JSON-RPC layer answers it at once, so this is the transport alone.
    const emptyRequest = () => client.connection.sendRequest('nextCronRoutes/benchEmpty', {}).catch(() => undefined);

    const workspace = new LspWorkspace(() => undefined);
    workspace.setFolders([root]);
    const service = createCronService(workspace.host(), (f) => workspace.folderOf(f));
    const options = {
      displayTimeZone: workspace.displayTimeZone(file),
      shownAtCursor: [],
      fileLink: (folder: string, name: string) => uriOf(path.join(folder, name)),
    };
    const inProcessHover = async () => service.hover(file, offset, options);

    const answered = await serverHover();
    if (!answered || !service.hover(file, offset, options)) throw new Error('the bench hover position has no hover');
    for (let i = 0; i < PER_ROUND * 3; i++) {
      await serverHover();
      await emptyRequest();
      await inProcessHover();
    }
    const ratios: number[] = [];
    const overServer: number[] = [];
    const inProcess: number[] = [];
    const transport: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const server = await timeAsync(serverHover, PER_ROUND);
      const empty = await timeAsync(emptyRequest, PER_ROUND);
      const local = await timeAsync(inProcessHover, PER_ROUND);
      overServer.push(server);
      transport.push(empty);
      inProcess.push(local);
      ratios.push(server / (local + empty));
    }
    return {
      name: 'LSP hover vs in-process hover + empty RTT',
      ratio: median(ratios),
      spread: spreadOf(ratios),
      budget: 2,
      detail: `server ${(median(overServer) / 1e3).toFixed(0)} µs, in process ${(median(inProcess) / 1e3).toFixed(0)} µs, empty request ${(median(transport) / 1e3).toFixed(0)} µs`,
    };
  } finally {
    await client.shutdown().catch(() => client.kill());
  }
}

/** From spawning `lsp --stdio` to its `initialize` answer, and to the first diagnostics of an opened vercel.json. */
async function benchServerStart(root: string, text: string): Promise<BenchLine> {
  const file = path.join(root, 'vercel.json');
  const initialized: number[] = [];
  const diagnosed: number[] = [];
  for (let start = 0; start < STARTS; start++) {
    const began = process.hrtime.bigint();
    const client = new TestClient();
    try {
      await client.initialize(root, PUSH_CLIENT, { trusted: false });
      initialized.push(Number(process.hrtime.bigint() - began) / 1e6);
      await client.open(file, text, 'json');
      await client.diagnosticsFor(uriOf(file));
      diagnosed.push(Number(process.hrtime.bigint() - began) / 1e6);
    } finally {
      await client.shutdown().catch(() => client.kill());
    }
  }
  return {
    name: 'language server start',
    detail: `initialize answered after ${median(initialized).toFixed(0)} ms, first vercel.json diagnostics after ${median(diagnosed).toFixed(0)} ms (medians of ${STARTS} fresh processes)`,
  };
}

/** CPU time (user + system) the process `pid` has used, in microseconds; undefined where /proc is not there. */
function processCpuMicros(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in clock ticks.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Linux's USER_HZ, the unit of /proc/<pid>/stat's times: 100 on every architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;
/** Keystrokes per round: at ~0.3 ms each, a round is ~60 ticks of the server's CPU clock, so one tick is under 2%. */
const KEYSTROKES_PER_ROUND = 2000;
const KEYSTROKE_ROUNDS = 5;

/**
 * A keystroke in one route of the 2,000-route app, inside the server process: the CPU time the
 * server spends on a didChange and the pull that follows, beyond what it spends on a pull with
 * nothing changed (the same answer over the same transport, from what the last check kept),
 * against the CPU time of a bare ts.createSourceFile of the file here. Budget ≤ 3×, as in process
 * (`editing one route of 2,000`). CPU time, not the client's wall clock: the budget is the
 * server's work, and the wall clock also holds the client's side of the transport, which the
 * hover line measures, and every wait for a core on a busy machine. The round trip is printed too.
 */
async function benchServerKeystroke(): Promise<BenchLine[]> {
  const ts = loadTypeScript();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-bench-lsp-edit-'));
  // --expose-gc: the memory request then reports the live heap, as the in-process heap lines do.
  const client = new TestClient(null, ['lsp', '--stdio'], ['--expose-gc']);
  const name = 'LSP keystroke in 2,000 routes vs parse (server CPU)';
  try {
    writeCronApp(root);
    fs.writeFileSync(
      path.join(root, 'package.json'),
      JSON.stringify({ name: 'bench', private: true, dependencies: { next: '15.3.2' } }) + '\n',
    );
    const file = path.join(root, 'app', 'api', 'cron', 'job-7', 'route.ts');
    const uri = uriOf(file);
    const serverCpu = () => processCpuMicros(client.child.pid!);
    const heapMb = async () => (await client.request<MemoryUsageResult>(MEMORY_USAGE_METHOD, null)).heapUsed / 2 ** 20;
    // A pulling client: each keystroke's diagnostics are asked for, as VS Code's pull feature does,
    // so the line times the re-check and not the pause pushed diagnostics wait for.
    await client.initialize(root, PULL_CLIENT, { trusted: false });
    let version = 1;
    await client.open(file, routeSource(7), 'typescript', version);
    const diagnose = () => client.request<{ items: unknown[] }>('textDocument/diagnostic', { textDocument: { uri } });
    await diagnose();
    const heapAfterCheck = await heapMb();
    const textOf = (v: number) => `${routeSource(7)}// edit ${v}\n`;
    const keystroke = async () => {
      version++;
      await client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: textOf(version) }] });
      await diagnose();
    };
    const parseCpu = () => {
      const start = process.cpuUsage();
      for (let i = 0; i < KEYSTROKES_PER_ROUND; i++) ts.createSourceFile(file, textOf(version), ts.ScriptTarget.Latest);
      const used = process.cpuUsage(start);
      return (used.user + used.system) / KEYSTROKES_PER_ROUND;
    };
    for (let i = 0; i < KEYSTROKES_PER_ROUND / 4; i++) {
      await keystroke();
      await diagnose();
    }
    parseCpu();
    const memory = async (): Promise<BenchLine[]> => {
      const heapAfterEdits = await heapMb();
      return [
        {
          name: 'LSP server heap after a full check of 2,000 routes',
          detail: `${heapAfterCheck.toFixed(0)} MB (budget ≤ ${HEAP_BUDGET_MB} MB, as in process)`,
          withinBudget: heapAfterCheck <= HEAP_BUDGET_MB,
        },
        {
          name: `LSP server heap after ${version - 1} keystrokes in one route`,
          detail: `${heapAfterEdits.toFixed(0)} MB (${heapAfterEdits - heapAfterCheck >= 0 ? '+' : ''}${(heapAfterEdits - heapAfterCheck).toFixed(1)} MB against after the check)`,
        },
      ];
    };
    if (serverCpu() === undefined)
      return [
        { name, detail: "not measured: the server process's CPU time is read from /proc, which this system does not have" },
        ...(await memory()),
      ];
    const ratios: number[] = [];
    const edits: number[] = [];
    const parses: number[] = [];
    const trips: number[] = [];
    for (let round = 0; round < KEYSTROKE_ROUNDS; round++) {
      const before = serverCpu()!;
      const wallStart = process.hrtime.bigint();
      for (let i = 0; i < KEYSTROKES_PER_ROUND; i++) await keystroke();
      const wallEdits = Number(process.hrtime.bigint() - wallStart) / 1e3 / KEYSTROKES_PER_ROUND;
      const afterEdits = serverCpu()!;
      const wallPullStart = process.hrtime.bigint();
      for (let i = 0; i < KEYSTROKES_PER_ROUND; i++) await diagnose();
      const wallPull = Number(process.hrtime.bigint() - wallPullStart) / 1e3 / KEYSTROKES_PER_ROUND;
      const afterPulls = serverCpu()!;
      const edit = (afterEdits - before - (afterPulls - afterEdits)) / KEYSTROKES_PER_ROUND;
      const parse = parseCpu();
      edits.push(edit);
      parses.push(parse);
      trips.push(wallEdits - wallPull);
      ratios.push(edit / parse);
    }
    return [
      {
        name,
        ratio: median(ratios),
        spread: spreadOf(ratios),
        budget: 3,
        detail: `server CPU ${median(edits).toFixed(0)} µs per didChange + pull beyond a pull with nothing changed, parse ${median(parses).toFixed(0)} µs; round trip ${median(trips).toFixed(0)} µs beyond an unchanged pull`,
      },
      ...(await memory()),
    ];
  } finally {
    await client.shutdown().catch(() => client.kill());
    fs.rmSync(root, { recursive: true, force: true });
  }
}

export async function benchLanguageServer(): Promise<BenchLine[]> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-bench-lsp-'));
  try {
    const text = vercelJson(20);
    fs.writeFileSync(path.join(root, 'vercel.json'), text);
    fs.writeFileSync(
      path.join(root, 'package.json'),
      JSON.stringify({ name: 'bench', private: true, dependencies: { next: '15.3.2' } }) + '\n',
    );
    return [await benchServerStart(root, text), await benchHoverRoundTrip(root, text), ...(await benchServerKeystroke())];
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

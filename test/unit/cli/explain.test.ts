import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../../../src/cli/main';
import { repoRoot } from '../support/repo';

const NOW = new Date('2026-11-28T01:48:00Z');

function runInProcess(args: string[], cwd = os.tmpdir()) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd, now: () => NOW });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

function json(args: string[], cwd?: string) {
  const result = runInProcess([...args, '--json'], cwd);
  return { ...result, body: JSON.parse(result.stdout) as Record<string, unknown> };
}

describe('explain --json contract', () => {
  it('prints exactly the documented keys for a valid schedule', () => {
    const { code, body } = json(['explain', '0 3 * * *', '--tz', 'Asia/Kolkata', '--runs', '2']);
    assert.equal(code, 0);
    assert.deepEqual(Object.keys(body), ['version', 'expression', 'dialect', 'valid', 'description', 'scheduleTimeZone', 'nextRuns', 'nextRunsLocal', 'problems']);
    assert.deepEqual(body, {
      version: 1,
      expression: '0 3 * * *',
      dialect: 'vercel',
      valid: true,
      description: 'At 03:00',
      scheduleTimeZone: 'UTC',
      nextRuns: ['2026-11-28T03:00:00.000Z', '2026-11-29T03:00:00.000Z'],
      nextRunsLocal: ['2026-11-28T08:30:00+05:30', '2026-11-29T08:30:00+05:30'],
      problems: [],
    });
  });

  it('invalid: exit 1, description null, no runs, problem offsets on the bad field', () => {
    const { code, body } = json(['explain', '0 0 * * MON']);
    assert.equal(code, 1);
    assert.equal(body.valid, false);
    assert.equal(body.description, null);
    assert.deepEqual(body.nextRuns, []);
    assert.deepEqual(body.nextRunsLocal, []);
    const [problem] = body.problems as { code: string; severity: string; start: number; end: number }[];
    assert.equal(problem!.code, 'invalid-schedule');
    assert.equal(problem!.severity, 'error');
    assert.equal('0 0 * * MON'.slice(problem!.start, problem!.end), 'MON');
  });

  it('--plan hobby turns a frequent schedule invalid with hobby-frequency', () => {
    const hobby = json(['explain', '*/30 * * * *', '--plan', 'hobby']);
    assert.equal(hobby.code, 1);
    assert.deepEqual((hobby.body.problems as { code: string }[]).map((p) => p.code), ['hobby-frequency']);
    const pro = json(['explain', '*/30 * * * *', '--plan', 'pro']);
    assert.equal(pro.code, 0);
    assert.deepEqual(pro.body.problems, []);
    const none = json(['explain', '*/30 * * * *']);
    assert.deepEqual(none.body.problems, [], 'no plan, no plan-dependent problems');
  });

  it('QStash takes its zone from the CRON_TZ= prefix', () => {
    const { body } = json(['explain', 'CRON_TZ=America/New_York 0 4 * * *', '--dialect', 'qstash', '--from', '2026-11-28T00:00:00Z', '--runs', '1', '--tz', 'UTC']);
    assert.equal(body.scheduleTimeZone, 'America/New_York');
    assert.deepEqual(body.nextRuns, ['2026-11-28T09:00:00.000Z']);
    assert.deepEqual(body.nextRunsLocal, ['2026-11-28T09:00:00+00:00']);
  });

  it('--schedule-tz sets the zone of Trigger.dev schedules; --tz only changes the display', () => {
    const { body } = json(['explain', '0 9 * * *', '--dialect', 'trigger', '--schedule-tz', 'Europe/Berlin', '--from', '2026-11-28T00:00:00Z', '--runs', '1', '--tz', 'Asia/Tokyo']);
    assert.equal(body.scheduleTimeZone, 'Europe/Berlin');
    assert.deepEqual(body.nextRuns, ['2026-11-28T08:00:00.000Z']);
    assert.deepEqual(body.nextRunsLocal, ['2026-11-28T17:00:00+09:00']);
  });

  it('reads nextCronRoutes.* from .vscode/settings.json, and flags override it', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-settings-'));
    fs.mkdirSync(path.join(folder, '.vscode'));
    fs.writeFileSync(
      path.join(folder, '.vscode', 'settings.json'),
      '{\n  // JSONC, as VS Code writes it\n  "nextCronRoutes.plan": "hobby",\n  "nextCronRoutes.displayTimeZone": "Asia/Tokyo",\n  "nextCronRoutes.rules": { "hobby-precision": "off" },\n}\n',
    );
    const fromFile = json(['explain', '0 * * * *'], folder);
    assert.equal(fromFile.code, 1);
    assert.deepEqual((fromFile.body.problems as { code: string }[]).map((p) => p.code), ['hobby-frequency']);
    const daily = json(['explain', '0 3 * * *', '--runs', '1'], folder);
    assert.deepEqual(daily.body.problems, [], 'hobby-precision is off in the settings');
    assert.deepEqual(daily.body.nextRunsLocal, ['2026-11-28T12:00:00+09:00']);
    const flag = json(['explain', '0 * * * *', '--plan', 'pro'], folder);
    assert.equal(flag.code, 0);
  });
});

describe('explain usage errors: exit 2, one line on stderr, nothing on stdout', () => {
  const cases: [string, string[]][] = [
    ['no expression', ['explain']],
    ['two positionals', ['explain', '0', '3']],
    ['unknown dialect', ['explain', '0 3 * * *', '--dialect', 'cronjob']],
    ['unknown flag', ['explain', '0 3 * * *', '--frobnicate']],
    ['runs out of range', ['explain', '0 3 * * *', '--runs', '101']],
    ['runs zero', ['explain', '0 3 * * *', '--runs', '0']],
    ['from without zone', ['explain', '0 3 * * *', '--from', '2026-11-28T09:00:00']],
    ['from garbage', ['explain', '0 3 * * *', '--from', 'tomorrow']],
    ['bad tz', ['explain', '0 3 * * *', '--tz', 'Mars/Olympus']],
    ['schedule-tz on vercel', ['explain', '0 3 * * *', '--schedule-tz', 'Europe/Berlin']],
    ['schedule-tz on qstash', ['explain', '0 3 * * *', '--dialect', 'qstash', '--schedule-tz', 'Europe/Berlin']],
    ['bad plan', ['explain', '0 3 * * *', '--plan', 'free']],
    ['unknown command', ['explian', '0 3 * * *']],
    ['no command', []],
  ];
  for (const [name, args] of cases) {
    it(name, () => {
      const { code, stdout, stderr } = runInProcess(args);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.equal(stderr.split('\n').length, 1, stderr);
      assert.match(stderr, /^next-cron-routes: /);
    });
  }
});

describe('explain text output', () => {
  it('shows a caret under the offending field', () => {
    const { stdout } = runInProcess(['explain', '0 0 * * 1#2']);
    const lines = stdout.split('\n');
    const index = lines.findIndex((l) => l.trim() === '0 0 * * 1#2');
    assert.ok(index > 0, stdout);
    assert.equal(lines[index + 1], '            ^^^');
  });

  it('a schedule only the Hobby plan refuses is "Not allowed on the Hobby plan", not "Not valid"; JSON keeps its shape', () => {
    const hobby = runInProcess(['explain', '*/15 * * * *', '--plan', 'hobby']);
    assert.equal(hobby.code, 1);
    assert.match(hobby.stdout, /^ {2}Not allowed on the Hobby plan\.$/m);
    assert.doesNotMatch(hobby.stdout, /Not valid/);
    assert.match(hobby.stdout, /^error hobby-frequency: /m);
    const pro = runInProcess(['explain', '*/15 * * * *', '--plan', 'pro']);
    assert.equal(pro.code, 0);
    assert.doesNotMatch(pro.stdout, /Not (valid|allowed)/);
    const platform = runInProcess(['explain', '*/15 * * * MON', '--plan', 'hobby']);
    assert.match(platform.stdout, /^ {2}Not valid for Vercel Cron Jobs\.$/m);
    const { body } = json(['explain', '*/15 * * * *', '--plan', 'hobby']);
    assert.deepEqual(Object.keys(body), ['version', 'expression', 'dialect', 'valid', 'description', 'scheduleTimeZone', 'nextRuns', 'nextRunsLocal', 'problems']);
    assert.equal(body.valid, false);
  });

  it('lists next runs with relative times in UTC and the display zone', () => {
    const { stdout, code } = runInProcess(['explain', '0 3 * * *', '--tz', 'America/New_York', '--runs', '2']);
    assert.equal(code, 0);
    assert.match(stdout, /in 1 h 12 min +Sat 2026-11-28 03:00 +Fri 2026-11-27 22:00 UTC-05:00/);
    assert.match(stdout, /Shortest interval between runs: 1 d/);
  });
});

describe('the bundled CLI (dist/cli.js)', () => {
  const cli = path.join(repoRoot(), 'dist', 'cli.js');
  it('runs as a program with the documented exit codes and streams', () => {
    const ok = spawnSync(process.execPath, [cli, 'explain', '0 3 * * *', '--json'], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).valid, true);
    const invalid = spawnSync(process.execPath, [cli, 'explain', '@daily', '--json'], { encoding: 'utf8' });
    assert.equal(invalid.status, 1);
    assert.equal(JSON.parse(invalid.stdout).problems[0].code, 'invalid-schedule');
    const usage = spawnSync(process.execPath, [cli, 'explain'], { encoding: 'utf8' });
    assert.equal(usage.status, 2);
    assert.equal(usage.stdout, '');
    assert.equal(usage.stderr.trim().split('\n').length, 1);
  });
  it('starts with a shebang so npm can link it as a bin', () => {
    assert.ok(fs.readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node'));
  });
});

describe('explain --from: a date that does not exist is a usage error, never rolled over (#14)', () => {
  const impossible: [from: string, why: string][] = [
    ['2026-02-30T00:00:00Z', '2026-02 has 28 days'], // Date made it 2026-03-02
    ['2026-02-29T09:00:00Z', '2026-02 has 28 days'],
    ['2026-04-31T00:00:00+02:00', '2026-04 has 30 days'],
    ['2026-01-00T00:00:00Z', '2026-01 has 31 days'],
    ['2026-13-01T00:00:00Z', 'there is no month 13'],
    ['2026-00-10T00:00:00Z', 'there is no month 00'],
    ['2026-01-01T24:00:00Z', 'hours go from 00 to 23, minutes and seconds from 00 to 59'], // Date made it the next day
    ['2026-01-01T23:60:00Z', 'hours go from 00 to 23, minutes and seconds from 00 to 59'],
    ['2026-01-01T00:00:00+24:00', 'the offset is not a time of day'],
  ];
  for (const [from, why] of impossible) {
    it(`${from}: ${why}`, () => {
      const { code, stdout, stderr } = runInProcess(['explain', '0 3 * * *', '--from', from]);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.equal(stderr, `next-cron-routes: --from: "${from}" is not a valid date and time (${why})`);
    });
  }

  for (const [from, first] of [
    ['2024-02-29T09:00:00Z', '2024-03-01T03:00:00.000Z'],
    ['2026-12-31T23:59:59.999+14:00', '2027-01-01T03:00:00.000Z'],
    ['2026-03-31T02:29:00-00:30', '2026-03-31T03:00:00.000Z'],
  ]) {
    it(`a real instant is still taken: ${from}`, () => {
      const { code, body } = json(['explain', '0 3 * * *', '--from', from, '--runs', '1']);
      assert.equal(code, 0);
      assert.deepEqual(body.nextRuns, [first]);
    });
  }
});

describe('usage errors are one line whatever the argument holds: it is quoted JSON-style (#14)', () => {
  const cases: [name: string, args: string[], stderr: string][] = [
    ['--tz with a line break', ['explain', '0 3 * * *', '--tz', 'Europe/\nBerlin'], 'next-cron-routes: --tz: "Europe/\\nBerlin" is not an IANA time zone'],
    ['--schedule-tz with a line break', ['explain', '0 3 * * *', '--dialect', 'trigger', '--schedule-tz', 'A\nB'], 'next-cron-routes: --schedule-tz: "A\\nB" is not an IANA time zone'],
    ['two expressions, one with a line break', ['explain', '0 3\n* * *', 'x'], 'next-cron-routes: explain takes one expression; quote it: next-cron-routes explain "0 3\\n* * * x"'],
    ['--from with a line break', ['explain', '0 3 * * *', '--from', '2026-11-28\nT09:00:00Z'], 'next-cron-routes: --from must be ISO-8601 with Z or an offset, e.g. 2026-11-28T09:00:00Z; got "2026-11-28\\nT09:00:00Z"'],
    ['an unknown command with a line break', ['expl\nain'], 'next-cron-routes: unknown command "expl\\nain"; try next-cron-routes --help'],
    ['check --max-warnings with a line break', ['check', '.', '--max-warnings', '1\n2'], 'next-cron-routes: --max-warnings must be a whole number from 0, got "1\\n2"'],
  ];
  for (const [name, args, expected] of cases) {
    it(name, () => {
      const { code, stdout, stderr } = runInProcess(args);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.equal(stderr, expected);
    });
  }

  it('an unknown flag with a line break: node names it, the line break is escaped', () => {
    const { code, stderr } = runInProcess(['explain', '0 3 * * *', '--fro\nm']);
    assert.equal(code, 2);
    assert.equal(stderr.split('\n').length, 1, stderr);
    assert.match(stderr, /^next-cron-routes: Unknown option '--fro\\x0am'/);
  });
});

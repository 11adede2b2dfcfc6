// `npm run corpus` (run by hand): `check` on every labelled real-world app at its labelled commit,
// scored against test/corpus/labels/*.json. Prints precision and recall per code, every false
// positive and negative, and the holdout apps' figures apart; writes the same to
// test/corpus/results.txt. See test/corpus/README.md for the label format.
//
// A finding is scored per (file, code): what `check` shows at warning or error level is right
// when the label expects that code on that file, and wrong otherwise (labelled as not expected,
// or not labelled at all: both count against precision). Recall counts each expected
// (file, code) found at any severity. Hints and infos are scored apart, and only where labelled.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// NCR_CORPUS_LABELS: another labels folder (a trial run). With either override results.txt is not written.
const labelsDir = process.env.NCR_CORPUS_LABELS ?? path.join(root, 'test', 'corpus', 'labels');
const resultsFile = path.join(root, 'test', 'corpus', 'results.txt');
const mirror = process.env.NCR_CORPUS_MIRROR ?? '/work/.mirror';
const extractRoot = path.join(root, '.cache', 'corpus-checked');
// NCR_CORPUS_CLI: score another build of the CLI (say, main before a change) on the same labels.
const cli = process.env.NCR_CORPUS_CLI ?? path.join(root, 'dist', 'cli.js');
const { CODES } = await import(path.join(root, 'out', 'src', 'core', 'codes.js'));

const SHOWN = new Set(['error', 'warning']);
const AUTH_CODES = ['missing-auth', 'auth-fails-open', 'auth-spoofable'];
const isHintCode = (code) => !CODES[code] || !SHOWN.has(CODES[code].defaultSeverity);

const output = [];
const say = (line = '') => {
  output.push(line);
  console.log(line);
};

/** The app's tree at its labelled commit, extracted once from the fetched mirror. */
function checkout(label) {
  const gitDir = path.join(mirror, label.repo.replace('/', '+'), 'repo');
  if (!fs.existsSync(gitDir)) return { skipped: `not fetched (no ${gitDir}): fetch github:${label.repo}` };
  const into = path.join(extractRoot, `${label.repo.replace('/', '+')}@${label.commit.slice(0, 12)}`);
  if (!fs.existsSync(path.join(into, '.extracted'))) {
    fs.rmSync(into, { recursive: true, force: true });
    fs.mkdirSync(into, { recursive: true });
    const problem = extract(gitDir, label.commit, into);
    if (problem) return { skipped: problem };
    fs.writeFileSync(path.join(into, '.extracted'), label.commit);
  }
  return { folder: into };
}

/**
 * Writes the commit's regular files into `into`. Not `git archive`: snapshots lack large media
 * blobs, and archive stops at the first missing one; a missing blob here is left out (the check
 * never reads images or videos).
 */
function extract(gitDir, commit, into) {
  const tree = spawnSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '-z', commit], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (tree.status !== 0) return `commit ${commit} not in the mirror: ${tree.stderr.trim()}`;
  const blobs = tree.stdout
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [meta, file] = line.split('\t');
      const [mode, type, sha] = meta.split(' ');
      return { mode, type, sha, file };
    })
    .filter((entry) => entry.type === 'blob' && entry.mode !== '120000');
  const batch = spawnSync('git', ['--git-dir', gitDir, 'cat-file', '--batch'], { input: blobs.map((b) => b.sha).join('\n') + '\n', maxBuffer: 1 << 30 });
  if (batch.status !== 0) return `could not read blobs: ${String(batch.stderr).trim()}`;
  const out = batch.stdout;
  let at = 0;
  for (const blob of blobs) {
    const headerEnd = out.indexOf(10, at);
    const header = out.subarray(at, headerEnd).toString('latin1');
    at = headerEnd + 1;
    if (header.endsWith(' missing')) continue;
    const size = Number(header.split(' ')[2]);
    const target = path.join(into, blob.file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, out.subarray(at, at + size));
    at += size + 1;
  }
  return undefined;
}

/** `check --format json` as the app's developers would run it, at the repository root. */
function check(folder) {
  const run = spawnSync(process.execPath, [cli, 'check', '.', '--format', 'json'], { cwd: folder, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0 && run.status !== 1) return { error: `check exited ${run.status}: ${run.stderr.trim().split('\n')[0] ?? ''}` };
  const json = JSON.parse(run.stdout);
  return { diagnostics: json.diagnostics, notAnalysed: json.notAnalysed ?? [], internalErrors: json.internalErrors ?? [] };
}

function newTally() {
  return { byCode: new Map(), falsePositives: [], falseNegatives: [], notListed: [], listed: 0, unanalysable: 0, authMissedListed: 0, apps: 0, skipped: [] };
}
function count(tally, code, field) {
  const row = tally.byCode.get(code) ?? { tp: 0, fp: 0, fn: 0 };
  row[field]++;
  tally.byCode.set(code, row);
}

function score(label, result, tally) {
  const before = { fp: tally.falsePositives.length, fn: tally.falseNegatives.length };
  const files = new Map(label.files.map((entry) => [entry.file, entry]));
  const reported = new Map(); // "file\0code" → highest shown severity
  for (const d of result.diagnostics) {
    const key = `${d.file}\0${d.code}`;
    if (!reported.has(key) || SHOWN.has(d.severity)) reported.set(key, { severity: d.severity, line: d.line, message: d.message });
  }
  for (const [key, finding] of reported) {
    const [file, code] = key.split('\0');
    const entry = files.get(file);
    const expected = entry?.expected.some((e) => e.code === code);
    const shown = SHOWN.has(finding.severity);
    const bucket = shown ? code : `${code} (hint/info)`;
    const rejected = entry?.notExpected.find((e) => e.code === code);
    if (expected) count(tally, bucket, 'tp');
    else if (shown || rejected) {
      // An unlabelled hint is not scored: labelling hints is optional.
      count(tally, bucket, 'fp');
      const why = rejected?.evidence ?? (entry ? 'not in the label' : 'file not labelled');
      tally.falsePositives.push(`${label.repo} ${file}:${finding.line} ${finding.severity} ${code}: ${why}`);
    }
  }
  for (const entry of label.files) {
    for (const { code, evidence } of entry.expected) {
      if (reported.has(`${entry.file}\0${code}`)) continue;
      const bucket = isHintCode(code) ? `${code} (hint/info)` : code;
      count(tally, bucket, 'fn');
      const unanalysed = entry.analysable === false ? ' [labelled not analysable]' : '';
      // The target: every auth problem on a route the run counts as analysed is found; one
      // on a route the run lists as not analysed is not silence but a said "could not tell".
      const listed = result.notAnalysed.find((n) => n.file === entry.file);
      if (AUTH_CODES.includes(code) && listed) tally.authMissedListed++;
      const listedNote = listed ? ` [listed as not analysed: ${listed.reason}]` : '';
      tally.falseNegatives.push(`${label.repo} ${entry.file} ${code}${unanalysed}${listedNote}: ${evidence}`);
    }
    if (entry.analysable === false) {
      tally.unanalysable++;
      if (result.notAnalysed.some((n) => n.file === entry.file)) tally.listed++;
      else tally.notListed.push(`${label.repo} ${entry.file}`);
    }
  }
  const shown = result.diagnostics.filter((d) => SHOWN.has(d.severity)).length;
  return { shown, wrong: tally.falsePositives.length - before.fp, missed: tally.falseNegatives.length - before.fn };
}

function percent(part, whole) {
  return whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`;
}

function report(title, tally) {
  say(`## ${title}: ${tally.apps} apps`);
  say();
  say('| code | right | wrong | missed | precision | recall |');
  say('|---|---:|---:|---:|---:|---:|');
  let tp = 0;
  let fp = 0;
  for (const [code, row] of [...tally.byCode].sort(([a], [b]) => a.localeCompare(b))) {
    say(`| ${code} | ${row.tp} | ${row.fp} | ${row.fn} | ${percent(row.tp, row.tp + row.fp)} | ${percent(row.tp, row.tp + row.fn)} |`);
    if (!code.endsWith('(hint/info)')) {
      tp += row.tp;
      fp += row.fp;
    }
  }
  const auth = AUTH_CODES.map((code) => tally.byCode.get(code) ?? { tp: 0, fn: 0 });
  const authFound = auth.reduce((n, row) => n + row.tp, 0);
  const authMissed = auth.reduce((n, row) => n + row.fn, 0);
  say();
  say(`Shown at warning or error level: ${tp + fp}, right ${tp}, precision ${percent(tp, tp + fp)} (target ≥ 97%)`);
  say(`Labelled missing-auth / auth-fails-open / auth-spoofable found: ${authFound} of ${authFound + authMissed}`);
  say(`  missed on routes counted as analysed: ${authMissed - tally.authMissedListed}; on routes listed as not analysed: ${tally.authMissedListed}`);
  say(`Routes labelled not analysable: ${tally.unanalysable}, listed in notAnalysed: ${tally.listed}`);
  say();
  return { tp, fp };
}

const labels = fs
  .readdirSync(labelsDir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => JSON.parse(fs.readFileSync(path.join(labelsDir, name), 'utf8')));

const all = newTally();
const kept = newTally();
const holdout = newTally();
const problems = [];
const perApp = [];
for (const label of labels) {
  const place = checkout(label);
  if (place.skipped) {
    problems.push(`${label.repo}: skipped, ${place.skipped}`);
    continue;
  }
  const result = check(place.folder);
  if (result.error) {
    problems.push(`${label.repo}: ${result.error}`);
    continue;
  }
  for (const e of result.internalErrors) problems.push(`${label.repo}: internal error in ${e.file}`);
  for (const tally of [all, label.holdout ? holdout : kept]) {
    tally.apps++;
    const figures = score(label, result, tally);
    if (tally === all) perApp.push(`| ${label.repo} | ${label.holdout ? 'holdout' : ''} | ${label.shape} | ${figures.shown} | ${figures.wrong} | ${figures.missed} |`);
  }
}

say(`# Corpus: ${path.relative(root, cli)}, ${labels.length} labelled apps (${labels.filter((l) => l.holdout).length} holdout), ${all.apps} checked`);
say();
report('All apps', all);
report('Holdout apps', holdout);
report('Apps fixtures may learn from', kept);
say('## Per app (shown: findings at warning or error level; wrong and missed counted per file and code)');
say();
say('| app | set | shape | shown | wrong | missed |');
say('|---|---|---|---:|---:|---:|');
for (const line of perApp) say(line);
say();
say('## Wrong findings (false positives; hints/infos only when labelled not expected)');
say();
for (const line of all.falsePositives) say(`- ${line}`);
if (!all.falsePositives.length) say('none');
say();
say('## Missed findings (false negatives)');
say();
for (const line of all.falseNegatives) say(`- ${line}`);
if (!all.falseNegatives.length) say('none');
say();
say('## Labelled not analysable but not listed in notAnalysed');
say();
for (const line of all.notListed) say(`- ${line}`);
if (!all.notListed.length) say('none');
if (problems.length) {
  say();
  say('## Not checked');
  say();
  for (const line of problems) say(`- ${line}`);
}
if (!process.env.NCR_CORPUS_LABELS && !process.env.NCR_CORPUS_CLI) fs.writeFileSync(resultsFile, `${output.join('\n')}\n`);

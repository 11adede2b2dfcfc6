/** Small timing helpers: medians of repeated rounds, so one GC pause does not decide a ratio. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nanoseconds per call of `fn`, as the median over `rounds` rounds of `iterations` calls. */
export function timePerCall(fn: () => void, iterations: number, rounds = 7): number {
  for (let i = 0; i < Math.min(iterations, 200); i++) fn();
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn();
    samples.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  return median(samples);
}

/**
 * Times `subject` and `baseline` in alternating rounds and returns the median of the per-round
 * ratios: a load spike on a shared machine then hits both sides of a ratio alike.
 */
export function compare(subject: () => void, baseline: () => void, iterations: number, rounds = 15): { ratio: number; spread: Spread; subjectNs: number; baselineNs: number } {
  // Warm both to steady state first (JIT tiers, caches of both sides), so the ratio compares
  // the code paths an editor session runs after its first few hovers, not the first calls.
  // A count alone left the bigger subjects (a whole route check) short of their optimised tiers;
  // a second of alternating calls gets there for every subject here.
  const warmup = Math.max(iterations * 5, 500);
  const warmUntil = process.hrtime.bigint() + 1_000_000_000n;
  for (let i = 0; i < warmup || process.hrtime.bigint() < warmUntil; i++) {
    subject();
    baseline();
  }
  const ratios: number[] = [];
  const subjects: number[] = [];
  const baselines: number[] = [];
  const time = (fn: () => void) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn();
    return Number(process.hrtime.bigint() - start) / iterations;
  };
  for (let r = 0; r < rounds; r++) {
    const a = time(subject);
    const b = time(baseline);
    subjects.push(a);
    baselines.push(b);
    ratios.push(a / b);
  }
  return { ratio: median(ratios), spread: spreadOf(ratios), subjectNs: median(subjects), baselineNs: median(baselines) };
}

/** The lowest and highest per-round ratio: how far one run of the bench can be trusted. */
export interface Spread {
  min: number;
  max: number;
}

export function spreadOf(ratios: number[]): Spread {
  return { min: Math.min(...ratios), max: Math.max(...ratios) };
}

export interface BenchLine {
  name: string;
  ratio?: number;
  /** Beside every median ratio: its rounds' min–max. */
  spread?: Spread;
  budget?: number;
  /** For a line judged by something other than a ratio (a heap size): whether it met its budget. */
  withinBudget?: boolean;
  detail: string;
}

export function printLines(lines: BenchLine[]): boolean {
  let ok = true;
  for (const line of lines) {
    const within = line.withinBudget ?? (line.budget === undefined || line.ratio === undefined ? undefined : line.ratio <= line.budget);
    const verdict = within === undefined ? '' : within ? '  ok' : '  OVER BUDGET';
    if (verdict.includes('OVER')) ok = false;
    const spread = line.spread === undefined ? '' : ` [${line.spread.min.toFixed(2)}–${line.spread.max.toFixed(2)}]`;
    const ratio = line.ratio === undefined ? '' : `${line.ratio.toFixed(2)}×${spread}${line.budget === undefined ? '' : ` (budget ≤ ${line.budget}×)`}`;
    console.log(`${line.name.padEnd(44)} ${ratio.padEnd(36)} ${line.detail}${verdict}`);
  }
  return ok;
}

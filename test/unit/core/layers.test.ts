import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/repo';

/**
 * The core's folders in layer order (ARCHITECTURE.md): a module may import from its own folder and
 * from the folders before it, never from one after it. Top-level modules (codes.ts, types.ts,
 * limits.ts, diagnostics.ts…) are the ground floor, except the facade (service.ts, jobs.ts), which stands above all.
 */
const LAYERS = ['time', 'cron', 'next', 'vercel', 'routes', 'wrappers', 'trigger', 'schedulers', 'service', 'facade'] as const;
/** Top-level modules that belong to a layer rather than the ground floor. */
const TOP_LEVEL_LAYER: Record<string, (typeof LAYERS)[number]> = { 'service.ts': 'service', 'jobs.ts': 'service' };
const CORE = path.join(repoRoot(), 'src', 'core');

function layerOf(relative: string): number {
  const [first, ...rest] = relative.split('/');
  if (rest.length === 0) {
    const named = TOP_LEVEL_LAYER[first!];
    return named === undefined ? -1 : LAYERS.indexOf(named);
  }
  const index = LAYERS.indexOf(first as (typeof LAYERS)[number]);
  assert.notEqual(index, -1, `src/core/${first}/ has no place in the layer order: add it to LAYERS and ARCHITECTURE.md`);
  return index;
}

describe('core layers: no import runs from a lower folder to a higher one', () => {
  it('every relative import of src/core stays in its layer or goes down', () => {
    const wrongWay: string[] = [];
    const files = fs.readdirSync(CORE, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => f.split(path.sep).join('/'));
    for (const file of files) {
      const text = fs.readFileSync(path.join(CORE, file), 'utf8');
      for (const match of text.matchAll(/^(?:import|export)[^'"]*?from '(\.{1,2}\/[^']+)'/gm)) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), match[1]!));
        if (target.startsWith('..')) continue;
        if (layerOf(target) > layerOf(file)) wrongWay.push(`${file} -> ${target}`);
      }
    }
    assert.deepEqual(wrongWay, [], 'imports from a lower layer to a higher one');
  });
});

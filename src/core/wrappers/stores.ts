import type { ProjectView } from '../vercel/project';
import { STORE_FAMILIES, STORE_PACKAGES, type StoreKind } from './protocol';

export type StoreFamily = keyof typeof STORE_FAMILIES;

export function isStoreFamily(value: string): value is StoreFamily {
  return Object.prototype.hasOwnProperty.call(STORE_FAMILIES, value);
}

/** The app's dependencies and devDependencies from package.json; empty when it cannot be read. */
export function dependenciesOf(project: ProjectView): Readonly<Record<string, unknown>> {
  const text = project.readFile('package.json');
  // Every cron route's fixes ask; the text only changes with a file event.
  if (lastDependencies === undefined || lastDependencies.text !== text) lastDependencies = { text, dependencies: readDependencies(text) };
  return lastDependencies.dependencies;
}

let lastDependencies: { text: string | undefined; dependencies: Readonly<Record<string, unknown>> } | undefined;

function readDependencies(text: string | undefined): Readonly<Record<string, unknown>> {
  try {
    const json = JSON.parse(text ?? '{}') as { dependencies?: Record<string, unknown>; devDependencies?: Record<string, unknown> };
    return { ...json.devDependencies, ...json.dependencies };
  } catch {
    // A broken package.json names no store; the interface store still works.
    return {};
  }
}

/** The stores the app's dependencies can back, Redis clients first, in a stable order. */
export function detectStores(project: ProjectView): StoreKind[] {
  const dependencies = dependenciesOf(project);
  return (Object.keys(STORE_PACKAGES) as Exclude<StoreKind, 'interface'>[]).filter((kind) => Object.prototype.hasOwnProperty.call(dependencies, STORE_PACKAGES[kind]));
}

/**
 * The store a fix uses: the first detected one of the requested family (`--store`), else the
 * first detected one (never a package the app lacks), else the typed interface the user implements.
 */
export function chooseStore(detected: readonly StoreKind[], family?: StoreFamily): StoreKind {
  if (family === 'interface') return 'interface';
  const inFamily = family ? detected.find((kind) => (STORE_FAMILIES[family] as readonly StoreKind[]).includes(kind)) : undefined;
  return inFamily ?? detected[0] ?? 'interface';
}

/** Labels for the quick pick that asks when several stores fit. */
export const STORE_LABELS: Record<StoreKind, string> = {
  'upstash-redis': 'Upstash Redis (@upstash/redis, SET NX EX over HTTP)',
  ioredis: 'Redis (ioredis, SET NX EX)',
  'node-redis': 'Redis (redis, SET NX EX)',
  pg: 'PostgreSQL (pg, INSERT … ON CONFLICT)',
  'postgres-js': 'PostgreSQL (postgres, INSERT … ON CONFLICT)',
  neon: 'PostgreSQL (@neondatabase/serverless, INSERT … ON CONFLICT)',
  'vercel-postgres': 'PostgreSQL (@vercel/postgres, INSERT … ON CONFLICT)',
  interface: 'My own store (a typed interface to implement)',
};

import type { Span } from '../types';

/**
 * What a configuration read from vercel.toml or vercel.ts carries beyond the JSON model: its
 * format (fixes and messages speak its syntax) and what the reader could not take as written.
 */
export interface ConfigSource {
  format: 'toml' | 'ts';
  /** The configuration's file name (vercel.toml, vercel.mts…), as messages name it. */
  file: string;
  /** Values the file computes (a call, a template with substitutions): skipped, each reported once as `config-not-static`. */
  notStatic: Span[];
  /**
   * Values written elsewhere than where the configuration uses them (a local const, a spread of
   * another literal): their spans point at the const, which other entries may share, so no fix
   * rewrites them.
   */
  borrowed: Span[];
}

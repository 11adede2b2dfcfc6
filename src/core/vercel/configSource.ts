import type { Span } from '../types';

/**
 * What a configuration read from vercel.toml or vercel.ts carries beyond the JSON model: its
 * format (fixes and messages speak its syntax) and what the reader could not take as written.
 */
export interface ConfigSource {
  format: 'toml' | 'ts';
  /** The configuration's file name (vercel.toml, vercel.mts…), as messages name it. */
  file: string;
  /** Values the file computes (a call, a template with substitutions): skipped, each reported once at most as `config-not-static`. */
  notStatic: NotStaticValue[];
  /**
   * Values written elsewhere than where the configuration uses them (a local const, a spread of
   * another literal): their spans point at the const, which other entries may share, so no fix
   * rewrites them.
   */
  borrowed: Span[];
}

/** A value the file computes, and where in the configuration it lies. */
export interface NotStaticValue {
  span: Span;
  /**
   * The configuration's top-level keys it lies under, one per place it is used (a const may be
   * used under several); undefined for a place whose key cannot be told: the whole configuration,
   * a spread or computed key at its top, an export read from another module.
   */
  topKeys: (string | undefined)[];
}

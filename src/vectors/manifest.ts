/** A vector set's manifest.json, as written by extract/import (types only: the wire module and the dashboard read it). */

/** What the one readout needs beside the vectors (see readout.ts). */
export interface ReadoutStats {
  /** File (in the set folder) holding μ_L, the neutral mean activation, per layer. */
  neutral_file: string;
  /** Neutral tokens μ and σ were measured over. */
  neutral_tokens: number;
  /** σ: the spread of (h − μ_L)·v over neutral tokens, per emotion and layer. */
  spread: Record<string, Record<string, number>>;
}

/** Per emotion: how its stories fared (extraction only). */
export interface StoryStats {
  written: number;
  kept: number;
  masked_tokens: number;
  /** 10th, 50th and 90th percentile story length in tokens (kept stories). */
  length_quantiles: [number, number, number];
}

export interface VectorSetManifest {
  format: "limbic-vector-set";
  /** 2: has `readout` (μ and σ). Sets of version 1 still steer, but cannot be read until upgraded. */
  version: 1 | 2;
  limbic_version: string;
  model: { name: string; file: string; sha256: string; architecture: string; n_embd: number; n_layer: number };
  emotions: string[];
  files: Record<string, string>;
  layers: number[];
  default_layer: number;
  /** Stories that built each vector (held-out stories excluded). */
  counts: Record<string, number>;
  heldout_counts?: Record<string, number>;
  token_offset: number;
  read_mode?: "story" | "generation" | "corpus" | "imported";
  method: string;
  denoise: { variance_fraction: number; components: Record<string, number> };
  /** Mean L2 norm of the residual stream per layer (neutral and story tokens): the unit of steering strength. */
  mean_residual_norms: Record<string, number>;
  created_at: string;
  source?: string;
  readout?: ReadoutStats;
  /** How the reading layer (default_layer) was chosen: accuracy per layer on the training premises only. */
  layer_sweep?: { method: string; accuracy: Record<string, number> };
  prompt_style?: "base" | "chat";
  /** The balanced grid: premises per emotion and which of them are held out (the same for every emotion). */
  grid?: { premises: number[]; held_out: number[] };
  story_stats?: Record<string, StoryStats>;
}

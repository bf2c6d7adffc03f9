/**
 * A vector set's manifest as a few lines for the terminal: what it was made from, which emotions
 * and layers it holds, whether it can be read, and the steering unit. `--json` prints the whole
 * manifest (every σ, norm and story count).
 */
import type { VectorSetManifest } from "../vectors/manifest.js";

/** How many names a line lists before it says how many more there are. */
const LISTED = 12;

function listed(names: readonly string[]): string {
  return names.length <= LISTED ? names.join(", ") : `${names.slice(0, LISTED).join(", ")}, … and ${names.length - LISTED} more`;
}

/** "16" when every emotion has the same count, "12–16" otherwise. */
function countRange(counts: Record<string, number>): string {
  const values = Object.values(counts);
  if (values.length === 0) return "none";
  const low = Math.min(...values);
  const high = Math.max(...values);
  return low === high ? String(low) : `${low}–${high}`;
}

export function vectorSetSummary(manifest: VectorSetManifest, dir: string): string {
  const m = manifest;
  const layer = m.default_layer;
  const lines = [
    `Vector set ${dir}: ${m.emotions.length} emotion${m.emotions.length === 1 ? "" : "s"} for ${m.model.name} (${m.model.architecture}, ${m.model.n_layer} layers, n_embd ${m.model.n_embd}; ${m.model.file}, sha256 ${m.model.sha256.slice(0, 12)}…)`,
    `emotions: ${listed(m.emotions)}`,
  ];
  const sweep = m.layer_sweep?.accuracy[String(layer)];
  lines.push(
    `layers: ${m.layers.join(", ")}; reading layer ${layer}${sweep !== undefined ? ` (accuracy ${(sweep * 100).toFixed(1)}% on the training premises)` : ""}`,
  );
  const stories =
    m.read_mode === "imported"
      ? "imported control vectors"
      : `stories per emotion ${countRange(m.counts)}${m.heldout_counts ? `, held out ${countRange(m.heldout_counts)}` : ""}`;
  lines.push(`${stories}; read mode ${m.read_mode ?? "story"}${m.prompt_style ? `, prompt style ${m.prompt_style}` : ""}, token offset ${m.token_offset}`);
  lines.push(
    m.readout
      ? `readout: z = (h − μ)·v / σ, μ and σ measured over ${m.readout.neutral_tokens} neutral tokens`
      : `readout: none (a set from an older Limbic): it steers, but reading needs \`limbic vectors upgrade <model> ${dir}\``,
  );
  const norm = m.mean_residual_norms[String(layer)];
  if (norm !== undefined)
    lines.push(`steering unit at layer ${layer}: mean residual norm ${norm.toFixed(2)} (strength 0.1 adds ${(norm * 0.1).toFixed(2)} along the unit vector)`);
  lines.push(`made by Limbic ${m.limbic_version} on ${m.created_at}${m.source ? ` from ${m.source}` : ""}`);
  lines.push(`method: ${m.method}`);
  lines.push("The whole manifest (per-emotion counts, σ, norms at every layer): --json.");
  return lines.join("\n") + "\n";
}

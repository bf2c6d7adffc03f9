/**
 * llama.cpp control-vector GGUF files: general.architecture = "controlvector", one F32
 * 1-D tensor "direction.<layer>" of n_embd floats per steered block (never block 0).
 * Loadable by llama.cpp's --control-vector, repeng and Limbic.
 */
import { ControlVectorError, InvalidInputError, LimbicError } from "../errors.js";
import { GGML_TYPE_F32, inspectGguf, readTensorFloats } from "./gguf.js";
import { writeGgufFile } from "./ggufWriter.js";
import type { Steering } from "./steering.js";

export interface ControlVector {
  /** Width of every direction. */
  nEmbd: number;
  /** Free text naming the model the vectors were made for (repeng requires it). */
  modelHint: string;
  /** Block index (1..n_layer-1) to its direction. */
  directions: Map<number, Float32Array>;
}

const directionName = /^direction\.(\d+)$/;

export async function readControlVector(filePath: string): Promise<ControlVector> {
  let file;
  try {
    file = await inspectGguf(filePath);
  } catch (error) {
    if (error instanceof LimbicError)
      throw new ControlVectorError("CONTROL_VECTOR_INVALID", `Control vector ${filePath}: ${error.message}`, error.details, { cause: error });
    throw error;
  }
  if (file.architecture !== "controlvector") {
    throw new ControlVectorError(
      "CONTROL_VECTOR_INVALID",
      `${filePath} is a GGUF of architecture "${file.architecture ?? "none"}", not a control vector ("controlvector").`,
      { path: filePath },
    );
  }
  const directions = new Map<number, Float32Array>();
  let nEmbd = -1;
  for (const tensor of file.tensors) {
    const match = directionName.exec(tensor.name);
    if (!match) continue;
    const layer = Number(match[1]);
    if (layer === 0) {
      throw new ControlVectorError("CONTROL_VECTOR_INVALID", `${filePath} has direction.0; llama.cpp rejects such files (block 0 is never steered).`, {
        path: filePath,
      });
    }
    if (tensor.ggmlType !== GGML_TYPE_F32 || tensor.dimensions.length !== 1) {
      throw new ControlVectorError("CONTROL_VECTOR_INVALID", `${filePath}: ${tensor.name} must be a 1-D F32 tensor.`, { path: filePath, tensor: tensor.name });
    }
    const width = tensor.dimensions[0]!;
    if (nEmbd >= 0 && width !== nEmbd) {
      throw new ControlVectorError("CONTROL_VECTOR_INVALID", `${filePath}: ${tensor.name} has ${width} values, other directions have ${nEmbd}.`, {
        path: filePath,
      });
    }
    nEmbd = width;
    const data = await readTensorFloats(file, tensor.name);
    if (data.some((v) => !Number.isFinite(v))) {
      throw new InvalidInputError("NON_FINITE", `${filePath}: ${tensor.name} contains NaN or Inf.`, { path: filePath, tensor: tensor.name });
    }
    directions.set(layer, data);
  }
  if (directions.size === 0) throw new ControlVectorError("CONTROL_VECTOR_INVALID", `${filePath} has no direction.<layer> tensors.`, { path: filePath });
  const general = file.metadata.controlvector as { model_hint?: string } | undefined;
  return { nEmbd, modelHint: general?.model_hint ?? "", directions: new Map([...directions].sort((a, b) => a[0] - b[0])) };
}

export async function writeControlVector(filePath: string, vector: ControlVector): Promise<void> {
  if (vector.directions.size === 0) throw new InvalidInputError("EMPTY_INPUT", "A control vector needs at least one direction.");
  const layers = [...vector.directions.keys()].sort((a, b) => a - b);
  for (const layer of layers) {
    const data = vector.directions.get(layer)!;
    if (!Number.isInteger(layer) || layer < 1) {
      throw new InvalidInputError("LAYER_NOT_STEERABLE", `Control vectors cannot hold layer ${layer}: llama.cpp steers blocks 1 and later only.`, { layer });
    }
    if (data.length !== vector.nEmbd) {
      throw new InvalidInputError("WIDTH_MISMATCH", `Direction for layer ${layer} has ${data.length} values; the control vector's n_embd is ${vector.nEmbd}.`, {
        layer,
      });
    }
    if (data.some((v) => !Number.isFinite(v))) throw new InvalidInputError("NON_FINITE", `Direction for layer ${layer} contains NaN or Inf.`, { layer });
  }
  await writeGgufFile(
    filePath,
    {
      "general.architecture": { type: "string", value: "controlvector" },
      "controlvector.model_hint": { type: "string", value: vector.modelHint },
      "controlvector.layer_count": { type: "int32", value: layers.length },
    },
    layers.map((layer) => ({ name: `direction.${layer}`, dimensions: [vector.nEmbd], data: Float32Array.from(vector.directions.get(layer)!) })),
  );
}

/** Applies a control vector as stored, times `scale` (like llama.cpp's --control-vector-scaled). */
export function controlVectorSteering(vector: ControlVector, scale = 1): Steering {
  return [...vector.directions].map(([layer, data]) => ({ layer, vector: data, scale }));
}

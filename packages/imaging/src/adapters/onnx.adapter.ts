// The only file that imports onnxruntime-node: loads a U²-Net-family ONNX model and runs it on the CPU.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ort from "onnxruntime-node";
import { ImagingError } from "../errors/imaging-error.js";
import {
  createModelInput,
  normalizePrediction,
  type ModelNormalization,
  type SegmentationModel,
} from "../matting/segmentation-model.js";

/** Where `scripts/fetch-model.js` puts the bundled u2netp model (same path from src/ and dist/). */
export const DEFAULT_MODEL_PATH = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "models",
  "u2netp.onnx",
);

export interface OnnxModelOptions {
  /** Path to the .onnx file; default the bundled u2netp. */
  readonly path?: string;
  /** Square input side; default 320 (u2netp, U²-Net); 1024 for ISNet. */
  readonly inputSize?: number;
  readonly normalization?: ModelNormalization;
  /** Threads for one inference; default 1 (we parallelise across images instead). */
  readonly threads?: number;
}

/** Loads an ONNX segmentation model. Throws ImagingError `model_unavailable` when the file is missing. */
export async function createOnnxSegmentationModel(
  options: OnnxModelOptions = {},
): Promise<SegmentationModel> {
  const file = options.path ?? DEFAULT_MODEL_PATH;
  if (!existsSync(file))
    throw new ImagingError(
      "model_unavailable",
      `segmentation model not found at ${file}; run: node packages/imaging/scripts/fetch-model.js`,
    );
  const size = options.inputSize ?? 320;
  const normalization = options.normalization ?? "u2net";
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(file, {
      intraOpNumThreads: options.threads ?? 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: "all",
    });
  } catch (e) {
    throw new ImagingError("model_unavailable", `cannot load ${file}`, undefined, { cause: e });
  }
  const inputName = session.inputNames[0] ?? "input";
  const outputName = session.outputNames[0] ?? "output";
  return {
    inputSize: size,
    name: path.basename(file, ".onnx"),
    async predict(rgb) {
      const tensor = new ort.Tensor("float32", createModelInput(rgb, size, normalization), [
        1,
        3,
        size,
        size,
      ]);
      const result = await session.run({ [inputName]: tensor });
      const out = result[outputName];
      if (!out || !(out.data instanceof Float32Array)) throw new Error("unexpected model output");
      return normalizePrediction(out.data, size);
    },
    async dispose() {
      await session.release();
    },
  };
}

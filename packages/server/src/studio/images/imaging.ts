// The imaging pipeline's dependencies for the studio, built once per process: the codec and, on first
// need, the segmentation model (photos on plain backdrops are cut out without it).
import {
  createOnnxSegmentationModel,
  createSharpCodec,
  type ImageCodec,
  type SegmentationModel,
} from "@pixl/imaging";

export interface StudioImaging {
  readonly codec: ImageCodec;
  /** The loaded model, or undefined when its file is missing (logged once by the caller). */
  model(): Promise<SegmentationModel | undefined>;
  close(): Promise<void>;
}

export function createStudioImaging(): StudioImaging {
  const codec = createSharpCodec();
  let loading: Promise<SegmentationModel | undefined> | undefined;
  return {
    codec,
    model() {
      loading ??= createOnnxSegmentationModel().catch(() => undefined);
      return loading;
    },
    async close() {
      const model = await loading;
      await model?.dispose();
    },
  };
}

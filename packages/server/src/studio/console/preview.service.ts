// Template previews: the real imaging pipeline on a downscaled copy of one of the contact's own photos, so a
// customer sees what a template does before creating it. Bounded: output at most 800 px on its longest
// side, sources read within the studio's limits, one preview at a time per process, a budget per contact.
import {
  createLayout,
  DEFAULT_DPI,
  editImage,
  isImagingError,
  type EditTemplate,
  type ImageHeader,
} from "@pixl/imaging";
import { createByteLru } from "../../core/cache/byte-lru.js";
import { AppError } from "../../core/errors/index.js";
import { createInMemoryRateLimiter } from "../../store/http/rate-limiter.js";
import type { Contact } from "../contacts/contact.repository.js";
import { getImageForCall } from "../images/image-lookup.js";
import type { StudioImaging } from "../images/imaging.js";
import { createSemaphore } from "../images/semaphore.js";
import { findOwnUpload } from "../images/source-fetch.js";
import type { StudioDeps } from "../studio.deps.js";
import { parseTemplateSpec, toEditTemplate, type TemplateFields } from "../templates/template-spec.js";

export interface PreviewLimits {
  /** Longest side of a preview, pixels. Default 800. */
  maxSide: number;
  /** Previews per contact per minute. Default 30. */
  perContactPerMinute: number;
  /** Previews waiting for the one running; more are refused with 503. Default 4. */
  maxWaiting: number;
}

export const DEFAULT_PREVIEW_LIMITS: PreviewLimits = { maxSide: 800, perContactPerMinute: 30, maxWaiting: 4 };

/** Which photo to preview on: one of the contact's images, or one of its direct uploads (a DownloadUrl). */
export type PreviewSource = { imageTicket: string } | { uploadUrl: string };

export interface Preview {
  image: Buffer;
  mimeType: string;
  width: number;
  height: number;
  /** The preview's size over the final's (1 when the final is small enough to show whole). */
  scale: number;
}

export interface PreviewService {
  preview(contact: Contact, fields: TemplateFields, source: PreviewSource): Promise<Preview>;
}

/** The final's longest side as far as it can be known before the cut-out (canvas, not the product). */
function expectedLongSide(t: EditTemplate, width: number, height: number, dpi: number): number {
  const layout = createLayout({
    imageWidth: width,
    imageHeight: height,
    subject: { left: 0, top: 0, width, height },
    dpi,
    template: t,
  });
  return Math.max(layout.canvasWidth, layout.canvasHeight, width, height);
}

/** The template with every pixel length multiplied by `k` (physical lengths follow the scaled dpi). */
function scaleTemplate(t: EditTemplate, k: number): EditTemplate {
  const px = (v: number) => Math.max(1, Math.round(v * k));
  const r = t.resize;
  const resize =
    r.type === "fixed" && r.unit === "px"
      ? { ...r, width: px(r.width), height: px(r.height) }
      : r.type === "minmax" && r.unit === "px"
        ? {
            ...r,
            ...(r.min === undefined ? {} : { min: px(r.min) }),
            ...(r.max === undefined ? {} : { max: px(r.max) }),
          }
        : r;
  const m = t.margin;
  const margin =
    m.type === "pixels"
      ? {
          ...m,
          top: Math.round(m.top * k),
          bottom: Math.round(m.bottom * k),
          left: Math.round(m.left * k),
          right: Math.round(m.right * k),
        }
      : m;
  // Browsers show JPG and PNG; a TIFF or PSD template is previewed as the PNG or JPG it flattens to.
  const outputFormat = t.background.type === "transparent" ? "png" : t.outputFormat === "png" ? "png" : "jpg";
  return { ...t, resize, margin, outputFormat, jpegQuality: 85 };
}

function orientedSize(h: ImageHeader): { width: number; height: number } {
  return (h.orientation ?? 1) >= 5
    ? { width: h.height, height: h.width }
    : { width: h.width, height: h.height };
}

export function createPreviewService(
  deps: StudioDeps,
  imaging: StudioImaging,
  limits: PreviewLimits = DEFAULT_PREVIEW_LIMITS,
): PreviewService {
  const db = deps.database.kysely;
  const budget = createInMemoryRateLimiter({ windowMs: 60_000 });
  const oneAtATime = createSemaphore(1);
  let waiting = 0;
  // Sources are read once per template session: the customer changes a field, the photo stays the same.
  const sources = createByteLru<Buffer>({
    maxBytes: 64 * 1024 * 1024,
    sizeOf: (b) => b.length,
    maxShare: 1 / 4,
  });

  async function sourceKey(contact: Contact, source: PreviewSource): Promise<string> {
    if ("imageTicket" in source) {
      const image = await getImageForCall(db, contact.id, source.imageTicket, undefined);
      const key = image.filesRemovedAt === null ? image.sourceKeys[0] : undefined;
      if (key === undefined)
        throw new AppError(
          "conflict",
          `The photo of image ${image.ticket} is not stored (yet, or any more).`,
        );
      return key;
    }
    const key = await findOwnUpload(deps, contact.id, source.uploadUrl);
    if (key === undefined) throw new AppError("not_found", "uploadUrl is not one of your direct uploads.");
    return key;
  }

  async function readSource(contact: Contact, key: string): Promise<Buffer> {
    const cacheKey = `${contact.id}:${key}`;
    const cached = sources.get(cacheKey);
    if (cached) return cached;
    const found = await deps.blobs.find(key);
    if (found === undefined) throw new AppError("not_found", "The photo has not been uploaded yet.");
    if (found.size > deps.limits.maxSourceBytes)
      throw new AppError(
        "payload_too_large",
        `The photo is larger than ${deps.limits.maxSourceBytes} bytes.`,
      );
    const { body } = await deps.blobs.get(key);
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
    const bytes = Buffer.concat(chunks);
    sources.set(cacheKey, bytes);
    return bytes;
  }

  async function render(bytes: Buffer, template: EditTemplate): Promise<Preview> {
    const { codec } = imaging;
    const maxPixels = deps.limits.maxSourcePixels;
    const header = await codec.readHeader(bytes);
    if (header.width * header.height > maxPixels)
      throw new AppError("validation_failed", `The photo has more than ${maxPixels} pixels.`);
    const size = orientedSize(header);
    const dpi = header.dpi ?? DEFAULT_DPI;
    const longest = expectedLongSide(template, size.width, size.height, dpi);
    const k = Math.min(1, limits.maxSide / longest);
    const width = Math.max(1, Math.round(size.width * k));
    const height = Math.max(1, Math.round(size.height * k));
    const small = await codec.renderPlain(
      bytes,
      {
        limits: { maxPixels },
        width,
        height,
        left: 0,
        top: 0,
        right: 0,
        bottom: 0,
        background: { r: 255, g: 255, b: 255 },
      },
      { format: "png", quality: 90, dpi: Math.max(1, dpi * k) },
    );
    const scaled = scaleTemplate(template, k);
    const model = scaled.background.type === "none" ? undefined : await imaging.model();
    const result = await editImage(small, scaled, {
      codec,
      maxPixels,
      skipThumbnail: true,
      ...(model ? { model } : {}),
    });
    return {
      image: result.image,
      mimeType: result.mimeType,
      width: result.width,
      height: result.height,
      scale: k,
    };
  }

  return {
    async preview(contact, fields, source) {
      const decision = await budget.hit(
        `preview:${contact.id}`,
        limits.perContactPerMinute,
        deps.clock.now(),
      );
      if (!decision.allowed)
        throw new AppError("rate_limited", "Too many previews; wait a moment.", {
          retry_after: Math.max(1, Math.ceil((decision.resetAt - deps.clock.now()) / 1000)),
        });
      const template = toEditTemplate(parseTemplateSpec(fields));
      const key = await sourceKey(contact, source);
      if (waiting >= limits.maxWaiting)
        throw new AppError("unavailable", "Previews are busy; try again in a moment.", { retry_after: 2 });
      waiting += 1;
      return oneAtATime.run(async () => {
        waiting -= 1;
        try {
          return await render(await readSource(contact, key), template);
        } catch (e) {
          if (isImagingError(e, "model_unavailable"))
            throw new AppError("unavailable", "Background removal is not available on this server.");
          if (isImagingError(e))
            throw new AppError("validation_failed", `The photo could not be edited: ${e.message}.`);
          throw e;
        }
      });
    },
  };
}

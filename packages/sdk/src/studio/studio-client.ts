// The Studio API client (Pixelz REST JSON): every JSON method typed from the contract, direct upload,
// and waiting for an image to finish.
import { PixlError } from "../core/errors.js";
import { createTransport, type Fetch } from "../core/transport.js";
import {
  studioRoutes,
  type ImageStatus,
  type PresignUrl,
  type StudioMethods,
} from "../generated/studio-api.js";
import { createContactListeners } from "./contact-listeners.js";
import { studioErrorOf } from "./studio-errors.js";

export type StudioMethodName = keyof StudioMethods;
type Credentials = "contactEmail" | "contactAPIkey";

/** What a method takes: its request without the credentials the client adds (they may still be overridden). */
export type StudioInput<K extends StudioMethodName> = Omit<StudioMethods[K]["request"], Credentials> &
  Partial<Pick<StudioMethods[K]["request"], Credentials & keyof StudioMethods[K]["request"]>>;
export type StudioOutput<K extends StudioMethodName> = StudioMethods[K]["response"];

type Methods = {
  [K in StudioMethodName]: (
    ...args: keyof StudioInput<K> extends never
      ? [input?: StudioInput<K>]
      : Partial<StudioInput<K>> extends StudioInput<K>
        ? [input?: StudioInput<K>]
        : [input: StudioInput<K>]
  ) => Promise<StudioOutput<K>>;
};

export interface StudioClientOptions {
  /** The server, e.g. `https://api.pixelz.com` or `http://127.0.0.1:3000`. */
  url: string;
  contactEmail: string;
  contactAPIkey: string;
  /** A partner's key, sent with every call when set. */
  developerAPIkey?: string;
  fetch?: Fetch;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** A file to upload: bytes with a name (the name is the presigned object's name). */
export interface UploadFile {
  name: string;
  data: Blob | Uint8Array | ArrayBuffer;
  /** Default from the name's extension. */
  contentType?: string;
}

export interface WaitForImageOptions {
  /** Give up after this long. Default 10 minutes. */
  timeoutMs?: number;
  /** First wait between polls; doubles up to `maxIntervalMs`. Default 500. */
  intervalMs?: number;
  /** Default 10 000. */
  maxIntervalMs?: number;
  /** Stop as soon as this holds. Default: finished (70–80) or failed (0, 12, 90, 999). */
  until?: (status: ImageStatus) => boolean;
  /** Called after each poll (progress display). */
  onPoll?: (status: ImageStatus) => void;
  signal?: AbortSignal;
}

const types: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  gif: "image/gif",
  tif: "image/tiff",
  tiff: "image/tiff",
  psd: "image/vnd.adobe.photoshop",
};

/** Production finished, delivery attempted or done (70–80, 100). */
export const isImageFinished = (s: Pick<ImageStatus, "StatusId">): boolean =>
  (s.StatusId >= 70 && s.StatusId <= 80) || s.StatusId === 100;
/** Deleted, download failed, rejected by the studio, or cleaned up. */
export const isImageFailed = (s: Pick<ImageStatus, "StatusId">): boolean =>
  [0, 12, 90, 999].includes(s.StatusId);

/** An image that ended without a result while `waitForImage` waited. */
export class ImageFailedError extends PixlError {
  override name = "ImageFailedError";
  constructor(readonly status: ImageStatus) {
    super(`image ${status.ImageTicket} ended as ${status.StatusId} ${status.StatusName}`);
  }
}

/** Builds a Studio client; every method resolves with the response or throws StudioApiError. */
export function createStudioClient(options: StudioClientOptions) {
  const transport = createTransport({
    baseUrl: `${options.url.replace(/\/+$/, "")}/REST.svc/JSON`,
    headers: {},
    retry: { maxRetries: 0 },
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    toError: (status, body) => studioErrorOf(status, body) ?? new PixlError(`HTTP ${status}`),
  });
  const doFetch: Fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const credentials = {
    contactEmail: options.contactEmail,
    contactAPIkey: options.contactAPIkey,
    ...(options.developerAPIkey === undefined ? {} : { developerAPIkey: options.developerAPIkey }),
  };

  async function invoke(name: StudioMethodName, input: Record<string, unknown> = {}): Promise<unknown> {
    const route = studioRoutes[name];
    // A partner creating a contact authenticates as developer; the new contact's email is in the input.
    const request: Record<string, unknown> =
      name === "createContact" ? { ...input } : { ...credentials, ...input };
    const path = route.path.replace(/\{(\w+)\}/g, (_m, p: string) => {
      const v = request[p];
      if (typeof v !== "string" && typeof v !== "number") throw new TypeError(`${name} needs ${p}`);
      return encodeURIComponent(String(v));
    });
    const res = await transport.request<Record<string, unknown>>(
      route.method,
      `/${path}`,
      route.method === "GET" ? { query: request } : { body: request },
    );
    const error = studioErrorOf(res.status, res.body);
    if (error) throw error;
    return res.body;
  }

  const methods = Object.fromEntries(
    Object.keys(studioRoutes).map((name) => [
      name,
      (input?: Record<string, unknown>) => invoke(name as StudioMethodName, input),
    ]),
  ) as unknown as Methods;

  /** Presigns and PUTs the files; resolves with the URL pairs, the DownloadUrl usable as `imageURL`. */
  async function uploadMany(files: readonly UploadFile[], signal?: AbortSignal): Promise<PresignUrl[]> {
    if (files.length === 0) return [];
    const { PostingUrls } = await methods.requestPresignUrls({ imageNames: files.map((f) => f.name) });
    return Promise.all(
      files.map(async (file, i) => {
        const pair = PostingUrls[i];
        if (pair === undefined) throw new PixlError(`no upload URL for ${file.name}`);
        const ext = file.name.split(".").pop()?.toLowerCase() ?? "";
        const res = await doFetch(pair.UploadUrl, {
          method: "PUT",
          headers: { "content-type": file.contentType ?? types[ext] ?? "application/octet-stream" },
          body: file.data as Blob,
          ...(signal === undefined ? {} : { signal }),
        });
        await res.body?.cancel();
        if (!res.ok) throw new PixlError(`upload of ${file.name} answered HTTP ${res.status}`);
        return pair;
      }),
    );
  }

  return {
    ...methods,
    /** The contact's listeners (`pixl listen --contact`): callbacks pulled instead of sent. */
    listeners: createContactListeners({
      url: options.url,
      contactEmail: options.contactEmail,
      contactAPIkey: options.contactAPIkey,
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    }),
    /** Uploads one file through RequestPresignUrls and an HTTP PUT; resolves with its URL pair. */
    async upload(file: UploadFile, signal?: AbortSignal): Promise<PresignUrl> {
      const [pair] = await uploadMany([file], signal);
      if (pair === undefined) throw new PixlError(`no upload URL for ${file.name}`);
      return pair;
    },
    uploadMany,
    /**
     * Polls GET Image/{ticket} with exponential backoff until the image is finished (resolves) or failed
     * (throws ImageFailedError), or `timeoutMs` passes (throws PixlError).
     */
    async waitForImage(imageTicket: string, o: WaitForImageOptions = {}): Promise<ImageStatus> {
      const until = Date.now() + (o.timeoutMs ?? 600_000);
      let wait = o.intervalMs ?? 500;
      const done = o.until ?? ((s: ImageStatus) => isImageFinished(s) || isImageFailed(s));
      for (;;) {
        o.signal?.throwIfAborted();
        const { ImageStatus: status } = await methods.getImageStatus({ imageTicket });
        if (status === null) throw new PixlError(`image ${imageTicket} has no status`);
        o.onPoll?.(status);
        if (done(status)) {
          if (o.until === undefined && isImageFailed(status)) throw new ImageFailedError(status);
          return status;
        }
        if (Date.now() + wait > until)
          throw new PixlError(
            `image ${imageTicket} still ${status.StatusId} ${status.StatusName} at the deadline`,
          );
        await sleep(wait);
        wait = Math.min(o.maxIntervalMs ?? 10_000, wait * 2);
      }
    },
  };
}

export type StudioClient = ReturnType<typeof createStudioClient>;

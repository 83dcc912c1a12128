// Request and response shapes of the studio console's JSON endpoints, defined once: the routes validate with
// them, the OpenAPI document shows them, the TypeScript types derive from them.
import { Type, type Static } from "@sinclair/typebox";

const text = (maxLength: number) => Type.String({ maxLength });
const nullable = <T extends ReturnType<typeof Type.String>>(s: T) => Type.Union([s, Type.Null()]);

export const PreviewBody = Type.Object(
  {
    /** The POST Template fields (templateName not needed). */
    template: Type.Record(Type.String({ maxLength: 64 }), text(200), {
      maxProperties: 40,
      description: "The POST Template fields as text (templateOutputFormat, backgroundType, …)",
    }),
    imageTicket: Type.Optional(text(64)),
    /** A DownloadUrl from RequestPresignUrls, once its UploadUrl was PUT. */
    uploadUrl: Type.Optional(text(4096)),
  },
  { additionalProperties: false, description: "Exactly one of imageTicket and uploadUrl" },
);
export type PreviewBody = Static<typeof PreviewBody>;

export const FinalsZipBody = Type.Object(
  { imageTickets: Type.Array(text(64), { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);
export type FinalsZipBody = Static<typeof FinalsZipBody>;

export const TicketParams = Type.Object({ ticket: text(64) });

const Rejection = Type.Object({
  comment: nullable(Type.String()),
  markupImageUrl: nullable(Type.String()),
  at: Type.String({ format: "date-time" }),
});

export const ImageDetail = Type.Object({
  ticket: Type.String({ format: "uuid" }),
  status: Type.Integer(),
  statusName: Type.String(),
  /** Why the image is 12 or 90; empty otherwise. */
  message: Type.String(),
  customerImageId: nullable(Type.String()),
  productId: nullable(Type.String()),
  templateId: Type.Integer(),
  createdAt: Type.String({ format: "date-time" }),
  finishedAt: nullable(Type.String({ format: "date-time" })),
  deadlineAt: Type.String({ format: "date-time" }),
  /** The last segment of the first source URL (the customer's file name); empty when none. */
  sourceName: Type.String(),
  /** Signed link to the downloaded source photo; null before it is downloaded and after cleanup. */
  sourceUrl: nullable(Type.String()),
  finals: Type.Array(
    Type.Object({
      url: Type.String(),
      fileName: Type.String(),
      contentType: Type.String(),
      width: Type.Integer(),
      height: Type.Integer(),
    }),
  ),
  thumbnailUrl: nullable(Type.String()),
  comment: nullable(Type.String()),
  markupImageUrl: nullable(Type.String()),
  rejections: Type.Array(Rejection),
  isTrial: Type.Boolean(),
  isPaid: Type.Boolean(),
});
export type ImageDetail = Static<typeof ImageDetail>;

/** The JSON error body of these endpoints (Pixl's generic shape). */
export const ConsoleError = Type.Object({
  error: Type.String({ examples: ["unauthorized", "not_found", "validation_failed", "rate_limited"] }),
  message: Type.String(),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

// Request and response shapes of the editor API, defined once: the routes validate requests with them, the
// OpenAPI document (openapi/editor-openapi.ts) shows them, and the tests check real answers against them.
import { Type, type TSchema } from "@sinclair/typebox";
import { OPEN_TASK_STATES } from "./editor-queue.js";

const nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const time = nullable(Type.String({ format: "date-time" }));

export const TicketParams = Type.Object({ ticket: Type.String({ maxLength: 64 }) });
export const VersionParams = Type.Object({
  ticket: Type.String({ maxLength: 64 }),
  position: Type.Integer({ minimum: 1, maximum: 100 }),
});
export const FileParams = Type.Object({
  ticket: Type.String({ maxLength: 64 }),
  name: Type.String({ maxLength: 32 }),
});
export const QueueQuery = Type.Object({
  state: Type.Optional(Type.Union([...OPEN_TASK_STATES, "open"].map((s) => Type.Literal(s)))),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  after: Type.Optional(Type.Integer({ minimum: 0 })),
});
export const ReturnBody = Type.Object(
  { note: Type.Optional(nullable(Type.String({ maxLength: 4000 }))) },
  { description: "Optional; an empty body is fine" },
);

const TaskState = Type.Union(
  ["queued", "claimed", "submitted", "approved"].map((s) => Type.Literal(s)),
  { description: "queued (62), claimed (64), submitted (66), approved (70)" },
);

export const EditorMe = Type.Object({
  name: Type.String(),
  contactId: Type.Integer(),
  via: Type.Union([Type.Literal("key"), Type.Literal("session")], {
    description: "How the call was authenticated: an editor key, or a console session",
  }),
});

export const QueueItem = Type.Object({
  ticket: Type.String({ format: "uuid" }),
  statusId: Type.Integer(),
  statusName: Type.String(),
  state: TaskState,
  source: Type.String({ description: "confidence, colour, rejection, …" }),
  reason: Type.String(),
  round: Type.Integer(),
  kind: Type.String(),
  customerImageId: nullable(Type.String()),
  productId: nullable(Type.String()),
  templateId: Type.Integer(),
  deadline: time,
  queuedAt: time,
  claimedBy: nullable(Type.String()),
  claimedAt: time,
  submittedAt: time,
});

export const QueuePage = Type.Object({
  items: Type.Array(QueueItem),
  next: nullable(Type.Integer({ description: "The `after` of the next page" })),
});

export const ItemDetail = Type.Composite([
  QueueItem,
  Type.Object({
    instructions: Type.Object({
      comment: nullable(Type.String()),
      markupImageUrl: nullable(Type.String()),
      rejections: Type.Array(Type.Unknown()),
      colorReferenceFileURL: nullable(Type.String()),
      additionalResourceFileURLs: Type.Array(Type.String()),
      colorVersions: Type.Array(Type.Unknown()),
      colorwayIds: Type.Array(Type.Integer()),
    }),
    report: Type.Unknown({ description: "The automatic editor's report (steps, confidence, warnings)" }),
    versions: Type.Array(
      Type.Object({
        version: Type.Integer({ description: "n of PUT /images/{ticket}/versions/{n}" }),
        customerImageColorID: Type.String(),
        label: Type.String(),
        uploadedBy: nullable(Type.String()),
        uploadedAt: time,
      }),
      { description: "Colour versions: uploaded by hand, or rendered from the result on approval" },
    ),
    files: Type.Array(Type.Object({ name: Type.String(), url: Type.String() })),
    history: Type.Array(
      Type.Object({
        at: time,
        actor: Type.String(),
        action: Type.String(),
        fromStatus: nullable(Type.Integer()),
        toStatus: Type.Integer(),
        note: nullable(Type.String()),
      }),
    ),
  }),
]);

export const Approved = Type.Object({
  ticket: Type.String({ format: "uuid" }),
  statusId: Type.Literal(70),
  statusName: Type.String(),
});

export const EditorErrorBody = Type.Object({
  error: Type.String({ examples: ["unauthorized", "forbidden", "not_found", "conflict"] }),
  message: Type.String(),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

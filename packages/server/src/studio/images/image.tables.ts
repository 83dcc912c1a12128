// The studio's images (one per ticket), their output versions, direct uploads and colour libraries.
import type { Generated } from "kysely";

/** Which POST created the image. */
export type ImageKind = "image" | "white_glove" | "stack";

export interface StudioImagesTable {
  id: Generated<number>;
  /** GUID, unique: the public identity. */
  ticket: string;
  contact_id: number;
  /** The partner whose developerAPIkey posted it (attribution and the partner webhook signature). */
  partner_id: number | null;
  /** Set when the contact posted with its own key as developerAPIkey (signs the partner header too). */
  self_developer: number;
  kind: ImageKind;
  template_id: number;
  /** See image-status.ts. */
  status: number;
  /** Why the image is 12 or 90 (kept for the customer), else null. */
  status_reason: string | null;
  customer_image_id: string | null;
  product_id: string | null;
  customer_folder: string | null;
  /** Ticket of the first image of its stack (StackImage), else null. */
  stack_id: string | null;
  callback_url: string | null;
  deadline_at: number;
  comment: string | null;
  markup_url: string | null;
  /** JSON `ImageRequest`: sources, references, colour change requests, colorway ids. */
  request: string;
  /** JSON `ProductionReport` of the last production round (steps and confidences, white glove's choice), or null. */
  report: string | null;
  /** JSON array of blob keys of the downloaded sources, in `imageURL`…`imageURL5` order. */
  source_keys: string;
  /** 1 when a trial image paid for it (no charge). */
  is_trial: number;
  /** Minor units charged when it is finished (0 for trials). */
  price: number;
  charged_at: number | null;
  is_paid: number;
  invoice_id: number | null;
  /** Production rounds: 1, then +1 after each rejection. Webhook outcomes of older rounds are ignored. */
  round: number;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
  closed_at: number | null;
  files_removed_at: number | null;
}

export interface StudioImageVersionsTable {
  id: Generated<number>;
  image_id: number;
  /** 0 = the template's output; 1… = colour versions in request order. */
  position: number;
  customer_image_color_id: string;
  file_name: string;
  final_key: string;
  thumbnail_key: string | null;
  content_type: string;
  width: number;
  height: number;
  /** 70 pending, 72/74/76/78 after failed webhook attempts, 80 delivered (or downloaded). */
  delivery_status: number;
  downloaded_at: number | null;
}

export interface StudioUploadsTable {
  id: Generated<number>;
  contact_id: number;
  /** Blob key `studio/uploads/<contact>/<uuid>/<name>`; unique. */
  blob_key: string;
  created_at: number;
}

export interface StudioColorwaysTable {
  id: Generated<number>;
  contact_id: number;
  image_url: string;
  /** JSON `ColorwayColor[]`: the swatch's dominant colours, largest first (0310). */
  colors: Generated<string>;
  created_at: number;
}

declare module "../../core/db/tables.js" {
  interface Tables {
    studio_images: StudioImagesTable;
    studio_image_versions: StudioImageVersionsTable;
    studio_uploads: StudioUploadsTable;
    studio_colorways: StudioColorwaysTable;
  }
}

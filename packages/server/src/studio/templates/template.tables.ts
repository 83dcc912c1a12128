// The studio's templates: a contact's editing instructions, stored as the Pixelz fields they arrived as.
import type { Generated } from "kysely";

export interface StudioTemplatesTable {
  id: Generated<number>;
  contact_id: number;
  name: string;
  /** JSON: the normalised Pixelz fields (`TemplateSpec`), numbers as numbers. */
  spec: string;
  /** 0/1: the service's own choice for WhiteGloveService (one per contact, created on first use). */
  is_white_glove: number;
  is_combined_images: number;
  callback_url: string | null;
  comment: string;
  /** Price per image in the contact's currency, minor units, fixed when the template is created. */
  price: number;
  currency: string;
  is_deleted: number;
  created_at: number;
  updated_at: number;
}

declare module "../../core/db/tables.js" {
  interface Tables {
    studio_templates: StudioTemplatesTable;
  }
}

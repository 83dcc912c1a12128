// Templates: creating (POST Template, SOAP AddTemplate), reading, listing, and choosing one for an image.
import type { Clock } from "../../core/clock.js";
import type { Executor } from "../../core/db/index.js";
import { optionalText, optionalUrl } from "../images/image-request.js";
import type { StudioRequest } from "../studio.contract.js";
import { StudioError } from "../studio-errors.js";
import type { Contact } from "../contacts/contact.repository.js";
import { templatePrice } from "./pricing.js";
import { parseTemplateName, parseTemplateSpec, type TemplateSpec } from "./template-spec.js";
import {
  findDefaultTemplate,
  findTemplate,
  findWhiteGloveTemplate,
  insertTemplate,
  type Template,
} from "./template.repository.js";

/** The treatment WhiteGloveService picks: background removed to white, 5 % margins, centred, JPG, 72 h. */
export const WHITE_GLOVE_SPEC: TemplateSpec = {
  templateOutputFormat: "JPG",
  deliveryTimeInHour: 72,
  backgroundType: 1,
  backgroundColor: "FFFFFF",
  backgroundVerticalGradientColor: null,
  resizeType: 0,
  resizeUnit: 0,
  resizeHeight: null,
  resizeWidth: null,
  resizeMinSize: null,
  resizeMaxSize: null,
  marginType: 1,
  marginTop: 5,
  marginBottom: 5,
  marginLeft: 5,
  marginRight: 5,
  marginVerticalAlignment: 2,
  shadowType: 0,
  isKeptMannequin: false,
  isKeptModel: false,
};
export const WHITE_GLOVE_NAME = "White Glove Service";

function flag(value: string | undefined, field: string): boolean {
  const v = (value ?? "").trim().toLowerCase();
  if (v === "" || v === "false" || v === "0") return false;
  if (v === "true" || v === "1") return true;
  throw new StudioError("InvalidParameter", `${field} must be "true" or "false".`);
}

/** Validates every field (a clear Message for the first problem), prices the template and stores it. */
export async function createTemplate(
  db: Executor,
  clock: Clock,
  contact: Contact,
  fields: StudioRequest<"addTemplate">,
): Promise<Template> {
  const name = parseTemplateName(fields.templateName);
  const spec = parseTemplateSpec(fields);
  const isCombinedImages = flag(fields.isCombinedImages, "isCombinedImages");
  return insertTemplate(
    db,
    {
      contactId: contact.id,
      name,
      spec,
      isWhiteGlove: false,
      isCombinedImages,
      callbackUrl: optionalUrl(fields.callbackUrl, "callbackUrl"),
      comment: optionalText(fields.comment, "comment", 4000) ?? "",
      price: templatePrice(spec, isCombinedImages),
      currency: contact.currency,
    },
    clock.now(),
  );
}

/** The contact's template `id` (text from the wire); another contact's is TemplateNotFound too. */
export async function getTemplate(db: Executor, contact: Contact, id: string | undefined): Promise<Template> {
  const text = (id ?? "").trim();
  const n = /^\d{1,15}$/.test(text) ? Number(text) : undefined;
  const template = n === undefined ? undefined : await findTemplate(db, contact.id, n);
  if (template === undefined || template.isDeleted)
    throw new StudioError("TemplateNotFound", `Template ${text.slice(0, 40)} was not found.`);
  return template;
}

/** The White Glove template of a contact, created on first use. */
export async function ensureWhiteGloveTemplate(
  db: Executor,
  clock: Clock,
  contact: Contact,
): Promise<Template> {
  const existing = await findWhiteGloveTemplate(db, contact.id);
  if (existing) return existing;
  return insertTemplate(
    db,
    {
      contactId: contact.id,
      name: WHITE_GLOVE_NAME,
      spec: WHITE_GLOVE_SPEC,
      isWhiteGlove: true,
      isCombinedImages: false,
      callbackUrl: null,
      comment: "",
      price: templatePrice(WHITE_GLOVE_SPEC, false),
      currency: contact.currency,
    },
    clock.now(),
  );
}

/**
 * The template an image is made with: the given `templateId`; without one, the contact's first template;
 * without any, the White Glove treatment (WhiteGloveService always uses that).
 */
export async function resolveImageTemplate(
  db: Executor,
  clock: Clock,
  contact: Contact,
  templateId: string | undefined,
  whiteGlove: boolean,
): Promise<Template> {
  if (whiteGlove) return ensureWhiteGloveTemplate(db, clock, contact);
  if (templateId !== undefined && templateId.trim() !== "") return getTemplate(db, contact, templateId);
  return (await findDefaultTemplate(db, contact.id)) ?? ensureWhiteGloveTemplate(db, clock, contact);
}

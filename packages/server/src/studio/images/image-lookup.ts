// Finding the image a call names: its ticket, or `nonticket` plus the customer's own id; always the caller's.
import type { Executor } from "../../core/db/index.js";
import { StudioError } from "../studio-errors.js";
import {
  findImageByCustomerId,
  findImageByTicket,
  findImageStatusByCustomerId,
  findImageStatusByTicket,
  type Image,
  type ImageStatusRow,
} from "./image.repository.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** How a call names an image: a ticket (lowercase, no braces) or the customer's own id. */
type ImageRef = { ticket: string } | { customerImageId: string };

function toImageRef(imageTicket: string | undefined, customerImageId: string | undefined): ImageRef {
  const given = (imageTicket ?? "").trim();
  if (given.toLowerCase() === "nonticket" || (given === "" && (customerImageId ?? "").trim() !== "")) {
    const id = (customerImageId ?? "").trim();
    if (id === "")
      throw new StudioError(
        "MissingRequiredInformation",
        "customerImageId is required with imageTicket nonticket.",
      );
    return { customerImageId: id };
  }
  if (given === "") throw new StudioError("MissingRequiredInformation", "imageTicket is required.");
  const ticket = given.replace(/^\{(.*)\}$/, "$1").toLowerCase();
  if (!GUID.test(ticket))
    throw new StudioError(
      "InvalidParameter",
      `imageTicket must be a ticket GUID or "nonticket" (got "${given.slice(0, 60)}").`,
    );
  return { ticket };
}

function notFound(ref: ImageRef): StudioError {
  return "ticket" in ref
    ? new StudioError("ImageNotFound", `Image ${ref.ticket} was not found.`)
    : new StudioError(
        "ImageNotFound",
        `No image with customerImageId ${ref.customerImageId.slice(0, 100)} was found.`,
      );
}

/**
 * The contact's image for `{imageTicket}` (a GUID, any case, optional braces) or `nonticket` with
 * `customerImageId` (its most recent image with that id). Another contact's ticket is ImageNotFound,
 * exactly like an unknown one.
 */
export async function getImageForCall(
  db: Executor,
  contactId: number,
  imageTicket: string | undefined,
  customerImageId: string | undefined,
): Promise<Image> {
  const ref = toImageRef(imageTicket, customerImageId);
  const image =
    "ticket" in ref
      ? await findImageByTicket(db, contactId, ref.ticket)
      : await findImageByCustomerId(db, contactId, ref.customerImageId);
  if (image === undefined) throw notFound(ref);
  return image;
}

/** {@link getImageForCall} for the status call: the same rules and errors, only what it shows. */
export async function getImageStatusForCall(
  db: Executor,
  contactId: number,
  imageTicket: string | undefined,
  customerImageId: string | undefined,
): Promise<ImageStatusRow> {
  const ref = toImageRef(imageTicket, customerImageId);
  const image =
    "ticket" in ref
      ? await findImageStatusByTicket(db, contactId, ref.ticket)
      : await findImageStatusByCustomerId(db, contactId, ref.customerImageId);
  if (image === undefined) throw notFound(ref);
  return image;
}

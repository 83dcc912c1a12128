// Finding the image a call names: its ticket, or `nonticket` plus the customer's own id; always the caller's.
import type { Executor } from "../../core/db/index.js";
import { StudioError } from "../studio-errors.js";
import { findImageByCustomerId, findImageByTicket, type Image } from "./image.repository.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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
  const given = (imageTicket ?? "").trim();
  if (given.toLowerCase() === "nonticket" || (given === "" && (customerImageId ?? "").trim() !== "")) {
    const id = (customerImageId ?? "").trim();
    if (id === "")
      throw new StudioError(
        "MissingRequiredInformation",
        "customerImageId is required with imageTicket nonticket.",
      );
    const image = await findImageByCustomerId(db, contactId, id);
    if (image === undefined)
      throw new StudioError("ImageNotFound", `No image with customerImageId ${id.slice(0, 100)} was found.`);
    return image;
  }
  if (given === "") throw new StudioError("MissingRequiredInformation", "imageTicket is required.");
  const ticket = given.replace(/^\{(.*)\}$/, "$1").toLowerCase();
  if (!GUID.test(ticket))
    throw new StudioError(
      "InvalidParameter",
      `imageTicket must be a ticket GUID or "nonticket" (got "${given.slice(0, 60)}").`,
    );
  const image = await findImageByTicket(db, contactId, ticket);
  if (image === undefined) throw new StudioError("ImageNotFound", `Image ${ticket} was not found.`);
  return image;
}

// The studio callback's body (studio-api.md §4) in each encoding a contact may choose.

/** The parameters Pixelz posts when an image (or one colour version of it) is finished. */
export interface StudioCallbackParams {
  imageTicket: string;
  processedImageURL: string;
  /** Empty for a colour-change-only version. */
  templateId: string;
  customerImageId: string;
  customerImageColorID: string;
}

/** `json` (default), `text` (the same JSON as text/plain, for receivers using express.text()) or `form`. */
export type StudioBodyEncoding = "json" | "text" | "form";

/** The exact body and content type to sign and send. */
export function renderStudioCallback(
  params: StudioCallbackParams,
  encoding: StudioBodyEncoding,
): { body: string; contentType: string } {
  const ordered = {
    imageTicket: params.imageTicket,
    processedImageURL: params.processedImageURL,
    templateId: params.templateId,
    customerImageId: params.customerImageId,
    customerImageColorID: params.customerImageColorID,
  };
  switch (encoding) {
    case "json":
      return { body: JSON.stringify(ordered), contentType: "application/json; charset=utf-8" };
    case "text":
      return { body: JSON.stringify(ordered), contentType: "text/plain; charset=utf-8" };
    case "form":
      return {
        body: new URLSearchParams(ordered).toString(),
        contentType: "application/x-www-form-urlencoded",
      };
  }
}

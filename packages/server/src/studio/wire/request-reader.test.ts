import { describe, expect, it } from "vitest";
import { StudioError } from "../studio-errors.js";
import { requestSchemas } from "../studio-requests.schema.js";
import { readRequest } from "./request-reader.js";

const auth = { contactEmail: "john@pixelz.com", contactAPIkey: "k" };

function failure(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StudioError);
    return { code: (e as StudioError).errorCode, message: (e as Error).message };
  }
  throw new Error("expected a StudioError");
}

describe("readRequest", () => {
  it("turns every scalar into text, drops nulls and unknown members", () => {
    const r = readRequest(requestSchemas.addImage, [
      {
        ...auth,
        imageURL: "http://x/a.jpg",
        templateId: 2000045,
        customerImageId: 12345,
        productId: null,
        bogus: 1,
      },
    ]);
    expect(r).toEqual({
      ...auth,
      imageURL: "http://x/a.jpg",
      templateId: "2000045",
      customerImageId: "12345",
    });
  });

  it("reads nested colour change requests and number lists as text", () => {
    const r = readRequest(requestSchemas.addImage, [
      {
        ...auth,
        imageURL: "u",
        colorChangeRequests: [
          {
            colorChangeRequestMarkers: [{ swatchColorCode: "#FF0000", markerX: 100, markerY: 200 }],
            outputFileName: "o.jpg",
          },
        ],
        colorwayIds: [123, 456],
        additionalResourceFileURLs: "https://example.com/one.jpg",
      },
    ]);
    expect(r.colorChangeRequests).toEqual([
      {
        colorChangeRequestMarkers: [{ swatchColorCode: "#FF0000", markerX: "100", markerY: "200" }],
        outputFileName: "o.jpg",
      },
    ]);
    expect(r.colorwayIds).toEqual(["123", "456"]);
    expect(r.additionalResourceFileURLs).toEqual(["https://example.com/one.jpg"]);
  });

  it("matches member names ignoring case when the exact name is absent", () => {
    const r = readRequest(requestSchemas.getContact, [{ ContactEmail: "a@b.c", CONTACTAPIKEY: "k" }]);
    expect(r).toEqual({ contactEmail: "a@b.c", contactAPIkey: "k" });
  });

  it("lets earlier sources win member by member (path over body over query)", () => {
    const r = readRequest(requestSchemas.deleteImage, [
      { imageTicket: "from-path" },
      { ...auth, imageTicket: "from-body" },
      { customerImageId: "from-query", contactEmail: "ignored" },
    ]);
    expect(r).toEqual({ ...auth, imageTicket: "from-path", customerImageId: "from-query" });
  });

  it("takes the first of a repeated query key and booleans as text", () => {
    const r = readRequest(requestSchemas.listImages, [{ ...auth, page: ["2", "3"], isDescending: true }]);
    expect(r).toMatchObject({ page: "2", isDescending: "true" });
  });

  it("answers MissingRequiredInformation naming what is absent or empty", () => {
    expect(failure(() => readRequest(requestSchemas.addImage, [{ ...auth, imageURL: "" }]))).toEqual({
      code: "MissingRequiredInformation",
      message: "imageURL is missing.",
    });
    expect(failure(() => readRequest(requestSchemas.getContact, [{}])).message).toBe(
      "contactEmail, contactAPIkey are missing.",
    );
  });

  it("answers InvalidParameter for objects where text belongs", () => {
    expect(failure(() => readRequest(requestSchemas.addImage, [{ ...auth, imageURL: { $ne: 1 } }]))).toEqual({
      code: "InvalidParameter",
      message: "imageURL must be a single value.",
    });
    expect(
      failure(() =>
        readRequest(requestSchemas.addImage, [{ ...auth, imageURL: "u", colorChangeRequests: ["x"] }]),
      ).code,
    ).toBe("InvalidParameter");
  });

  it("ignores __proto__ and constructor members", () => {
    const body = JSON.parse('{"contactEmail":"a","contactAPIkey":"k","__proto__":{"polluted":1}}') as object;
    const r = readRequest(requestSchemas.getContact, [body as Record<string, unknown>]);
    expect(r).toEqual({ contactEmail: "a", contactAPIkey: "k" });
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});

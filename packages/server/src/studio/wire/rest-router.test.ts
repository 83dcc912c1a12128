import { describe, expect, it } from "vitest";
import { matchRestRoute, splitRestPath } from "./rest-router.js";

const match = (method: string, rest: string) => matchRestRoute(method, splitRestPath(rest).segments);

describe("REST routes", () => {
  it("tells JSON from XML and ignores case and trailing slashes", () => {
    expect(splitRestPath("JSON/Image/")).toEqual({ format: "json", segments: ["Image"] });
    expect(splitRestPath("json/image")).toEqual({ format: "json", segments: ["image"] });
    expect(splitRestPath("Image//")).toEqual({ format: "xml", segments: ["Image"] });
    expect(match("POST", "iMaGe/")).toMatchObject({ kind: "operation", operation: "addImage" });
    expect(match("GET", "images/COUNT/")).toMatchObject({ kind: "operation", operation: "countImages" });
  });

  it("captures path parameters as sent", () => {
    expect(match("GET", "Image/8DE624AB-593b-409d-8324-eb4890c4b867")).toEqual({
      kind: "operation",
      operation: "getImageStatus",
      params: { imageTicket: "8DE624AB-593b-409d-8324-eb4890c4b867" },
      label: "GET Image/{imageTicket}",
    });
    expect(match("GET", "Template/2066863/")).toMatchObject({
      operation: "getTemplate",
      params: { templateId: "2066863" },
    });
  });

  it("chooses the route by verb on shared paths", () => {
    expect(match("DELETE", "Image/nonticket")).toMatchObject({ operation: "deleteImage" });
    expect(match("PUT", "Image/Reject/abc")).toMatchObject({
      operation: "rejectImage",
      params: { imageTicket: "abc" },
    });
    expect(match("POST", "Contact")).toMatchObject({ operation: "createContact" });
    expect(match("GET", "Contact")).toMatchObject({ operation: "getContact" });
  });

  it("reports wrong verbs and unknown methods", () => {
    expect(match("GET", "Image/Reject/abc")).toEqual({ kind: "wrong-method", allowed: ["PUT"] });
    expect(match("PUT", "Image")).toEqual({ kind: "wrong-method", allowed: ["POST"] });
    expect(match("GET", "Nope")).toEqual({ kind: "none" });
    expect(match("GET", "")).toEqual({ kind: "none" });
    expect(match("GET", "JSON")).toEqual({ kind: "none" });
  });
});

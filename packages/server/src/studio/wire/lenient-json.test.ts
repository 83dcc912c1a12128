import { describe, expect, it } from "vitest";
import { parseLenientJson } from "./lenient-json.js";

describe("parseLenientJson", () => {
  it("accepts the seed's nonticket REJECT example, missing comma and all", () => {
    const seed = `
  {
    "contactEmail": "john @ pixelz.com",
    "contactAPIkey": "44979dfe-5aa7-44ea-b3dd-7fae33bc37e9",
    "imageTicket": "nonticket",
    "customerImageId": "12345"
    "comment": "Free text comment",
    "markupImageUrl": "http://www.mydomain.com/markings/marking.png"
  }`;
    expect(parseLenientJson(seed)).toMatchObject({ customerImageId: "12345", comment: "Free text comment" });
  });

  it("repairs after numbers, literals, objects and arrays, never inside strings", () => {
    expect(parseLenientJson('{"a": 1\n"b": true\n"c": [1]\n"d": {"x": "q\\"\\n"}\n"e": null}')).toEqual({
      a: 1,
      b: true,
      c: [1],
      d: { x: 'q"\n' },
      e: null,
    });
  });

  it("keeps strict errors for anything else", () => {
    expect(() => parseLenientJson('{"a": 1 "b": 2}')).toThrow(SyntaxError);
    expect(() => parseLenientJson('{"a": \n"b": 2}')).toThrow(SyntaxError);
    expect(() => parseLenientJson("{bad")).toThrow(/JSON/);
  });
});

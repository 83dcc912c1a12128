import { describe, expect, it } from "vitest";
import { renderStudioCallback } from "./studio-callback.js";
import { studioStatusAfter } from "./studio-status.js";

const params = {
  imageTicket: "2a3b4c5d-0000-4000-8000-000000000001",
  processedImageURL: "https://pixl.example/finals/a b.jpg",
  templateId: "",
  customerImageId: "SKU 12&3",
  customerImageColorID: "color1",
};

describe("studio callback bodies", () => {
  it("renders JSON with the documented parameter names", () => {
    const r = renderStudioCallback(params, "json");
    expect(r.contentType).toBe("application/json; charset=utf-8");
    expect(JSON.parse(r.body)).toEqual(params);
  });

  it("renders the same JSON as text/plain for express.text() receivers", () => {
    const r = renderStudioCallback(params, "text");
    expect(r.contentType).toMatch(/^text\/plain/);
    expect(JSON.parse(r.body)).toEqual(params);
  });

  it("renders form encoding that round-trips special characters", () => {
    const r = renderStudioCallback(params, "form");
    expect(r.contentType).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(new URLSearchParams(r.body))).toEqual(params);
  });
});

describe("studio status after a delivery attempt", () => {
  it("is 80 on success and 72, 74, 76, then 78 after each failure", () => {
    expect(studioStatusAfter({ success: true, attempt: 3, final: true })).toBe(80);
    expect([1, 2, 3].map((attempt) => studioStatusAfter({ success: false, attempt, final: false }))).toEqual([
      72, 74, 76,
    ]);
    expect(studioStatusAfter({ success: false, attempt: 4, final: true })).toBe(78);
  });
});

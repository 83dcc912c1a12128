// The REST flows real Pixelz clients use, and hostile input, over HTTP against the real app.
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readXml, type XmlElement } from "../src/studio/wire/xml-reader.js";
import { testDialects } from "./support/databases.js";
import {
  expectValidStudioXml,
  send,
  startStudioWireApp,
  type StudioCredentials,
  type StudioWireApp,
} from "./support/studio-wire.js";

/** Reads members by local name, as the Ruby client's XML-to-hash does with the response's top level. */
function member(root: XmlElement, name: string): string | undefined {
  return root.children.find((c) => c.name === name)?.text;
}

describe.each(testDialects)("Studio REST clients and hostile input (%s)", (dialect) => {
  let w: StudioWireApp;
  let other: StudioCredentials;
  beforeAll(async () => {
    w = await startStudioWireApp(dialect, { PIXL_BODY_LIMIT: String(256 * 1024) });
    other = await w.createContact("other@pixelz.example");
  });
  afterAll(async () => {
    await w.close();
  });

  const json = { "content-type": "application/json" };
  const credentials = (c: StudioCredentials = w.contact) => ({
    contactEmail: c.email,
    contactAPIkey: c.apiKey,
  });
  const qs = (c: StudioCredentials = w.contact, extra: Record<string, string> = {}) =>
    new URLSearchParams({ ...credentials(c), ...extra }).toString();

  async function postImage(c: StudioCredentials, extra: Record<string, unknown> = {}): Promise<string> {
    const r = await send(`${w.base}/REST.svc/JSON/Image`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ ...credentials(c), imageURL: "http://images.example/a.jpg", ...extra }),
    });
    const body = JSON.parse(r.text) as { ErrorCode: string; ImageTicket: string };
    expect(body.ErrorCode, r.text).toBe("NoError");
    return body.ImageTicket;
  }

  it("the official tools' pattern: JSON, no slash, no charset, extra query keys, DELETE with a JSON body", async () => {
    const ticket = await postImage(w.contact, { customerImageId: 777, productId: "P-1" });
    const status = await send(`${w.base}/REST.svc/JSON/Image/${ticket}?${qs(w.contact, { status: "" })}`);
    expect(JSON.parse(status.text)).toMatchObject({
      ErrorCode: "NoError",
      ImageStatus: { ImageTicket: ticket, CustomerImageId: "777", ProductId: "P-1", StatusId: 10 },
    });
    const byCustomerId = await send(
      `${w.base}/REST.svc/JSON/Image/nonticket?${qs(w.contact, { customerImageId: "777" })}`,
    );
    expect(JSON.parse(byCustomerId.text)).toMatchObject({ ImageStatus: { ImageTicket: ticket } });
    const deleted = await send(`${w.base}/REST.svc/JSON/Image/${ticket}`, {
      method: "DELETE",
      headers: json,
      body: JSON.stringify({ ...credentials(), imageTicket: ticket }),
    });
    expect(JSON.parse(deleted.text)).toEqual({ ErrorCode: "NoError", Message: "Image was deleted" });
    const after = await send(`${w.base}/REST.svc/JSON/Image/${ticket}?${qs()}`);
    expect(JSON.parse(after.text)).toMatchObject({ ImageStatus: { StatusId: 0 } });
  });

  it("DELETE takes its credentials from the query too", async () => {
    const ticket = await postImage(w.contact);
    const deleted = await send(`${w.base}/REST.svc/JSON/Image/${ticket}?${qs()}`, { method: "DELETE" });
    expect(JSON.parse(deleted.text)).toMatchObject({ ErrorCode: "NoError" });
  });

  it("the Ruby client's pattern: XML endpoint, trailing slash, charset=UTF-8, reading top-level members", async () => {
    const r = await send(`${w.base}/REST.svc/Image/`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=UTF-8" },
      body: JSON.stringify({ ...credentials(), imageURL: "http://images.example/b.jpg", templateId: "" }),
    });
    expect(r.status).toBe(200);
    await expectValidStudioXml(r.text);
    // Top-level members carry no prefix, so a namespace-blind XML-to-hash reads them by name.
    expect(r.text).toMatch(/<ErrorCode>NoError<\/ErrorCode><Message\/>/);
    const root = readXml(r.text);
    expect(root.name).toBe("AddImageResponse");
    expect(member(root, "ErrorCode")).toBe("NoError");
    expect(member(root, "Message")).toBe("");
    const ticket = member(root, "ImageTicket") ?? "";
    expect(ticket).toMatch(/^[0-9a-f-]{36}$/);
    const rejected = await send(`${w.base}/REST.svc/Image/Reject/${ticket}/`, {
      method: "PUT",
      headers: { "content-type": "application/json; charset=UTF-8" },
      body: JSON.stringify({ ...credentials(), imageTicket: ticket, comment: "too dark" }),
    });
    const rejectRoot = readXml(rejected.text);
    expect(rejectRoot.name).toBe("RejectImageResponse");
    expect(member(rejectRoot, "ErrorCode")).toBe("InvalidImageStatus");
  });

  it("matches methods ignoring case, with or without a trailing slash", async () => {
    const ticket = await postImage(w.contact);
    for (const path of [`/rest.svc/json/image/${ticket}`, `/REST.SVC/JSON/IMAGE/${ticket.toUpperCase()}/`]) {
      const r = await send(`${w.base}${path}?${qs()}`);
      expect(JSON.parse(r.text), path).toMatchObject({ ErrorCode: "NoError", ImageStatus: { StatusId: 10 } });
    }
  });

  it("answers a wrong key, another contact's ticket and unknown methods in the API's own format", async () => {
    const ticket = await postImage(other);
    const wrongKey = await send(
      `${w.base}/REST.svc/JSON/Contact?${qs({ ...w.contact, apiKey: other.apiKey })}`,
    );
    expect(wrongKey.status).toBe(200);
    expect(JSON.parse(wrongKey.text)).toMatchObject({ ErrorCode: "InvalidContact", Contact: null });
    const foreign = await send(`${w.base}/REST.svc/Image/${ticket}?${qs()}`);
    expect(readXml(foreign.text).children.map((c) => [c.name, c.text])).toEqual([
      ["ErrorCode", "ImageNotFound"],
      ["Message", expect.any(String)],
      ["ImageStatus", ""],
    ]);
    await expectValidStudioXml(foreign.text);
    const unknown = await send(`${w.base}/REST.svc/JSON/Nothing?${qs()}`);
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text)).toMatchObject({ ErrorCode: "InvalidParameter" });
    const unknownXml = await send(`${w.base}/REST.svc/Nothing`);
    expect(unknownXml.status).toBe(404);
    await expectValidStudioXml(unknownXml.text);
    const wrongVerb = await send(`${w.base}/REST.svc/JSON/Templates`, {
      method: "POST",
      headers: json,
      body: "{}",
    });
    expect(wrongVerb.status).toBe(405);
  });

  it("refuses bodies it cannot read with 400 in the method's response type", async () => {
    for (const body of ["{not json", "[1,2]", '"text"', "null"]) {
      const r = await send(`${w.base}/REST.svc/JSON/Image`, { method: "POST", headers: json, body });
      expect(r.status, body).toBe(400);
      expect(Object.keys(JSON.parse(r.text) as object)).toEqual([
        "ErrorCode",
        "Message",
        "CustomerImageId",
        "ImageTicket",
        "IsTrial",
      ]);
    }
    const xml = await send(`${w.base}/REST.svc/Image/`, { method: "POST", headers: json, body: "{not json" });
    expect(xml.status).toBe(400);
    expect(readXml(xml.text).name).toBe("AddImageResponse");
    const missing = await send(`${w.base}/REST.svc/JSON/Image`, { method: "POST", headers: json, body: "" });
    expect(JSON.parse(missing.text)).toMatchObject({ ErrorCode: "MissingRequiredInformation" });
  });

  it("accepts values as numbers, forms, and other content types", async () => {
    const asForm = await send(`${w.base}/REST.svc/JSON/Image`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...credentials(), imageURL: "http://images.example/c.jpg" }).toString(),
    });
    expect(JSON.parse(asForm.text)).toMatchObject({ ErrorCode: "NoError" });
    const asText = await send(
      `${w.base}/REST.svc/JSON/Images/Count?${qs(w.contact, { imageStatus: "10" })}`,
      {
        headers: { "content-type": "text/plain" },
      },
    );
    expect(JSON.parse(asText.text)).toMatchObject({
      ErrorCode: "NoError",
      ImagesCount: expect.any(Number) as number,
    });
    const numbers = await send(`${w.base}/REST.svc/JSON/RequestPresignUrls`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ ...credentials(), imageNames: [123, "b.png"], unknownMember: { deep: [1] } }),
    });
    const names = (JSON.parse(numbers.text) as { PostingUrls: { ImageName: string }[] }).PostingUrls;
    expect(names.map((n) => n.ImageName)).toEqual(["123", "b.png"]);
  });

  it("refuses a body over the limit with 413 in the API's format", async () => {
    const big = JSON.stringify({ ...credentials(), imageURL: "x".repeat(300 * 1024) });
    const r = await send(`${w.base}/REST.svc/JSON/Image`, { method: "POST", headers: json, body: big });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.text)).toMatchObject({
      ErrorCode: "InvalidParameter",
      Message: "The request body is too large.",
    });
    const xml = await send(`${w.base}/REST.svc/Image`, { method: "POST", headers: json, body: big });
    expect(xml.status).toBe(413);
    expect(readXml(xml.text).name).toBe("AddImageResponse");
  });

  it("answers a streamed 100 MB body with 413 without reading it all", async () => {
    const total = 100 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const url = new URL(`${w.base}/REST.svc/JSON/Image`);
    const result = await new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
      let sent = 0;
      let done = false;
      const req = httpRequest(
        { host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: json },
        (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (d: string) => (body += d));
          res.on("end", () => {
            done = true;
            resolve({ status: res.statusCode ?? 0, body, sent });
            req.destroy();
          });
        },
      );
      req.on("error", (e) => {
        if (!done) reject(e);
      });
      const pump = (): void => {
        while (!done && sent < total) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once("drain", pump);
            return;
          }
        }
        if (!done) req.end();
      };
      pump();
    });
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toMatchObject({ ErrorCode: "InvalidParameter" });
    expect(result.sent).toBeLessThan(total);
  });

  it("serves contacts concurrently without mixing their work", async () => {
    const tickets = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        postImage(i % 2 === 0 ? w.contact : other, { customerImageId: `c${String(i)}` }),
      ),
    );
    expect(new Set(tickets).size).toBe(30);
    const statuses = await Promise.all(
      tickets.map(async (t, i) => {
        const r = await send(`${w.base}/REST.svc/JSON/Image/${t}?${qs(i % 2 === 0 ? w.contact : other)}`);
        return (JSON.parse(r.text) as { ImageStatus: { CustomerImageId: string } }).ImageStatus
          .CustomerImageId;
      }),
    );
    expect(statuses).toEqual(tickets.map((_, i) => `c${String(i)}`));
  });
});

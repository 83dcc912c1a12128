// The Studio API's transport over a small in-test StudioOperations: internal failures and returned codes.
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpServer, type HttpServer } from "../core/http/index.js";
import { createLogger } from "../core/logging/logger.js";
import { registerStudioApi } from "./studio-api.js";
import type { StudioOperations } from "./studio.contract.js";
import { StudioError } from "./studio-errors.js";

const logged: string[] = [];

/** Every operation fails: leaking internals, or returning/throwing Studio codes, by the contact's key. */
const operations = new Proxy(
  {},
  {
    get: () => (request: { contactAPIkey?: string }) => {
      switch (request.contactAPIkey) {
        case "returns-code":
          return Promise.resolve({ ErrorCode: "TemplateNotFound", Message: "No template 9." });
        case "returns-internal":
          return Promise.resolve({ ErrorCode: "InternalError", Message: "db password=hunter2" });
        case "throws-studio":
          return Promise.reject(new StudioError("InsufficientBalance", "Balance too low."));
        default:
          return Promise.reject(new Error("secret internals: password=hunter2"));
      }
    },
  },
) as StudioOperations;

describe("registerStudioApi", () => {
  let http: HttpServer;
  afterEach(async () => {
    await http.app.close();
  });

  function build(): HttpServer {
    const destination = new Writable({
      write(chunk: Buffer, _enc, cb) {
        logged.push(chunk.toString());
        cb();
      },
    });
    http = createHttpServer({
      logger: createLogger({ level: "info", destination }),
      bodyLimit: 1024 * 1024,
      readiness: () => Promise.resolve(undefined),
    });
    registerStudioApi(http, operations, { publicUrl: "http://pixl.test/" });
    return http;
  }

  const get = (path: string, key: string) =>
    http.app.inject({ url: `${path}?contactEmail=a@b.c&contactAPIkey=${key}` });

  it("answers internal failures with 500 and a generic message in JSON, XML and SOAP; logs the cause", async () => {
    build();
    const json = await get("/REST.svc/JSON/Contact", "boom");
    expect(json.statusCode).toBe(500);
    expect(json.json()).toEqual({
      ErrorCode: "InternalError",
      Message: "An internal error occurred. Please try again later.",
      Contact: null,
    });
    const xml = await get("/REST.svc/Contact", "boom");
    expect(xml.statusCode).toBe(500);
    expect(xml.body).toContain("<ErrorCode>InternalError</ErrorCode>");
    const returned = await get("/REST.svc/JSON/Contact", "returns-internal");
    expect(returned.statusCode).toBe(500);
    for (const body of [json.body, xml.body, returned.body]) expect(body).not.toContain("hunter2");
    expect(logged.join("")).toContain("secret internals");
    const soap = await http.app.inject({
      method: "POST",
      url: "/soap.asmx",
      headers: { "content-type": "text/xml" },
      payload:
        '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetContactDetailed xmlns="http://removethebackground.com/"><contactEmail>a</contactEmail><contactAPIkey>boom</contactAPIkey></GetContactDetailed></s:Body></s:Envelope>',
    });
    expect(soap.statusCode).toBe(500);
    expect(soap.body).toContain("<faultcode>soap:Server</faultcode>");
    expect(soap.body).not.toContain("hunter2");
  });

  it("encodes a returned ErrorCode exactly like a thrown StudioError", async () => {
    build();
    const returned = await get("/REST.svc/JSON/Template/9", "returns-code");
    expect(returned.statusCode).toBe(200);
    expect(returned.json()).toEqual({
      ErrorCode: "TemplateNotFound",
      Message: "No template 9.",
      Template: null,
    });
    const thrown = await get("/REST.svc/JSON/Template/9", "throws-studio");
    expect(thrown.statusCode).toBe(200);
    expect(thrown.json()).toEqual({
      ErrorCode: "InsufficientBalance",
      Message: "Balance too low.",
      Template: null,
    });
  });

  it("leaves other prefixes to their own encoders", async () => {
    build();
    const r = await http.app.inject({ url: "/REST.svcx/anything" });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ error: "not_found" });
    const soapSub = await http.app.inject({ method: "PUT", url: "/soap.asmx" });
    expect(soapSub.statusCode).toBe(405);
    expect(soapSub.body).toContain("soap:Fault");
  });
});

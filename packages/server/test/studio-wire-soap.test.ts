// SOAP at /soap.asmx through the `soap` npm client generated from our WSDL (1.1 and 1.2), faults, and
// hand-built hostile envelopes, against the real app.
import * as soap from "soap";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readXml } from "../src/studio/wire/xml-reader.js";
import { testDialects } from "./support/databases.js";
import { expectValidSoapBody, send, startStudioWireApp, type StudioWireApp } from "./support/studio-wire.js";

type Call = (args: Record<string, string>) => Promise<[Record<string, unknown>, string]>;

/** A client's operation as a typed function (the soap package's clients are untyped). */
function op(client: soap.Client, name: string): Call {
  return client[`${name}Async`] as Call;
}

/** The fault a call failed with: SOAP version-independent fields. */
async function faultOf(
  call: Promise<unknown>,
): Promise<{ status: number; code: string; text: string; errorCode: string }> {
  try {
    await call;
  } catch (e) {
    const err = e as {
      response?: { status: number };
      root?: { Envelope?: { Body?: { Fault?: Record<string, unknown> } } };
    };
    const fault = err.root?.Envelope?.Body?.Fault ?? {};
    const v12 = fault["Code"] as { Value: string } | undefined;
    const reason = fault["Reason"] as { Text: { $value: string } } | undefined;
    const detail = (fault["detail"] ?? fault["Detail"]) as { ErrorCode: string } | undefined;
    return {
      status: err.response?.status ?? 0,
      code: v12?.Value ?? String(fault["faultcode"]),
      text: reason?.Text.$value ?? String(fault["faultstring"]),
      errorCode: detail?.ErrorCode ?? "",
    };
  }
  throw new Error("expected a SOAP fault");
}

const ENVELOPE_11 = (body: string) =>
  `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${body}</soap:Body></soap:Envelope>`;

describe.each(testDialects)("Studio SOAP (%s)", (dialect) => {
  let w: StudioWireApp;
  beforeAll(async () => {
    w = await startStudioWireApp(dialect);
  });
  afterAll(async () => {
    await w.close();
  });

  it("publishes the WSDL at ?WSDL and ?wsdl with service soap and both bindings", async () => {
    for (const q of ["WSDL", "wsdl"]) {
      const r = await send(`${w.base}/soap.asmx?${q}`);
      expect(r.status).toBe(200);
      expect(r.contentType).toMatch(/^text\/xml/);
      const wsdl = readXml(r.text);
      expect(wsdl.name).toBe("definitions");
      const service = wsdl.children.find((c) => c.name === "service");
      expect(service?.attributes.get("name")).toBe("soap");
      expect(service?.children.map((p) => p.attributes.get("name"))).toEqual(["soapSoap", "soapSoap12"]);
      expect(r.text).toContain(`location="${w.base}/soap.asmx"`);
      expect(r.text).toContain('soapAction="http://removethebackground.com/GetImageStatus"');
    }
    expect((await send(`${w.base}/soap.asmx`)).text).toContain("GetImagesList");
  });

  describe.each([
    ["1.1", false],
    ["1.2", true],
  ] as const)("through the soap client, SOAP %s", (version, forceSoap12Headers) => {
    let client: soap.Client;
    const auth = () => ({ contactEmail: w.contact.email, contactAPIkey: w.contact.apiKey });
    beforeAll(async () => {
      client = await soap.createClientAsync(`${w.base}/soap.asmx?WSDL`, { forceSoap12Headers });
    });

    it("runs the image operations", async () => {
      const [added] = await op(
        client,
        "AddImageToQueue",
      )({ ...auth(), imageURL: "http://images.example/1.jpg", customerImageId: `s${version}` });
      const result = added["AddImageToQueueResult"] as {
        ErrorCode: string;
        ImageTicket: string;
        IsTrial: boolean;
      };
      expect(result).toMatchObject({ ErrorCode: "NoError", IsTrial: true });
      const ticket = result.ImageTicket;
      const [status] = await op(
        client,
        "GetImageStatus",
      )({ ...auth(), imageTicket: "nonticket", customerImageId: `s${version}` });
      expect(status["GetImageStatusResult"]).toMatchObject({
        ErrorCode: "NoError",
        ImageStatus: { ImageTicket: ticket, StatusId: 10 },
      });
      const [list] = await op(
        client,
        "GetImagesList",
      )({ ...auth(), imagesPerPage: "100", sortBy: "date", isDescending: "true" });
      expect(JSON.stringify(list)).toContain(ticket);
      for (const name of ["AddImageWithInstructionToQueue", "AddStackImageToQueue", "WhiteGloveService"]) {
        const [r] = await op(
          client,
          name,
        )({ ...auth(), imageURL: "http://images.example/2.jpg", productId: "stack", comment: "c" });
        expect(r[`${name}Result`], name).toMatchObject({ ErrorCode: "NoError" });
      }
      const [partner] = await op(
        client,
        "AddPartnerImageToQueue",
      )({
        ...auth(),
        developerAPIkey: w.partner.apiKey,
        imageURL: "http://images.example/3.jpg",
      });
      expect(partner["AddPartnerImageToQueueResult"]).toMatchObject({
        ErrorCode: expect.stringMatching(/NoError|InvalidDeveloper/) as string,
      });
      const [products] = await op(client, "GetProductIdsList")({ ...auth() });
      expect(JSON.stringify(products)).toContain("stack");
      const rejected = await faultOf(
        op(client, "RejectProcessedImage")({ ...auth(), imageTicket: ticket, comment: "no" }),
      );
      expect(rejected.errorCode).toBe("InvalidImageStatus");
      const [deleted] = await op(client, "DeleteImageFromQueue")({ ...auth(), imageTicket: ticket });
      expect(deleted["DeleteImageFromQueueResult"]).toMatchObject({ ErrorCode: "NoError" });
    });

    it("runs the template, contact and invoice operations", async () => {
      const [added] = await op(
        client,
        "AddTemplate",
      )({
        ...auth(),
        templateName: `Soap ${version.replace(".", "")}`,
        templateOutputFormat: "PNG",
        deliveryTimeInHour: "24",
        backgroundType: "2",
        isCombinedImages: "true",
        callbackUrl: "http://hooks.example/cb",
        comment: "from SOAP",
      });
      const created = added["AddTemplateResult"] as {
        ErrorCode: string;
        TemplateId: number;
        Price: { Currency: string };
      };
      expect(created).toMatchObject({ ErrorCode: "NoError", Price: { Currency: "USD" } });
      const [spec] = await op(
        client,
        "GetTemplateSpec",
      )({ ...auth(), templateId: String(created.TemplateId) });
      expect(spec["GetTemplateSpecResult"]).toMatchObject({
        Template: {
          Id: created.TemplateId,
          OutputFormat: "PNG",
          IsCombinedImages: true,
          CallbackUrl: "http://hooks.example/cb",
        },
      });
      const [templates] = await op(client, "GetTemplates")({ ...auth() });
      expect(JSON.stringify(templates)).toContain(`Soap ${version.replace(".", "")}`);
      const [edited] = await op(client, "EditContact")({ ...auth(), contactCompany: `Company ${version}` });
      expect(edited["EditContactResult"]).toMatchObject({
        ErrorCode: "NoError",
        Contact: { ContactCompany: `Company ${version}` },
      });
      const [contact] = await op(client, "GetContactDetailed")({ ...auth() });
      expect(contact["GetContactDetailedResult"]).toMatchObject({
        Contact: { ContactEmail: w.contact.email },
      });
      const [invoices] = await op(client, "GetInvoiceList")({ ...auth(), page: "1" });
      expect(invoices["GetInvoiceListResult"]).toMatchObject({ ErrorCode: "NoError" });
    });

    it("answers application errors as faults carrying the ErrorCode", async () => {
      const fault = await faultOf(
        op(client, "GetContactDetailed")({ contactEmail: w.contact.email, contactAPIkey: "wrong" }),
      );
      expect(fault).toMatchObject(
        version === "1.1"
          ? { status: 500, code: "soap:Client", errorCode: "InvalidContact" }
          : { status: 400, code: "soap:Sender", errorCode: "InvalidContact" },
      );
      const missing = await faultOf(op(client, "GetImageStatus")({ ...auth() }));
      expect(missing.errorCode).toBe("MissingRequiredInformation");
      expect(missing.text).toMatch(/imageTicket/);
    });
  });

  it("answers hand-built 1.1 and 1.2 envelopes, with results valid against the WSDL schema", async () => {
    const call = `<GetContactDetailed xmlns="http://removethebackground.com/"><contactEmail>${w.contact.email}</contactEmail><contactAPIkey>${w.contact.apiKey}</contactAPIkey></GetContactDetailed>`;
    const r11 = await send(`${w.base}/soap.asmx`, {
      method: "POST",
      headers: {
        "content-type": "text/xml; charset=utf-8",
        soapaction: '"http://removethebackground.com/GetContactDetailed"',
      },
      body: ENVELOPE_11(call),
    });
    expect(r11.status).toBe(200);
    expect(r11.contentType).toMatch(/^text\/xml/);
    await expectValidSoapBody(r11.text);
    const r12 = await send(`${w.base}/SOAP.asmx`, {
      method: "POST",
      headers: {
        "content-type":
          'application/soap+xml; charset=utf-8; action="http://removethebackground.com/GetContactDetailed"',
      },
      body: ENVELOPE_11(call).replaceAll(
        "http://schemas.xmlsoap.org/soap/envelope/",
        "http://www.w3.org/2003/05/soap-envelope",
      ),
    });
    expect(r12.status).toBe(200);
    expect(r12.contentType).toMatch(/^application\/soap\+xml/);
    await expectValidSoapBody(r12.text);
  });

  it("refuses external entities, entity expansion, bad actions and non-envelopes with Client faults", async () => {
    const post = (body: string, headers: Record<string, string> = {}) =>
      send(`${w.base}/soap.asmx`, {
        method: "POST",
        headers: { "content-type": "text/xml", ...headers },
        body,
      });
    const xxe = await post(
      `<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]>` +
        ENVELOPE_11(
          `<GetContactDetailed xmlns="http://removethebackground.com/"><contactEmail>&x;</contactEmail></GetContactDetailed>`,
        ).replace('<?xml version="1.0" encoding="utf-8"?>', ""),
    );
    expect(xxe.status).toBe(500);
    expect(xxe.text).toContain("<faultcode>soap:Client</faultcode>");
    expect(xxe.text).toContain("DOCTYPE");
    expect(xxe.text).not.toMatch(/root:|daemon:/);
    const lol = Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY l${String(i + 1)} "${`&l${String(i)};`.repeat(10)}">`,
    ).join("");
    const started = performance.now();
    const laughs = await post(`<!DOCTYPE s [<!ENTITY l0 "lol">${lol}]><s>&l9;</s>`);
    expect(laughs.text).toContain("DOCTYPE");
    expect(performance.now() - started).toBeLessThan(2000);
    const action = await post(ENVELOPE_11('<GetTemplates xmlns="http://removethebackground.com/"/>'), {
      soapaction: "http://removethebackground.com/DeleteImageFromQueue",
    });
    expect(action.text).toContain("SOAPAction");
    const unknown = await post(ENVELOPE_11('<DropTables xmlns="http://removethebackground.com/"/>'));
    expect(unknown.text).toContain("did not recognize the operation DropTables");
    for (const body of ["", "<notsoap/>", "{}", "<a><b></a>"]) {
      const r = await post(body);
      expect(r.status, body).toBe(500);
      expect(r.text, body).toContain("soap:Client");
    }
    const huge = await post(`<x>${"a".repeat(2 * 1024 * 1024)}</x>`);
    expect(huge.status).toBe(413);
    expect(huge.text).toContain("soap:Fault");
  });
});

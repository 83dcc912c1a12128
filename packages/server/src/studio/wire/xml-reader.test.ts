import { describe, expect, it } from "vitest";
import { readXml, XmlRejectedError } from "./xml-reader.js";

function rejection(text: string): string {
  try {
    readXml(text);
  } catch (e) {
    expect(e).toBeInstanceOf(XmlRejectedError);
    return (e as Error).message;
  }
  throw new Error("expected the XML to be refused");
}

describe("readXml", () => {
  it("reads namespaces, attributes, text and CDATA", () => {
    const root = readXml(
      '<?xml version="1.0"?><s:Envelope xmlns:s="urn:s" xmlns:i="urn:i"><s:Body><Op xmlns="urn:op">' +
        '<a>x &amp; y</a><b i:nil="true"/><c><![CDATA[<raw>]]></c></Op></s:Body></s:Envelope>',
    );
    expect(root).toMatchObject({ name: "Envelope", namespace: "urn:s" });
    const op = root.children[0]?.children[0];
    expect(op).toMatchObject({ name: "Op", namespace: "urn:op" });
    expect(op?.children.map((c) => [c.name, c.text])).toEqual([
      ["a", "x & y"],
      ["b", ""],
      ["c", "<raw>"],
    ]);
    expect(op?.children[1]?.attributes.get("{urn:i}nil")).toBe("true");
  });

  it("refuses a DOCTYPE declaring an external entity, without reading the file", () => {
    const message = rejection(
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r>&xxe;</r>',
    );
    expect(message).toMatch(/DOCTYPE/);
    expect(message).not.toMatch(/root:/);
  });

  it("refuses entity expansion (billion laughs) at once", () => {
    const lol = [
      '<!ENTITY lol "lol">',
      ...Array.from(
        { length: 9 },
        (_, i) => `<!ENTITY lol${String(i + 1)} "${`&lol${i === 0 ? "" : String(i)};`.repeat(10)}">`,
      ),
    ].join("");
    const started = performance.now();
    expect(rejection(`<?xml version="1.0"?><!DOCTYPE lolz [${lol}]><lolz>&lol9;</lolz>`)).toMatch(/DOCTYPE/);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it("refuses parameter entities and external DTDs", () => {
    expect(rejection('<!DOCTYPE r SYSTEM "http://127.0.0.1:1/x.dtd"><r/>')).toMatch(/DOCTYPE/);
    expect(rejection('<!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/hostname"> %p;]><r/>')).toMatch(
      /DOCTYPE/,
    );
  });

  it("refuses undeclared entities, malformed input and empty input", () => {
    expect(rejection("<r>&xxe;</r>")).toMatch(/not well-formed/);
    expect(rejection("<r><a></r>")).toMatch(/not well-formed/);
    expect(rejection("not xml")).toMatch(/not well-formed|no root/);
    expect(rejection("")).toMatch(/not well-formed|no root/);
  });

  it("caps depth and element count", () => {
    expect(rejection(`${"<a>".repeat(100)}${"</a>".repeat(100)}`)).toMatch(/nested too deeply/);
    expect(rejection(`<r>${"<a/>".repeat(20_000)}</r>`)).toMatch(/too many elements/);
    expect(() => readXml(`<r>${"<a/>".repeat(100)}</r>`)).not.toThrow();
  });
});

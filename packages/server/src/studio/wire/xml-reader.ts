// The one adapter over saxes: parses untrusted XML (SOAP requests) into a small namespace-aware tree.
//
// Safe by construction: a DOCTYPE is refused outright (so no internal or external entity can be declared,
// nothing is fetched or read, no expansion can blow up), undeclared entities are errors, and depth, element
// count and text size are capped. Size of the input itself is capped by the caller's body limit.
import { SaxesParser } from "saxes";

export interface XmlElement {
  /** Local name (no prefix). */
  readonly name: string;
  /** Namespace URI ("" when none). */
  readonly namespace: string;
  /** Attributes by `{namespace}local` ("local" when not namespaced). */
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: XmlElement[];
  /** Concatenated character data directly inside this element. */
  text: string;
}

export interface XmlReadLimits {
  /** Deepest element nesting accepted. Default 32. */
  maxDepth?: number;
  /** Most elements accepted. Default 10,000. */
  maxElements?: number;
}

/** Input that is not well-formed or not acceptable XML; the message is safe to show the client. */
export class XmlRejectedError extends Error {
  override readonly name = "XmlRejectedError";
}

/** Parses `text` into its root element, or throws XmlRejectedError. */
export function readXml(text: string, limits: XmlReadLimits = {}): XmlElement {
  const maxDepth = limits.maxDepth ?? 32;
  const maxElements = limits.maxElements ?? 10_000;
  const parser = new SaxesParser({ xmlns: true, position: false });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let elements = 0;
  let failure: string | undefined;
  const fail = (message: string): void => {
    failure ??= message;
    // Stops the parser from doing any more work on this input.
    throw new XmlRejectedError(message);
  };

  parser.on("doctype", () => {
    fail("XML with a DOCTYPE is not accepted.");
  });
  parser.on("opentag", (tag) => {
    elements += 1;
    if (elements > maxElements) fail("The XML has too many elements.");
    if (stack.length >= maxDepth) fail("The XML is nested too deeply.");
    const attributes = new Map<string, string>();
    for (const attribute of Object.values(tag.attributes)) {
      if (attribute.uri === "http://www.w3.org/2000/xmlns/") continue;
      attributes.set(
        attribute.uri === "" ? attribute.local : `{${attribute.uri}}${attribute.local}`,
        attribute.value,
      );
    }
    const element: XmlElement = { name: tag.local, namespace: tag.uri, attributes, children: [], text: "" };
    const parent = stack.at(-1);
    if (parent === undefined) root = element;
    else parent.children.push(element);
    stack.push(element);
  });
  parser.on("closetag", () => {
    stack.pop();
  });
  const onText = (text: string): void => {
    const current = stack.at(-1);
    if (current !== undefined) current.text += text;
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("error", (e) => {
    fail(`The XML is not well-formed: ${e.message.replace(/^undefined:\d+:\d+: /, "")}`);
  });

  try {
    parser.write(text).close();
  } catch (e) {
    if (e instanceof XmlRejectedError) throw e;
    throw new XmlRejectedError(failure ?? "The XML could not be read.");
  }
  if (failure !== undefined) throw new XmlRejectedError(failure);
  if (root === undefined) throw new XmlRejectedError("The XML has no root element.");
  return root;
}

/** The first child element with `name` (and `namespace`, when given). */
export function childOf(element: XmlElement, name: string, namespace?: string): XmlElement | undefined {
  return element.children.find(
    (c) => c.name === name && (namespace === undefined || c.namespace === namespace),
  );
}

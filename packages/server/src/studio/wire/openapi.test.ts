// The Studio OpenAPI document: every REST operation of the contract, with its members where clients send them.
import { describe, expect, it } from "vitest";
import { studioContract } from "../studio.contract.js";
import { studioOpenApi } from "./openapi.js";

interface Doc {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        operationId: string;
        parameters: { name: string; in: string }[];
        requestBody?: {
          content: { "application/json": { schema: { properties: Record<string, unknown> } } };
        };
      }
    >
  >;
}

describe("studio OpenAPI", () => {
  const doc = studioOpenApi("https://pixl.example.com") as Doc;
  const ops = Object.values(doc.paths).flatMap((p) => Object.values(p));

  it("lists every REST operation of the contract once", () => {
    const rest = Object.entries(studioContract).filter(([, d]) => "http" in d && d.http !== undefined);
    expect(ops.map((o) => o.operationId).sort()).toEqual(rest.map(([n]) => n).sort());
    expect(doc.openapi).toBe("3.1.0");
  });

  it("puts path members in the path, GET members in the query and POST members in the body", () => {
    const status = doc.paths["/Image/{imageTicket}"]?.["get"];
    expect(status?.parameters).toContainEqual(expect.objectContaining({ name: "imageTicket", in: "path" }));
    expect(status?.parameters).toContainEqual(
      expect.objectContaining({ name: "contactAPIkey", in: "query" }),
    );
    const add = doc.paths["/Image"]?.["post"];
    expect(Object.keys(add?.requestBody?.content["application/json"].schema.properties ?? {})).toContain(
      "imageURL",
    );
    expect(add?.parameters).toEqual([]);
  });
});

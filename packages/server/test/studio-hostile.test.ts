// Hostile image sources on both engines: each ends at 12 with its reason, nothing crashes, and another
// contact's image still finishes. Also hostile submission fields, refused before anything is queued.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStudioTestApp, type StudioAccount, type StudioTestApp } from "./fixtures/studio-harness.js";
import { testDialects } from "./support/databases.js";
import { createPngBomb, createProductPhoto } from "./support/studio-photos.js";
import { waitFor } from "./support/wait.js";

interface SourceServer {
  url: string;
  close(): Promise<void>;
}

/** A loopback server playing every kind of bad image host (and one good one). */
async function startSourceServer(photo: Buffer): Promise<SourceServer> {
  const bomb = createPngBomb();
  const server = http.createServer((req, res) => {
    switch (req.url) {
      case "/ok.jpg":
        return res.writeHead(200, { "content-type": "image/jpeg" }).end(photo);
      case "/page.html":
        return res
          .writeHead(200, { "content-type": "image/jpeg" })
          .end("<!DOCTYPE html><html><body>Not here</body></html>");
      case "/loop":
        return res.writeHead(302, { location: "/loop2" }).end();
      case "/loop2":
        return res.writeHead(302, { location: "/loop" }).end();
      case "/bomb.png":
        return res.writeHead(200, { "content-type": "image/png" }).end(bomb);
      case "/huge.jpg":
        res.writeHead(200, { "content-type": "image/jpeg", "content-length": String(200 * 1024 * 1024) });
        return res.end(photo.subarray(0, 100));
      default:
        return res.writeHead(404).end("no");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const plainTemplate = {
  templateName: "Plain",
  templateOutputFormat: "JPG",
  deliveryTimeInHour: "72",
  backgroundType: "0",
};

describe.each(testDialects)("Studio hostile sources on %s", (dialect) => {
  let t: StudioTestApp;
  let sources: SourceServer;
  let mallory: StudioAccount;
  let alice: StudioAccount;
  const as = (c: StudioAccount) => ({ contactEmail: c.email, contactAPIkey: c.key });

  beforeEach(async () => {
    t = await createStudioTestApp(dialect);
    sources = await startSourceServer(await createProductPhoto(120, 90));
    mallory = await t.createContact("mallory@example.test", { creditLimit: 10_000 });
    alice = await t.createContact("alice@example.test", { trialImages: 5 });
  });
  afterEach(async () => {
    await sources.close();
    await t.close();
  });

  async function statusOf(c: StudioAccount, ticket: string) {
    return (await t.call("GET", `Image/${ticket}`, { ...as(c), imageTicket: ticket })).body as unknown as {
      Message: string;
      ImageStatus: { StatusId: number; StatusName: string };
    };
  }

  it(
    "ends HTML, redirect loops, PNG bombs, 404s and oversized bodies at 12 with the reason",
    { timeout: 60_000 },
    async () => {
      const templateId = (await t.call("POST", "Template", { ...as(mallory), ...plainTemplate })).body[
        "TemplateId"
      ];
      const aliceTemplate = (await t.call("POST", "Template", { ...as(alice), ...plainTemplate })).body[
        "TemplateId"
      ];
      const bad: [string, RegExp][] = [
        ["/page.html", /imageURL .*\/page\.html could not be used: the file is an HTML page\./],
        ["/loop", /imageURL .*\/loop could not be used: redirect loop back to .*\/loop/],
        [
          "/bomb.png",
          /imageURL .*\/bomb\.png could not be used: the image is 20000×20000 \(400000000 pixels\); the limit is 50000000/,
        ],
        ["/missing.jpg", /could not be used: the server answered HTTP 404\./],
        ["/huge.jpg", /could not be used: the response body is larger than 52428800 bytes/],
      ];
      const tickets: string[] = [];
      for (const [path] of bad) {
        const r = await t.call("POST", "Image", {
          ...as(mallory),
          templateId: String(templateId),
          imageURL: `${sources.url}${path}`,
        });
        expect(r.body.ErrorCode).toBe("NoError");
        tickets.push(r.body["ImageTicket"] as string);
      }
      const good = await t.call("POST", "Image", {
        ...as(alice),
        templateId: String(aliceTemplate),
        imageURL: `${sources.url}/ok.jpg`,
      });
      expect(good.body).toMatchObject({ ErrorCode: "NoError", IsTrial: true });
      await t.app.startWorker();
      for (const [i, [, reason]] of bad.entries()) {
        const s = await waitFor(`12 for ${bad[i]?.[0] ?? ""}`, async () => {
          const st = await statusOf(mallory, tickets[i] ?? "");
          return st.ImageStatus.StatusId === 12 ? st : undefined;
        });
        expect(s.ImageStatus.StatusName).toBe("New - download failed");
        expect(s.Message).toMatch(reason);
      }
      await waitFor("alice's image to finish", async () => {
        const st = await statusOf(alice, good.body["ImageTicket"] as string);
        return st.ImageStatus.StatusId >= 70 && st.ImageStatus.StatusId <= 80 ? st : undefined;
      });
      // Nothing stays reserved for images that will never be charged.
      const row = await t.app.database.kysely
        .selectFrom("studio_contacts")
        .select(["reserved", "balance"])
        .where("id", "=", mallory.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ reserved: 0, balance: 0 });
    },
  );

  it("refuses hostile submission fields before anything is queued", async () => {
    const templateId = String(
      (await t.call("POST", "Template", { ...as(mallory), ...plainTemplate })).body["TemplateId"],
    );
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ imageURL: "" }, "MissingRequiredInformation", /imageURL/],
      [{ imageURL: "file:///etc/passwd" }, "InvalidParameter", /imageURL must be an http or https URL/],
      [{ imageURL: "javascript:alert(1)" }, "InvalidParameter", /imageURL must be an http or https URL/],
      [{ imageURL: `http://x.test/${"a".repeat(3000)}` }, "InvalidParameter", /at most 2048 characters/],
      [
        { imageURL: "http://x.test/a.jpg", imageCallbackURL: "not a url" },
        "InvalidParameter",
        /imageCallbackURL/,
      ],
      [{ imageURL: "http://x.test/a.jpg", templateId: "999999" }, "TemplateNotFound", /999999/],
      [{ imageURL: "http://x.test/a.jpg", templateId: "1; drop table" }, "TemplateNotFound", /./],
      [
        { imageURL: "http://x.test/a.jpg", imageDeadlineDateTimeUTC: "tomorrow" },
        "InvalidParameter",
        /yyyy-MM-dd HH:mm:ss/,
      ],
      [
        { imageURL: "http://x.test/a.jpg", imageDeadlineDateTimeUTC: "2026-01-10 18:00:00" },
        "InvalidParameter",
        /at least 24 hours ahead \(2026-01-11 12:00:00 UTC or later\)/,
      ],
      [
        { imageURL: "http://x.test/a.jpg", colorwayIds: ["123"] },
        "InvalidParameter",
        /colorwayIds: 123 is not one of your colour libraries/,
      ],
      [
        {
          imageURL: "http://x.test/a.jpg",
          colorChangeRequests: [{ colorChangeRequestMarkers: [{ markerX: "1" }] }],
        },
        "InvalidParameter",
        /needs a swatchColorCode or a swatchImageURL/,
      ],
      [
        { imageURL: "http://x.test/a.jpg", customerImageId: "x".repeat(500) },
        "InvalidParameter",
        /customerImageId must be at most 100/,
      ],
    ];
    for (const [fields, code, message] of cases) {
      const r = await t.call("POST", "Image", { ...as(mallory), templateId, ...fields });
      expect(r.body.ErrorCode, JSON.stringify(fields).slice(0, 80)).toBe(code);
      expect(r.body.Message, JSON.stringify(fields).slice(0, 80)).toMatch(message);
    }
    const ok = await t.call("POST", "Image", {
      ...as(mallory),
      templateId,
      imageURL: "http://x.test/a.jpg",
      imageDeadlineDateTimeUTC: "2026-01-11 12:00:00",
    });
    expect(ok.body.ErrorCode).toBe("NoError");
    const count = await t.app.database.kysely
      .selectFrom("studio_images")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });
});

describe.each(testDialects)("Studio sources on private networks on %s", (dialect) => {
  let t: StudioTestApp;
  let sources: SourceServer;
  beforeEach(async () => {
    t = await createStudioTestApp(dialect, { env: { PIXL_ALLOW_PRIVATE_NETWORKS: "0" } });
    sources = await startSourceServer(await createProductPhoto(120, 90));
  });
  afterEach(async () => {
    await sources.close();
    await t.close();
  });

  it(
    "refuses loopback, private and metadata addresses when private networks are disallowed",
    { timeout: 30_000 },
    async () => {
      const c = await t.createContact("c@example.test", { trialImages: 3 });
      const creds = { contactEmail: c.email, contactAPIkey: c.key };
      const tickets: string[] = [];
      for (const url of [
        `${sources.url}/ok.jpg`,
        "http://10.1.2.3/a.jpg",
        "http://169.254.169.254/latest/meta-data",
      ]) {
        const r = await t.call("POST", "WhiteGloveService", { ...creds, imageURL: url });
        expect(r.body.ErrorCode).toBe("NoError");
        tickets.push(r.body["ImageTicket"] as string);
      }
      await t.app.startWorker();
      for (const ticket of tickets) {
        const s = await waitFor("12", async () => {
          const r = (await t.call("GET", `Image/${ticket}`, creds)).body as unknown as {
            Message: string;
            ImageStatus: { StatusId: number };
          };
          return r.ImageStatus.StatusId === 12 ? r : undefined;
        });
        expect(s.Message).toMatch(/could not be used: refusing to connect to .*address/);
      }
      const trial = await t.call("GET", "Contact", creds);
      expect(trial.body["Contact"]).toMatchObject({ NumberOfTrialImages: 3 });
    },
  );
});

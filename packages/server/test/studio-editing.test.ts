// Advanced studio editing end to end over real HTTP on both engines: combined images (imageURL2…5 with an
// IsCombinedImages template), focus stacks (StackImage), white glove, and their clear errors.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createSharpCodec, type Raster } from "@pixl/imaging";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateCombinedSet } from "../../imaging/src/testing/generate-combined.js";
import { generateStackSet } from "../../imaging/src/testing/generate-stacks.js";
import { generateLabelledPhoto } from "../../imaging/src/testing/generate-white-glove.js";
import { measureRegionSharpness } from "../../imaging/src/testing/stack-metrics.js";
import { createStudioTestApp, type StudioAccount, type StudioTestApp } from "./fixtures/studio-harness.js";
import { testDialects } from "./support/databases.js";
import { waitFor } from "./support/wait.js";

const codec = createSharpCodec();
const MINUTE = 60_000;
const SIZE = 160;

const png = (r: Raster) => codec.encode(r, { format: "png", quality: 90, dpi: 72 });
const rgb = (r: Raster): Raster => {
  const data = new Uint8Array(r.width * r.height * 3);
  for (let i = 0; i < r.width * r.height; i++)
    for (let c = 0; c < 3; c++) data[i * 3 + c] = r.data[i * r.channels + c] ?? 0;
  return { width: r.width, height: r.height, channels: 3, data };
};

describe.each(testDialects)("Studio advanced editing on %s", (dialect) => {
  let t: StudioTestApp;
  let photos: Map<string, Buffer>;
  let server: http.Server;
  let base: string;
  let shop: StudioAccount;
  const as = () => ({ contactEmail: shop.email, contactAPIkey: shop.key });

  /** A Studio JSON call over the socket. */
  async function call(method: "GET" | "POST", path: string, params: Record<string, unknown>) {
    const url = new URL(`/REST.svc/JSON/${path}`, t.baseUrl);
    if (method === "GET") for (const [k, v] of Object.entries(params)) url.searchParams.set(k, String(v));
    const r = await fetch(url, {
      method,
      ...(method === "GET"
        ? {}
        : { headers: { "content-type": "application/json" }, body: JSON.stringify(params) }),
    });
    return (await r.json()) as Record<string, unknown> & { ErrorCode: string; Message: string };
  }
  const status = async (ticket: string) =>
    (await call("GET", `Image/${ticket}`, as())) as unknown as {
      Message: string;
      ImageStatus: { StatusId: number; FinalImagesURL: string[] };
    };
  const until = (ticket: string, id: number) =>
    waitFor(
      `${ticket} at ${id}`,
      async () => {
        const s = await status(ticket);
        if (s.ImageStatus.StatusId === 90) throw new Error(s.Message);
        return s.ImageStatus.StatusId === id ? s : undefined;
      },
      60_000,
    );
  const final = async (ticket: string): Promise<Raster> => {
    const s = await status(ticket);
    const bytes = Buffer.from(await (await fetch(s.ImageStatus.FinalImagesURL[0] ?? "")).arrayBuffer());
    return codec.decode(bytes, { maxPixels: 1e7 });
  };
  const report = async (ticket: string) => {
    const row = await t.app.database.kysely
      .selectFrom("studio_images")
      .select("report")
      .where("ticket", "=", ticket)
      .executeTakeFirstOrThrow();
    return JSON.parse(row.report ?? "null") as {
      mode: string;
      steps: { step: string; confidence: number; reason: string }[];
      whiteGlove?: { treatment: string; reasons: string[] };
    };
  };
  const template = async (fields: Record<string, string>) =>
    String(
      (
        await call("POST", "Template", {
          ...as(),
          templateName: "T",
          templateOutputFormat: "PNG",
          deliveryTimeInHour: "72",
          ...fields,
        })
      )["TemplateId"],
    );

  beforeEach(async () => {
    t = await createStudioTestApp(dialect);
    await t.listen();
    photos = new Map();
    server = http.createServer((req, res) => {
      const body = photos.get(req.url ?? "");
      if (body) res.writeHead(200, { "content-type": "image/png" }).end(body);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    shop = await t.createContact("shop@example.test", { creditLimit: 100_000 });
    await t.app.startWorker();
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  it(
    "combines an invisible-mannequin photo with its inside-neck shot, and hands over one it cannot",
    { timeout: 90_000 },
    async () => {
      const set = generateCombinedSet(2, { width: SIZE, height: SIZE });
      photos.set("/front.png", await png(nth(set.shots, 0)));
      photos.set("/neck.png", await png(nth(set.shots, 1)));
      const templateId = await template({
        backgroundType: "1",
        backgroundColor: "FFFFFF",
        isCombinedImages: "true",
      });
      const posted = await call("POST", "Image", {
        ...as(),
        templateId,
        imageURL: `${base}/front.png`,
        imageURL2: `${base}/neck.png`,
      });
      expect(posted.ErrorCode, posted.Message).toBe("NoError");
      const ticket = String(posted["ImageTicket"]);
      await until(ticket, 70);
      const out = await final(ticket);
      let gap = 0;
      let err = 0;
      for (let i = 0; i < SIZE * SIZE; i++) {
        if ((set.gap.data[i] ?? 0) < 0.99) continue;
        gap++;
        for (let c = 0; c < 3; c++)
          err += Math.abs((out.data[i * out.channels + c] ?? 0) - (set.expected.raster.data[i * 3 + c] ?? 0));
      }
      // The neck opening shows the inside of the garment, not the white background.
      expect(gap).toBeGreaterThan(100);
      expect(err / (3 * gap)).toBeLessThan(20);
      const r = await report(ticket);
      expect(r.mode).toBe("combined");
      expect(r.steps.find((s) => s.step === "combine")?.reason).toMatch(/filled .*shot 2: aligned/);

      // The whole garment first: the other shot has nothing to add (removing a mannequin is not automated).
      photos.set("/whole.png", await png(nth(set.shots, 1)));
      const cannot = await call("POST", "Image", {
        ...as(),
        templateId,
        imageURL: `${base}/whole.png`,
        imageURL2: `${base}/front.png`,
      });
      const waiting = String(cannot["ImageTicket"]);
      const s = await until(waiting, 62);
      expect(s.Message).toMatch(
        /^Sent to an editor: low confidence: combine confidence 0\.20: nothing to combine/,
      );
      expect(s.ImageStatus.FinalImagesURL).toEqual([]);
      const task = await t.app.database.kysely
        .selectFrom("studio_editor_tasks")
        .selectAll()
        .executeTakeFirstOrThrow();
      expect(task).toMatchObject({ state: "queued", source: "confidence" });
      expect(task.draft_key).toMatch(/\/draft\//);
      // Not charged while it waits: the ledger holds the first image's charge only.
      expect(await t.app.database.kysely.selectFrom("studio_ledger").selectAll().execute()).toHaveLength(1);
    },
  );

  it("refuses a sixth photo and a stack spread over more than 5 minutes, clearly", async () => {
    const small = await png(nth(generateStackSet(0, { width: 48, height: 48 }).shots, 0));
    for (const name of ["a", "b", "c", "d", "e", "f", "2", "3", "4", "5"]) photos.set(`/${name}.png`, small);
    const six = await call("POST", "Image", {
      ...as(),
      imageURL: `${base}/1.png`,
      imageURL2: `${base}/2.png`,
      imageURL3: `${base}/3.png`,
      imageURL4: `${base}/4.png`,
      imageURL5: `${base}/5.png`,
      imageURL6: `${base}/6.png`,
    });
    expect(six).toMatchObject({
      ErrorCode: "InvalidParameter",
      Message: expect.stringMatching(/At most 5 photos make one image/) as string,
    });
    const stack = (imageURL: string) => call("POST", "StackImage", { ...as(), productId: "lens", imageURL });
    expect((await stack(`${base}/a.png`)).ErrorCode).toBe("NoError");
    t.clock.advance(4 * MINUTE);
    expect((await stack(`${base}/b.png`)).ErrorCode).toBe("NoError");
    t.clock.advance(3 * MINUTE);
    const spread = await stack(`${base}/c.png`);
    expect(spread).toMatchObject({
      ErrorCode: "InvalidParameter",
      Message: expect.stringMatching(
        /within 5 minutes of its first, and this one would spread it over 7 minutes/,
      ) as string,
    });
    const tooMany = await call("POST", "StackImage", {
      ...as(),
      productId: "many",
      imageURL: `${base}/a.png`,
      ...Object.fromEntries([2, 3, 4, 5].map((n) => [`imageURL${n}`, `${base}/${n}.png`])),
    });
    expect(tooMany.ErrorCode).toBe("NoError");
    const more = await call("POST", "StackImage", {
      ...as(),
      productId: "many",
      imageURL: `${base}/a.png`,
      imageURL2: `${base}/b.png`,
      imageURL3: `${base}/c.png`,
      imageURL4: `${base}/d.png`,
      imageURL5: `${base}/e.png`,
    });
    expect(more.ErrorCode).toBe("NoError");
    const eleventh = await call("POST", "StackImage", {
      ...as(),
      productId: "many",
      imageURL: `${base}/f.png`,
    });
    expect(eleventh).toMatchObject({
      ErrorCode: "InvalidParameter",
      Message: expect.stringMatching(/at most 10 photos/) as string,
    });
  });

  it(
    "stacks a focus bracket posted as three StackImages once the 5-minute window closes",
    { timeout: 90_000 },
    async () => {
      const set = generateStackSet(1, { width: SIZE, height: SIZE });
      const tickets: string[] = [];
      const templateId = await template({ backgroundType: "0" });
      for (const [k, shot] of set.shots.entries()) {
        photos.set(`/shot${k}.png`, await png(shot));
        const r = await call("POST", "StackImage", {
          ...as(),
          templateId,
          productId: "watch",
          imageURL: `${base}/shot${k}.png`,
        });
        tickets.push(String(r["ImageTicket"]));
        // Downloaded, but the stack stays open until 5 minutes after its first image. (The fake clock moves
        // only between jobs: a jump of a whole lease while a download runs would hand it to a second run.)
        await until(nth(tickets, k), 30);
        t.clock.advance(MINUTE);
      }
      t.clock.advance(3 * MINUTE);
      for (const ticket of tickets) await until(ticket, 70);
      const sharpness = measureRegionSharpness(rgb(await final(nth(tickets, 0))), set);
      expect(sharpness.mean).toBeGreaterThan(0.93);
      // Every image of the stack delivers the stacked result.
      const r = await report(nth(tickets, 2));
      expect(r).toMatchObject({ mode: "stack" });
      expect(r.steps[0]?.reason).toMatch(/^3 shots/);
    },
  );

  it("white glove chooses the treatment per photo and records why", { timeout: 90_000 }, async () => {
    const model = generateLabelledPhoto(7, { size: 240 }); // a model on white, 180×240
    photos.set("/model.png", await png(model.photo));
    const posted = await call("POST", "WhiteGloveService", {
      ...as(),
      imageURL: `${base}/model.png`,
      customerImageId: "look-1",
    });
    const ticket = String(posted["ImageTicket"]);
    await until(ticket, 70);
    const out = await final(ticket);
    expect(out.width / out.height).toBeCloseTo(0.75, 2);
    const r = await report(ticket);
    expect(r.whiteGlove?.treatment).toBe("apparel-on-model");
    expect(r.whiteGlove?.reasons.join("\n")).toMatch(
      /backdrop: plain white[\s\S]*apparel on a model: yes[\s\S]*chose apparel-on-model/,
    );
  });
});

function nth<T>(list: readonly T[], i: number): T {
  const v = list[i];
  if (v === undefined) throw new RangeError(`no item ${i}`);
  return v;
}

// Studio billing on both engines: reservations against balance and credit (concurrent too), trial images,
// charges and IsPaid, monthly invoices with their PDF and payment page, deposits settling invoices.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deposit } from "../src/studio/billing/billing.service.js";
import { insertInvoice } from "../src/studio/billing/invoice.repository.js";
import { createStudioTestApp, type StudioAccount, type StudioTestApp } from "./fixtures/studio-harness.js";
import { testDialects } from "./support/databases.js";
import { createProductPhoto } from "./support/studio-photos.js";
import { waitFor } from "./support/wait.js";

describe.each(testDialects)("Studio billing on %s", (dialect) => {
  let t: StudioTestApp;
  let photoServer: http.Server;
  let photoUrl: string;
  const as = (c: StudioAccount) => ({ contactEmail: c.email, contactAPIkey: c.key });

  beforeEach(async () => {
    // 2026-01-20: images finish in January, the invoice run closes January on February 1st.
    t = await createStudioTestApp(dialect, { start: Date.UTC(2026, 0, 20, 9, 0, 0) });
    const photo = await createProductPhoto(80, 60);
    photoServer = http.createServer((_req, res) =>
      res.writeHead(200, { "content-type": "image/jpeg" }).end(photo),
    );
    await new Promise<void>((resolve) => photoServer.listen(0, "127.0.0.1", resolve));
    photoUrl = `http://127.0.0.1:${(photoServer.address() as AddressInfo).port}/p.jpg`;
    await t.listen();
  });
  afterEach(async () => {
    photoServer.closeAllConnections();
    await new Promise((resolve) => photoServer.close(resolve));
    await t.close();
  });

  const fund = (c: StudioAccount, minor: number) =>
    t.app.database.kysely.transaction().execute((trx) => deposit(trx, c.id, minor, "Deposit", t.clock.now()));

  it("refuses an image beyond balance plus credit with InsufficientBalance, counting images in progress", async () => {
    const c = await t.createContact("c@example.test");
    const refused = await t.call("POST", "WhiteGloveService", { ...as(c), imageURL: photoUrl });
    expect(refused.body).toMatchObject({
      ErrorCode: "InsufficientBalance",
      Message:
        "This image costs 1.00 USD but only 0.00 USD is available (balance 0.00 plus credit 0.00, less 0.00 for images in progress).",
      ImageTicket: "00000000-0000-0000-0000-000000000000",
    });
    await fund(c, 100);
    expect((await t.call("POST", "WhiteGloveService", { ...as(c), imageURL: photoUrl })).body.ErrorCode).toBe(
      "NoError",
    );
    const second = await t.call("POST", "WhiteGloveService", { ...as(c), imageURL: photoUrl });
    expect(second.body).toMatchObject({
      ErrorCode: "InsufficientBalance",
      Message: expect.stringMatching(/less 1\.00 for images in progress/) as string,
    });

    // Concurrent submissions never overspend: 3.00 of room, 1.00 each, 10 at once → exactly 3 accepted.
    const d = await t.createContact("d@example.test", { creditLimit: 300 });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => t.call("POST", "WhiteGloveService", { ...as(d), imageURL: photoUrl })),
    );
    expect(answers.filter((a) => a.body.ErrorCode === "NoError")).toHaveLength(3);
    expect(answers.filter((a) => a.body.ErrorCode === "InsufficientBalance")).toHaveLength(7);
  });

  it(
    "spends trial images first (IsTrial, free, paid) and charges the rest to the balance",
    { timeout: 60_000 },
    async () => {
      const c = await t.createContact("c@example.test", { trialImages: 1 });
      await fund(c, 500);
      const trial = await t.call("POST", "WhiteGloveService", { ...as(c), imageURL: photoUrl });
      const paid = await t.call("POST", "WhiteGloveService", { ...as(c), imageURL: photoUrl });
      expect([trial.body["IsTrial"], paid.body["IsTrial"]]).toEqual([true, false]);
      expect((await t.call("GET", "Contact", as(c))).body["Contact"]).toMatchObject({
        NumberOfTrialImages: 0,
      });
      await t.app.startWorker();
      for (const r of [trial, paid]) {
        const ticket = r.body["ImageTicket"] as string;
        const s = await waitFor("finished", async () => {
          const st = (await t.call("GET", `Image/${ticket}`, as(c))).body["ImageStatus"] as {
            StatusId: number;
            IsPaid: boolean;
          };
          return st.StatusId === 70 ? st : undefined;
        });
        expect(s.IsPaid).toBe(true);
      }
      expect((await t.call("GET", "Contact", as(c))).body["Contact"]).toMatchObject({
        ContactAccountBalance: { Amount: 4 },
      });
    },
  );

  it(
    "closes the month into an invoice with a PDF and a payment page; a deposit pays it",
    { timeout: 60_000 },
    async () => {
      const c = await t.createContact("c@example.test", {
        creditLimit: 1000,
        creditDays: 15,
        company: "Pixelz",
      });
      await fund(c, 100);
      const tickets: string[] = [];
      for (let i = 0; i < 2; i++)
        tickets.push(
          (await t.call("POST", "WhiteGloveService", { ...as(c), imageURL: photoUrl })).body[
            "ImageTicket"
          ] as string,
        );
      await t.app.startWorker();
      const paidFlags = async () =>
        Promise.all(
          tickets.map(async (ticket) => {
            const st = (await t.call("GET", `Image/${ticket}`, as(c))).body["ImageStatus"] as {
              StatusId: number;
              IsPaid: boolean;
            };
            return st.StatusId === 70 ? st.IsPaid : undefined;
          }),
        );
      // Whichever finishes first is covered by the deposit, the other goes on credit.
      expect(
        await waitFor("both finished", async () => {
          const flags = await paidFlags();
          return flags.every((f) => f !== undefined) ? [...flags].sort() : undefined;
        }),
      ).toEqual([false, true]);
      expect((await t.call("GET", "Invoices", as(c))).body["Invoices"]).toEqual([]);

      t.clock.set(Date.UTC(2026, 1, 1, 0, 5, 0));
      const invoices = await waitFor("the January invoice", async () => {
        const list = (
          await t.call("GET", "Invoices", { ...as(c), returnUrl: "https://shop.example.test/done" })
        ).body["Invoices"] as Record<string, unknown>[];
        return list.length > 0 ? list : undefined;
      });
      expect(invoices).toEqual([
        {
          AmountDue: "1.00",
          CreatedDate: "2026-01-31",
          InvoiceId: `INV-202601-${c.id}`,
          InvoiceUrl: expect.stringMatching(/\/studio\/invoices\/INV-202601-\d+\.pdf\?/) as string,
          IsPaid: false,
          PaymentUrl: expect.stringMatching(
            /\/studio\/pay\/INV-202601-\d+\?.*&returnUrl=https%3A%2F%2Fshop\.example\.test%2Fdone$/,
          ) as string,
        },
      ]);
      const [invoice] = invoices;
      const pdf = await fetch(invoice?.["InvoiceUrl"] as string);
      expect(pdf.headers.get("content-type")).toBe("application/pdf");
      const bytes = Buffer.from(await pdf.arrayBuffer());
      expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      const page = await (await fetch(invoice?.["PaymentUrl"] as string)).text();
      expect(page).toContain("Amount due: <strong>1.00 USD</strong>");
      expect(page).toContain('href="https://shop.example.test/done"');
      expect((await fetch(`${invoice?.["InvoiceUrl"] as string}0`)).status).toBe(403);

      await fund(c, 100);
      const after = (await t.call("GET", "Invoices", as(c))).body["Invoices"] as Record<string, unknown>[];
      expect(after[0]).toMatchObject({ IsPaid: true, PaymentUrl: "", AmountDue: "0.00" });
      expect(await paidFlags()).toEqual([true, true]);
    },
  );

  it("lists invoices newest first, 50 per page, within the dates given", async () => {
    const c = await t.createContact("c@example.test");
    for (let m = 0; m < 55; m++) {
      const start = Date.UTC(2020, m, 1);
      await insertInvoice(t.app.database.kysely, {
        contactId: c.id,
        number: `INV-T-${m}`,
        periodStart: start,
        periodEnd: Date.UTC(2020, m + 1, 1),
        currency: "USD",
        amount: 100,
        amountDue: 0,
        lines: [],
        paidAt: start,
        createdAt: Date.UTC(2020, m + 1, 1) - 1,
      });
    }
    const page = async (q: Record<string, string>) =>
      ((await t.call("GET", "Invoices", { ...as(c), ...q })).body["Invoices"] as { InvoiceId: string }[]).map(
        (i) => i.InvoiceId,
      );
    const first = await page({});
    expect(first).toHaveLength(50);
    expect(first[0]).toBe("INV-T-54");
    expect(await page({ page: "2" })).toEqual(["INV-T-4", "INV-T-3", "INV-T-2", "INV-T-1", "INV-T-0"]);
    expect(await page({ fromDate: "2020-02-01", toDate: "2020-03-31" })).toEqual(["INV-T-2", "INV-T-1"]);
    const other = await t.createContact("other@example.test");
    expect((await t.call("GET", "Invoices", as(other))).body["Invoices"]).toEqual([]);
  });
});

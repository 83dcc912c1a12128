// Studio contacts, partners and templates on both engines: the CLI as a real process, authentication,
// tenant isolation, template validation and prices.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStudioTestApp, type StudioTestApp } from "./fixtures/studio-harness.js";
import { testDialects } from "./support/databases.js";
import { runPixl } from "./support/pixl-process.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The seed's POST Template example, verbatim but for the credentials. */
const seedTemplate = {
  templateName: "My_First_Template",
  templateOutputFormat: "JPG",
  deliveryTimeInHour: "72",
  backgroundType: "1",
  backgroundColor: "FFFFFF",
  backgroundVerticalGradientColor: "",
  resizeType: "1",
  resizeUnit: "",
  resizeHeight: "4",
  resizeWidth: "3",
  resizeMinSize: "",
  resizeMaxSize: "",
  marginType: "2",
  marginTop: "10",
  marginBottom: "10",
  marginLeft: "15",
  marginRight: "15",
  marginVerticalAlignment: "",
  shadowType: "",
  isKeptMannequin: "false",
  isKeptModel: "false",
};

describe.each(testDialects)("Studio contacts and templates on %s", (dialect) => {
  let t: StudioTestApp;
  beforeEach(async () => {
    t = await createStudioTestApp(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  it(
    "creates a contact with `pixl studio contact create --json` whose key works and is stored hashed",
    { timeout: 120_000 },
    async () => {
      const r = await runPixl(
        [
          "studio",
          "contact",
          "create",
          "John@Example.test",
          "--name",
          "John",
          "--company",
          "Pixelz",
          "--currency",
          "EUR",
          "--credit-days",
          "15",
          "--trial-images",
          "3",
          "--direct-upload",
          "--json",
        ],
        t.env,
      );
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const printed = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(printed).toMatchObject({
        contactEmail: "john@example.test",
        contactAPIkey: expect.stringMatching(GUID) as string,
        applicationSecretCode: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/) as string,
        currency: "EUR",
        trialImages: 3,
        directUpload: true,
      });
      const key = printed["contactAPIkey"] as string;
      const got = await t.call("GET", "Contact", { contactEmail: "john@example.test", contactAPIkey: key });
      expect(got.body).toEqual({
        ErrorCode: "NoError",
        Message: "",
        Contact: {
          ContactAccountBalance: { Amount: 0, Currency: "EUR", CurrencyId: 2 },
          ContactCompany: "Pixelz",
          ContactDaysOfCredit: 15,
          ContactEmail: "john@example.test",
          ContactPerson: "John",
          NumberOfTrialImages: 3,
        },
      });
      const row = await t.app.database.kysely
        .selectFrom("studio_contacts")
        .selectAll()
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(key);
      expect(JSON.stringify(row)).not.toContain(printed["applicationSecretCode"] as string);

      const again = await runPixl(["studio", "contact", "create", "john@example.test"], t.env);
      expect(again.code).toBe(1);
      expect(again.stderr.trim()).toBe("pixl: A contact with the email john@example.test already exists.");
      const bad = await runPixl(["studio", "contact", "create", "x@y.test", "--currency", "XYZ"], t.env);
      expect(bad.stderr).toMatch(/^pixl: currency must be one of USD, EUR/);

      const funded = await runPixl(
        ["studio", "contact", "deposit", "john@example.test", "81.05", "--json"],
        t.env,
      );
      expect(JSON.parse(funded.stdout)).toEqual({
        contactEmail: "john@example.test",
        balance: "81.05",
        currency: "EUR",
      });
      const balance = await t.call("GET", "Contact", {
        contactEmail: "john@example.test",
        contactAPIkey: key,
      });
      expect(balance.body["Contact"]).toMatchObject({
        ContactAccountBalance: { Amount: 81.05, Currency: "EUR" },
      });

      const partner = await runPixl(["studio", "partner", "create", "dev@partner.test", "--json"], t.env);
      const p = JSON.parse(partner.stdout) as Record<string, string>;
      expect(p).toMatchObject({
        partnerEmail: "dev@partner.test",
        developerAPIkey: expect.stringMatching(GUID) as string,
      });
      const viaPartner = await t.call("POST", "Contact", {
        developerEmail: "dev@partner.test",
        developerAPIkey: p["developerAPIkey"],
        contactEmail: "customer@example.test",
        contactName: "Customer",
        countryCode: "DE",
      });
      expect(viaPartner.body.ErrorCode).toBe("NoError");
    },
  );

  it("answers InvalidContact alike for a wrong key, an unknown email and a missing key", async () => {
    const a = await t.createContact("a@example.test");
    const b = await t.createContact("b@example.test");
    for (const creds of [
      { contactEmail: a.email, contactAPIkey: b.key },
      { contactEmail: "nobody@example.test", contactAPIkey: a.key },
      { contactEmail: a.email, contactAPIkey: a.key.toUpperCase().replace(/-/g, "") },
    ]) {
      const r = await t.call("GET", "Templates", creds);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        ErrorCode: "InvalidContact",
        Message: "The contactEmail and contactAPIkey do not match an account.",
      });
    }
    const ok = await t.call("GET", "Templates", { contactEmail: "A@EXAMPLE.TEST", contactAPIkey: a.key });
    expect(ok.body).toEqual({ ErrorCode: "NoError", Message: "", Templates: [] });
  });

  it("lets a partner create contacts (POST Contact) and refuses a wrong developer key", async () => {
    const partner = await t.createPartner("dev@partner.test");
    const created = await t.call("POST", "Contact", {
      developerEmail: partner.email,
      developerAPIkey: partner.key,
      contactEmail: "my_new_customer@domain.test",
      contactName: "My First Customer",
      countryCode: "US",
      contactAddress1: "",
      contactAddress2: "",
      contactPhone: "",
      contactCity: "",
      contactState: "",
      contactZipCode: "",
    });
    expect(created.body).toMatchObject({ ErrorCode: "NoError", ContactEmail: "my_new_customer@domain.test" });
    const key = created.body["ContactAPIkey"] as string;
    expect(key).toMatch(GUID);
    const contact = await t.call("GET", "Contact", {
      contactEmail: "my_new_customer@domain.test",
      contactAPIkey: key,
    });
    expect(contact.body).toMatchObject({
      ErrorCode: "NoError",
      Contact: { ContactPerson: "My First Customer" },
    });
    const row = await t.app.database.kysely
      .selectFrom("studio_contacts")
      .select(["partner_id", "country_code"])
      .where("email", "=", "my_new_customer@domain.test")
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ partner_id: partner.id, country_code: "US" });

    const wrong = await t.call("POST", "Contact", {
      developerEmail: partner.email,
      developerAPIkey: key,
      contactEmail: "other@domain.test",
      contactName: "Other",
      countryCode: "US",
    });
    expect(wrong.body.ErrorCode).toBe("InvalidDeveloper");
    const badCountry = await t.call("POST", "Contact", {
      developerEmail: partner.email,
      developerAPIkey: partner.key,
      contactEmail: "third@domain.test",
      contactName: "Third",
      countryCode: "USA",
    });
    expect(badCountry.body).toMatchObject({
      ErrorCode: "InvalidParameter",
      Message: expect.stringContaining("countryCode") as string,
    });
    // A developerAPIkey that is neither the contact's own key nor a partner's is refused on any call.
    const other = await t.call("GET", "Contact", {
      contactEmail: "my_new_customer@domain.test",
      contactAPIkey: key,
      developerAPIkey: "44979dfe-5aa7-44ea-b3dd-7fae33bc37e9",
    });
    expect(other.body.ErrorCode).toBe("InvalidDeveloper");
  });

  it("creates the seed's template, prices it and shows it in GET Template and GET Templates", async () => {
    const c = await t.createContact("john@pixelz.test");
    const creds = { contactEmail: c.email, contactAPIkey: c.key };
    const created = await t.call("POST", "Template", { ...creds, ...seedTemplate });
    expect(created.body).toMatchObject({
      ErrorCode: "NoError",
      Message: "Success",
      Price: { Amount: 1, Currency: "USD", CurrencyId: 1 },
    });
    const id = created.body["TemplateId"] as number;
    const spec = await t.call("GET", `Template/${id}`, creds);
    expect(spec.body).toMatchObject({
      ErrorCode: "NoError",
      Template: {
        BackgroundColor: "FFFFFF",
        BackgroundType: 1,
        BackgroundVerticalGradientColor: null,
        CreatedDate: "2026-01-10",
        DeliveryTimeInHours: 72,
        Id: id,
        IsCombinedImages: false,
        IsDeleted: false,
        MarginBottom: 10,
        MarginLeft: 15,
        MarginType: 2,
        Name: "My_First_Template",
        OutputFormat: "JPG",
        Price: { Amount: 1, Currency: "USD", CurrencyId: 1 },
        ResizeHeight: 4,
        ResizeType: 1,
        ResizeWidth: 3,
        ShadowType: 0,
        VerticalAlignment: 2,
      },
    });
    // 24 h turnaround (+50 %) with a drop shadow (+0.35) and a kept model (+0.25): (1.00 + 0.35 + 0.25) × 1.5.
    const rush = await t.call("POST", "Template", {
      ...creds,
      ...seedTemplate,
      templateName: "Rush (shadow)",
      deliveryTimeInHour: "24",
      shadowType: "2",
      isKeptModel: "true",
    });
    expect(rush.body["Price"]).toEqual({ Amount: 2.4, Currency: "USD", CurrencyId: 1 });
    const list = await t.call("GET", "Templates", creds);
    expect((list.body["Templates"] as { TemplateName: string }[]).map((x) => x.TemplateName)).toEqual([
      "My_First_Template",
      "Rush (shadow)",
    ]);

    const other = await t.createContact("other@pixelz.test");
    const foreign = await t.call("GET", `Template/${id}`, {
      contactEmail: other.email,
      contactAPIkey: other.key,
    });
    expect(foreign.body).toMatchObject({ ErrorCode: "TemplateNotFound", Template: null });
  });

  it("refuses each bad template field with a Message naming it", async () => {
    const c = await t.createContact("john@pixelz.test");
    const creds = { contactEmail: c.email, contactAPIkey: c.key };
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ backgroundType: "2" }, "InvalidParameter", /transparent background cannot be written as JPG/],
      [{ deliveryTimeInHour: "48" }, "InvalidParameter", /deliveryTimeInHour must be one of 24, 72, 168/],
      [{ backgroundColor: "GG0000" }, "InvalidParameter", /backgroundColor must be a hexadecimal colour/],
      [{ backgroundColor: "" }, "InvalidParameter", /backgroundColor is required with backgroundType 1/],
      [{ templateOutputFormat: "GIF" }, "InvalidParameter", /templateOutputFormat must be one of JPG/],
      [{ templateName: "bad!name" }, "InvalidParameter", /templateName may only contain/],
      [{ resizeWidth: "-3" }, "InvalidParameter", /resizeWidth must be a whole number/],
      [{ marginType: "1", marginTop: "60", marginBottom: "60" }, "InvalidParameter", /percent margins/],
      [{ isKeptModel: "maybe" }, "InvalidParameter", /isKeptModel must be "true" or "false"/],
      [{ backgroundType: "3" }, "InvalidParameter", /backgroundVerticalGradientColor are required/],
    ];
    for (const [change, code, message] of cases) {
      const r = await t.call("POST", "Template", { ...creds, ...seedTemplate, ...change });
      expect(r.body.ErrorCode, JSON.stringify(change)).toBe(code);
      expect(r.body.Message, JSON.stringify(change)).toMatch(message);
    }
    const png = await t.call("POST", "Template", {
      ...creds,
      ...seedTemplate,
      backgroundType: "2",
      templateOutputFormat: "png",
    });
    expect(png.body.ErrorCode).toBe("NoError");
  });
});

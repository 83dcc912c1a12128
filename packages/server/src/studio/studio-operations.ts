// The domain behind every Studio operation (StudioOperations): authenticate, then hand to the feature.
import { createTransactionBatcher } from "../core/db/index.js";
import { formatAmount, toPrice } from "./billing/currencies.js";
import { listInvoices } from "./billing/invoice.repository.js";
import type { Contact } from "./contacts/contact.repository.js";
import { createContactAuthenticator } from "./contacts/contact-auth.js";
import {
  ADDRESS_FIELDS,
  authenticatePartner,
  createContact,
  editContact,
  type ContactSettings,
} from "./contacts/contact.service.js";
import { deleteImage, rejectImage } from "./images/image-actions.service.js";
import {
  countImages,
  listImages,
  listProductIds,
  parseImageFilter,
  parseImageListOptions,
  parsePaging,
} from "./images/image-list.js";
import { getImageForCall, getImageStatusForCall } from "./images/image-lookup.js";
import { batchListVersions, listVersions } from "./images/image.repository.js";
import { FINISHED, ImageStatus } from "./images/image-status.js";
import { submitImage } from "./images/image-submit.service.js";
import { toImageStatusView } from "./images/image.view.js";
import { addColorLibrary } from "./images/color-library.service.js";
import type { StudioImaging } from "./images/imaging.js";
import { requestPresignUrls } from "./images/uploads.service.js";
import { formatDate, parseDateBound } from "./studio-dates.js";
import type { StudioDeps } from "./studio.deps.js";
import type { StudioOperations, StudioRequest, StudioResult } from "./studio.contract.js";
import { createTemplate, getTemplate } from "./templates/template.service.js";
import { listTemplates } from "./templates/template.repository.js";
import { toTemplateListEntry, toTemplateSpecView } from "./templates/template.view.js";

const INVOICES_PER_PAGE = 50;

function contactView(c: Contact): NonNullable<StudioResult<"getContact">["Contact"]> {
  return {
    ContactAccountBalance: toPrice(c.balance, c.currency),
    ContactCompany: c.company === "" ? null : c.company,
    ContactDaysOfCredit: c.creditDays,
    ContactEmail: c.email,
    ContactPerson: c.name === "" ? null : c.name,
    NumberOfTrialImages: c.trialImages,
  };
}

function addressOf(r: Partial<Record<(typeof ADDRESS_FIELDS)[number], string>>): ContactSettings["address"] {
  const address: NonNullable<ContactSettings["address"]> = {};
  for (const f of ADDRESS_FIELDS) if (r[f] !== undefined) address[f] = r[f];
  return address;
}

/** Statuses whose reason the status call shows as its Message: failed, refused, and with an editor. */
const EXPLAINED: readonly number[] = [
  ImageStatus.DownloadFailed,
  ImageStatus.RejectedByPixelz,
  ImageStatus.AssignedToEditor,
  ImageStatus.DownloadedByEditor,
  ImageStatus.QualityAssurance,
];

/** Why an image is 12 or 90, or why a person holds it (62–66), as the status call's Message. */
function messageOf(image: { status: number; statusReason: string | null }): string {
  return EXPLAINED.includes(image.status) ? (image.statusReason ?? "") : "";
}

/** Finals are shown while finished or closed (not during a redo after REJECT, not after cleanup). */
function hasFinals(image: { status: number }): boolean {
  return FINISHED.includes(image.status) || image.status === ImageStatus.Closed;
}

/** Builds the Studio API's behaviour on the app's dependencies. */
export function createStudioOperations(deps: StudioDeps, imaging: StudioImaging): StudioOperations {
  const db = deps.database.kysely;
  const authenticator = createContactAuthenticator(db, deps.limits.authCacheMs);
  const submissions = createTransactionBatcher(db);
  /** Every contact call may carry a developerAPIkey; a wrong one is InvalidDeveloper wherever it comes. */
  const authWithDeveloper = async (r: StudioRequest<"getContact">, fresh = false): Promise<Contact> =>
    (await authenticator.authenticate(r, { fresh })).contact;

  return {
    async requestPresignUrls(r) {
      return requestPresignUrls(deps, await authWithDeveloper(r), r.imageNames);
    },
    async addTemplate(r) {
      const contact = await authWithDeveloper(r);
      const template = await createTemplate(db, deps.clock, contact, r);
      return {
        Message: "Success",
        TemplateId: template.id,
        Price: toPrice(template.price, template.currency),
      };
    },
    async getTemplate(r) {
      const template = await getTemplate(db, await authWithDeveloper(r), r.templateId);
      return { Message: "Success", Template: toTemplateSpecView(template) };
    },
    async listTemplates(r) {
      const contact = await authWithDeveloper(r);
      return { Templates: (await listTemplates(db, contact.id)).map(toTemplateListEntry) };
    },
    addImage: async (r) => submitImage(deps, submissions, "image", await authenticator.authenticate(r), r),
    addWhiteGloveImage: async (r) =>
      submitImage(deps, submissions, "white_glove", await authenticator.authenticate(r), r),
    addStackImage: async (r) =>
      submitImage(deps, submissions, "stack", await authenticator.authenticate(r), r),
    async addColorLibrary(r) {
      return addColorLibrary(deps, imaging, await authWithDeveloper(r), r.imagesUrl);
    },
    async deleteImage(r) {
      const contact = await authWithDeveloper(r);
      await deleteImage(
        deps,
        contact,
        await getImageForCall(db, contact.id, r.imageTicket, r.customerImageId),
      );
      return { Message: "Image was deleted" };
    },
    async getImageStatus(r) {
      const contact = await authWithDeveloper(r);
      const image = await getImageStatusForCall(db, contact.id, r.imageTicket, r.customerImageId);
      const versions = hasFinals(image) ? await listVersions(db, image.id) : [];
      return { Message: messageOf(image), ImageStatus: toImageStatusView(image, versions, deps.links) };
    },
    async listImages(r) {
      const contact = await authWithDeveloper(r);
      const images = await listImages(db, contact.id, parseImageListOptions(r));
      const versions = await batchListVersions(
        db,
        images.map((i) => i.id),
      );
      return { Images: images.map((i) => toImageStatusView(i, versions.get(i.id) ?? [], deps.links)) };
    },
    async countImages(r) {
      const contact = await authWithDeveloper(r);
      return { ImagesCount: await countImages(db, contact.id, parseImageFilter(r)) };
    },
    async listProductIds(r) {
      const contact = await authWithDeveloper(r);
      const page = parsePaging(r.page, "page", 1, 1_000_000);
      const perPage = parsePaging(r.productIdsPerPage, "productIdsPerPage", 10, 100);
      const stats = await listProductIds(db, contact.id, page, perPage);
      return {
        ProductIds: stats.map((s) => ({ DoneCount: s.done, ProductId: s.productId, TodoCount: s.todo })),
      };
    },
    async rejectImage(r) {
      const contact = await authWithDeveloper(r);
      const image = await getImageForCall(db, contact.id, r.imageTicket, r.customerImageId);
      await rejectImage(deps, image, {
        ...(r.comment === undefined ? {} : { comment: r.comment }),
        ...(r.markupImageUrl === undefined ? {} : { markupImageUrl: r.markupImageUrl }),
      });
      return { Message: "Image was rejected." };
    },
    async createContact(r) {
      const partner = await authenticatePartner(db, r.developerEmail, r.developerAPIkey);
      const created = await createContact(
        db,
        { clock: deps.clock, secretBox: deps.secretBox },
        {
          email: r.contactEmail,
          name: r.contactName,
          countryCode: r.countryCode,
          address: addressOf(r),
          partnerId: partner.id,
        },
      );
      return { Message: "Success", ContactAPIkey: created.apiKey, ContactEmail: created.account.email };
    },
    async getContact(r) {
      return { Contact: contactView(await authWithDeveloper(r, true)) };
    },
    async editContact(r) {
      const contact = await authWithDeveloper(r, true);
      const settings: ContactSettings = { address: { ...contact.address, ...addressOf(r) } };
      if (r.contactName !== undefined) settings.name = r.contactName;
      if (r.contactCompany !== undefined) settings.company = r.contactCompany;
      if (r.countryCode !== undefined) settings.countryCode = r.countryCode;
      return {
        Message: "Success",
        Contact: contactView(await editContact(db, deps.clock, contact, settings)),
      };
    },
    async listInvoices(r) {
      const contact = await authWithDeveloper(r);
      const page = parsePaging(r.page, "page", 1, 1_000_000);
      const from = parseDateBound(r.fromDate, "fromDate", "from");
      const to = parseDateBound(r.toDate, "toDate", "to");
      const invoices = await listInvoices(db, contact.id, {
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
        offset: (page - 1) * INVOICES_PER_PAGE,
        limit: INVOICES_PER_PAGE,
      });
      const returnUrl = r.returnUrl?.trim() || undefined;
      return {
        Invoices: invoices.map((i) => ({
          AmountDue: formatAmount(i.paidAt === null ? i.amountDue : 0),
          CreatedDate: formatDate(i.createdAt),
          InvoiceId: i.number,
          InvoiceUrl: deps.links.invoice(i.number),
          IsPaid: i.paidAt !== null,
          PaymentUrl: i.paidAt === null ? deps.links.payment(i.number, returnUrl) : "",
        })),
      };
    },
  };
}

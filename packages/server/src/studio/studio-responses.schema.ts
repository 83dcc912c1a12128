// Studio API response shapes: PascalCase members as in the seed's JSON examples, WCF DataContract names.
//
// Each response extends `Response` {ErrorCode, Message}; the XML codec writes those first and the rest
// alphabetically, JSON uses the same order. Nested entity types live in the Entities namespace, responses
// in the Response namespace (the captured Pixelz one). Decisions where the seed's examples disagree with
// themselves (IsTrial as "false", CustomerImageId as 12345, AmountDue as text) are in studio/README.md.
import { Type, type TProperties, type TSchema } from "@sinclair/typebox";
import { studioErrorCodes } from "./studio-errors.js";
import { DataContract, Decimal, Guid, Int, Nullable, namespaces } from "./wire/data-contract.js";

/** The ErrorCode member: always the name (`NoError` on success). */
export const ErrorCodeSchema = Type.Union(studioErrorCodes.map((c) => Type.Literal(c)));

const baseMembers = ["ErrorCode", "Message"] as const;

/** The base every response extends: `ErrorCode` and `Message` (empty on success unless a note is due). */
export const BaseResponse = DataContract(
  { name: "Response", namespace: namespaces.response, baseMembers },
  { ErrorCode: ErrorCodeSchema, Message: Type.String() },
);

function response<P extends TProperties>(name: string, properties: P) {
  return DataContract(
    { name, namespace: namespaces.response, baseMembers, baseName: "Response" },
    { ErrorCode: ErrorCodeSchema, Message: Type.String(), ...properties },
  );
}

function entity<P extends TProperties>(name: string, properties: P) {
  return DataContract({ name, namespace: namespaces.entities }, properties);
}

/** Money: `Amount` with the currency's code and Pixelz's numeric id for it (USD = 1). */
export const Price = entity("Price", { Amount: Decimal(), Currency: Type.String(), CurrencyId: Int() });

export const PresignUrl = entity("PresignUrl", {
  DownloadUrl: Type.String(),
  ImageName: Type.String(),
  UploadUrl: Type.String(),
});

/** GET Template/{id}: every field of the seed's example; `null` where the seed shows nil. */
export const TemplateSpec = entity("TemplateSpec", {
  BackgroundColor: Nullable(Type.String()),
  BackgroundType: Int(),
  BackgroundVerticalGradientColor: Nullable(Type.String()),
  CallbackFtp: Nullable(Type.String()),
  CallbackUrl: Nullable(Type.String()),
  ColorAdjustment: Type.Boolean(),
  ColorAdjustmentComment: Type.String(),
  ColorAdjustmentSetting: Type.String(),
  ColorMatchComment: Type.String(),
  ColorMatching: Type.Boolean(),
  ColorMatchingSetting: Type.String(),
  Comment: Type.String(),
  /** `yyyy-MM-dd`. */
  CreatedDate: Type.String(),
  DeliveryTimeInHours: Int(),
  Id: Int(),
  IsCombinedImages: Type.Boolean(),
  IsDeleted: Type.Boolean(),
  IsKeptMannequin: Type.Boolean(),
  IsKeptModel: Type.Boolean(),
  MarginBottom: Int(),
  MarginLeft: Int(),
  MarginRight: Int(),
  MarginTop: Int(),
  MarginType: Int(),
  ModifiedDate: Type.String(),
  Name: Type.String(),
  OutputFormat: Type.String(),
  Price: Nullable(Price),
  ResizeHeight: Nullable(Int()),
  ResizeMaxSize: Nullable(Int()),
  ResizeMinSize: Nullable(Int()),
  ResizeType: Int(),
  ResizeUnit: Int(),
  ResizeWidth: Nullable(Int()),
  ShadowType: Int(),
  VerticalAlignment: Int(),
});

/** One entry of GET Templates (the seed's list shape, a different type from TemplateSpec). */
export const Template = entity("Template", {
  ColorAdjustment: Type.Boolean(),
  ColorAdjustmentComment: Type.String(),
  ColorAdjustmentSetting: Type.String(),
  ColorMatchComment: Type.String(),
  ColorMatching: Type.Boolean(),
  ColorMatchingSetting: Type.String(),
  ContactId: Int(),
  IsCombinedImages: Type.Boolean(),
  IsRecreateDetail: Type.Boolean(),
  Prices: Type.Array(Price),
  TemplateId: Int(),
  TemplateLabelId: Int(),
  TemplateName: Type.String(),
});

/** An image's status as GET Image/{ticket} and GET Images report it. */
export const ImageStatus = entity("ImageStatus", {
  CustomerImageId: Nullable(Type.String()),
  /** Absolute URLs of the finished outputs (empty until finished). */
  FinalImagesURL: Type.Array(Type.String()),
  ImageTicket: Guid(),
  IsPaid: Type.Boolean(),
  ProductId: Nullable(Type.String()),
  StatusId: Int(),
  StatusName: Type.String(),
  ThumbnailImageURL: Nullable(Type.String()),
});

export const ProductIdStatistic = entity("ProductIdStatistic", {
  DoneCount: Int(),
  ProductId: Type.String(),
  TodoCount: Int(),
});

export const ContactInfo = entity("Contact", {
  ContactAccountBalance: Price,
  ContactCompany: Nullable(Type.String()),
  ContactDaysOfCredit: Int(),
  ContactEmail: Type.String(),
  ContactPerson: Nullable(Type.String()),
  NumberOfTrialImages: Int(),
});

export const Invoice = entity("Invoice", {
  /** Two decimals as text, as the seed shows it (`"105.00"`). */
  AmountDue: Type.String(),
  /** `yyyy-MM-dd`. */
  CreatedDate: Type.String(),
  InvoiceId: Type.String(),
  InvoiceUrl: Type.String(),
  IsPaid: Type.Boolean(),
  /** Empty when paid. */
  PaymentUrl: Type.String(),
});

export const responseSchemas = {
  requestPresignUrls: response("RequestPostingUrlsResponse", { PostingUrls: Type.Array(PresignUrl) }),
  addTemplate: response("NewTemplateResponse", { Price: Nullable(Price), TemplateId: Int() }),
  getTemplate: response("TemplateSpecResponse", { Template: Nullable(TemplateSpec) }),
  listTemplates: response("TemplatesResponse", { Templates: Type.Array(Template) }),
  addImage: response("AddImageResponse", {
    CustomerImageId: Nullable(Type.String()),
    ImageTicket: Guid(),
    IsTrial: Type.Boolean(),
  }),
  addColorLibrary: response("AddColorLibraryResponse", { ColorwayIds: Type.Array(Int()) }),
  deleteImage: response("DeleteImageResponse", {}),
  getImageStatus: response("ImageStatusResponse", { ImageStatus: Nullable(ImageStatus) }),
  listImages: response("ImagesListResponse", { Images: Type.Array(ImageStatus) }),
  countImages: response("ImagesCountResponse", { ImagesCount: Int() }),
  listProductIds: response("ProductIdsListResponse", { ProductIds: Type.Array(ProductIdStatistic) }),
  rejectImage: response("RejectImageResponse", {}),
  createContact: response("NewContactResponse", {
    ContactAPIkey: Type.String(),
    ContactEmail: Type.String(),
  }),
  getContact: response("ContactResponse", { Contact: Nullable(ContactInfo) }),
  listInvoices: response("InvoiceListResponse", { Invoices: Type.Array(Invoice) }),
} satisfies Record<string, TSchema>;

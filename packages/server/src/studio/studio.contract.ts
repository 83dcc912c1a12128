// The Studio API contract, defined once: each operation's REST route, SOAP names, request and response.
//
// REST JSON (`/REST.svc/JSON/…`), REST XML (`/REST.svc/…`), SOAP (`/soap.asmx`) and the WSDL/XSD are all
// derived from this table by studio/wire; the domain implements `StudioOperations`.
import type { Static, TSchema } from "@sinclair/typebox";
import type { StudioErrorCode } from "./studio-errors.js";
import { requestSchemas } from "./studio-requests.schema.js";
import { responseSchemas } from "./studio-responses.schema.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/** One operation: its REST route (path after `/REST.svc/[JSON/]`, `{name}` = a path parameter). */
export interface OperationDescriptor<Req extends TSchema = TSchema, Res extends TSchema = TSchema> {
  readonly request: Req;
  readonly response: Res;
  /** Absent for SOAP-only operations. */
  readonly http?: { readonly method: HttpMethod; readonly path: string };
  /**
   * A read whose answer depends only on the request and the database (no writes a client would notice, no
   * clock beyond hourly link renewal): its REST GET answers may be served from the response cache.
   */
  readonly cacheable?: true;
}

function operation<Req extends TSchema, Res extends TSchema>(
  request: Req,
  response: Res,
  http?: `${HttpMethod} ${string}`,
  flags: { cacheable?: true } = {},
): OperationDescriptor<Req, Res> {
  if (http === undefined) return { request, response, ...flags };
  const [method, path] = http.split(" ") as [HttpMethod, string];
  return { request, response, http: { method, path }, ...flags };
}

const cacheable = { cacheable: true } as const;

const rq = requestSchemas;
const rs = responseSchemas;

/** Every Studio operation (studio-api.md §2, the seed). */
export const studioContract = {
  requestPresignUrls: operation(rq.requestPresignUrls, rs.requestPresignUrls, "POST RequestPresignUrls"),
  /** Deprecated in the seed, still served. */
  addTemplate: operation(rq.addTemplate, rs.addTemplate, "POST Template"),
  getTemplate: operation(rq.getTemplate, rs.getTemplate, "GET Template/{templateId}"),
  listTemplates: operation(rq.listTemplates, rs.listTemplates, "GET Templates", cacheable),
  addImage: operation(rq.addImage, rs.addImage, "POST Image"),
  addWhiteGloveImage: operation(rq.addWhiteGloveImage, rs.addImage, "POST WhiteGloveService"),
  addStackImage: operation(rq.addStackImage, rs.addImage, "POST StackImage"),
  addColorLibrary: operation(rq.addColorLibrary, rs.addColorLibrary, "POST AddColorLibrary"),
  deleteImage: operation(rq.deleteImage, rs.deleteImage, "DELETE Image/{imageTicket}"),
  getImageStatus: operation(rq.getImageStatus, rs.getImageStatus, "GET Image/{imageTicket}", cacheable),
  listImages: operation(rq.listImages, rs.listImages, "GET Images", cacheable),
  countImages: operation(rq.countImages, rs.countImages, "GET Images/Count", cacheable),
  listProductIds: operation(rq.listProductIds, rs.listProductIds, "GET ProductIds", cacheable),
  rejectImage: operation(rq.rejectImage, rs.rejectImage, "PUT Image/Reject/{imageTicket}"),
  /** Deprecated in the seed, still served: a partner creates a contact. */
  createContact: operation(rq.createContact, rs.createContact, "POST Contact"),
  getContact: operation(rq.getContact, rs.getContact, "GET Contact"),
  /** SOAP EditContact only; answers the contact as it now is. */
  editContact: operation(rq.editContact, rs.getContact),
  listInvoices: operation(rq.listInvoices, rs.listInvoices, "GET Invoices"),
} as const;

export type StudioContract = typeof studioContract;
export type StudioOperationName = keyof StudioContract;

/** The request an operation receives (scalars as text, unknown members dropped, required ones present). */
export type StudioRequest<K extends StudioOperationName> = Static<StudioContract[K]["request"]>;

/** The full response an operation's encodings carry. */
export type StudioResponse<K extends StudioOperationName> = Static<StudioContract[K]["response"]>;

/**
 * What an operation returns: the response, where `ErrorCode` defaults to `NoError` and `Message` to "".
 * Returning a non-`NoError` code encodes exactly like throwing a StudioError with it.
 */
export type StudioResult<K extends StudioOperationName> = Omit<StudioResponse<K>, "ErrorCode" | "Message"> & {
  ErrorCode?: StudioErrorCode;
  Message?: string;
};

/** What the transport knows about a call, for the operations. */
export interface StudioRequestContext {
  /** This server's public base URL without a trailing slash (`https://pixl.example.com`): absolute URLs. */
  readonly publicUrl: string;
  /** The request id (also in logs and the `x-request-id` header). */
  readonly requestId: string;
  /** The client's IP address (honours X-Forwarded-For only when the server trusts its proxy). */
  readonly clientIp: string;
  /** Which encoding the call came in. */
  readonly transport: "json" | "xml" | "soap";
  /** The method as the client called it (`POST Image`, `AddImageToQueue`), for logs. */
  readonly method: string;
}

/**
 * The Studio API's behaviour, implemented by the domain (studio/*). Each operation authenticates the
 * credentials in its request itself, then answers or throws a StudioError (HTTP 200 with that ErrorCode,
 * a SOAP fault over SOAP). Anything else thrown is InternalError with a generic message (HTTP 500).
 */
export type StudioOperations = {
  readonly [K in StudioOperationName]: (
    request: StudioRequest<K>,
    ctx: StudioRequestContext,
  ) => Promise<StudioResult<K>>;
};

/** SOAP operations (studio-api.md §5): which Studio operation each runs, and its `string` parameters. */
export interface SoapOperationDescriptor<K extends StudioOperationName = StudioOperationName> {
  readonly operation: K;
  /** Parameter names in WSDL order; all typed `xs:string`, all optional in the schema. */
  readonly params: readonly (keyof StudioRequest<K> & string)[];
}

/** A SOAP descriptor for any one operation. */
export type AnySoapOperationDescriptor = {
  [K in StudioOperationName]: SoapOperationDescriptor<K>;
}[StudioOperationName];

function soap<K extends StudioOperationName>(
  operation: K,
  params: readonly (keyof StudioRequest<K> & string)[],
): SoapOperationDescriptor<K> {
  return { operation, params };
}

const auth = ["contactEmail", "contactAPIkey"] as const;
const submission = [
  "imageURL",
  "imageURL2",
  "imageURL3",
  "imageURL4",
  "imageURL5",
  "colorReferenceFileURL",
  "imageCallbackURL",
  "customerImageId",
  "productId",
  "customerFolder",
  "imageDeadlineDateTimeUTC",
] as const;
const lookup = ["imageTicket", "customerImageId"] as const;
const address = [
  "contactAddress1",
  "contactAddress2",
  "contactPhone",
  "contactCity",
  "contactState",
  "contactZipCode",
] as const;

/** Every SOAP operation, by its SOAP name. */
export const soapOperations = {
  AddImageToQueue: soap("addImage", [...auth, "templateId", ...submission]),
  AddImageWithInstructionToQueue: soap("addImage", [
    ...auth,
    "templateId",
    ...submission,
    "comment",
    "markupImageUrl",
  ]),
  AddPartnerImageToQueue: soap("addImage", [...auth, "developerAPIkey", "templateId", ...submission]),
  AddStackImageToQueue: soap("addStackImage", [...auth, "developerAPIkey", "templateId", ...submission]),
  WhiteGloveService: soap("addWhiteGloveImage", [...auth, "developerAPIkey", ...submission]),
  GetImageStatus: soap("getImageStatus", [...auth, ...lookup]),
  GetImagesList: soap("listImages", [
    ...auth,
    "imageStatus",
    "excludeImageStatus",
    "productId",
    "fromDate",
    "toDate",
    "page",
    "imagesPerPage",
    "sortBy",
    "isDescending",
  ]),
  DeleteImageFromQueue: soap("deleteImage", [...auth, ...lookup]),
  RejectProcessedImage: soap("rejectImage", [...auth, ...lookup, "comment", "markupImageUrl"]),
  GetProductIdsList: soap("listProductIds", [...auth, "page", "productIdsPerPage"]),
  GetTemplates: soap("listTemplates", [...auth]),
  GetTemplateSpec: soap("getTemplate", [...auth, "templateId"]),
  AddTemplate: soap("addTemplate", [
    ...auth,
    "templateName",
    "templateOutputFormat",
    "deliveryTimeInHour",
    "backgroundType",
    "backgroundColor",
    "backgroundVerticalGradientColor",
    "resizeType",
    "resizeUnit",
    "resizeHeight",
    "resizeWidth",
    "resizeMinSize",
    "resizeMaxSize",
    "marginType",
    "marginTop",
    "marginBottom",
    "marginLeft",
    "marginRight",
    "marginVerticalAlignment",
    "shadowType",
    "isKeptMannequin",
    "isKeptModel",
    "isCombinedImages",
    "callbackUrl",
    "comment",
    "colorMatching",
  ]),
  GetContactDetailed: soap("getContact", [...auth]),
  EditContact: soap("editContact", [...auth, "contactName", "contactCompany", "countryCode", ...address]),
  GetInvoiceList: soap("listInvoices", [...auth, "fromDate", "toDate", "page", "returnUrl"]),
} as const satisfies Record<string, AnySoapOperationDescriptor>;

export type SoapOperationName = keyof typeof soapOperations;

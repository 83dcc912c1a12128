// Studio API request shapes, as the wire layer hands them to the operations (studio-api.md §2, the seed).
//
// Values arrive as clients send them (JSON strings or numbers, query text, SOAP strings); the wire layer
// turns every scalar into a string (numbers as written, booleans "true"/"false", null dropped) and ignores
// unknown members, so operations always see text and validate it themselves. Required members are checked
// by the wire layer (missing → MissingRequiredInformation); an empty string counts as missing there.
import { Type, type TSchema } from "@sinclair/typebox";

const text = () => Type.String();
const optional = () => Type.Optional(Type.String());

/** Every call: the contact's email and API key; optionally a partner's key (may equal the contact's). */
const credentials = {
  contactEmail: text(),
  contactAPIkey: text(),
  developerAPIkey: optional(),
};

/** `{imageTicket}` from the path: a GUID, or the literal `nonticket` with `customerImageId`. */
const imageLookup = {
  imageTicket: text(),
  customerImageId: optional(),
};

const listWindow = { fromDate: optional(), toDate: optional(), page: optional() };

export const ColorChangeRequestMarker = Type.Object({
  swatchImageURL: optional(),
  swatchColorCode: optional(),
  markerX: optional(),
  markerY: optional(),
});

export const ColorChangeRequest = Type.Object({
  colorChangeRequestMarkers: Type.Optional(Type.Array(ColorChangeRequestMarker)),
  customerImageColorID: optional(),
  outputFileName: optional(),
});

/** What POST Image, WhiteGloveService and StackImage share. */
const imageSubmission = {
  ...credentials,
  imageURL: text(),
  imageURL2: optional(),
  imageURL3: optional(),
  imageURL4: optional(),
  imageURL5: optional(),
  /** Never valid: read only to refuse a sixth photo clearly instead of ignoring it (at most five). */
  imageURL6: optional(),
  colorReferenceFileURL: optional(),
  /** Deprecated in the seed; accepted and passed on. */
  imageRequestedDeliveryTimeInHours: optional(),
  imageCallbackURL: optional(),
  customerImageId: optional(),
  productId: optional(),
  customerFolder: optional(),
  /** `yyyy-MM-dd HH:mm:ss` UTC. */
  imageDeadlineDateTimeUTC: optional(),
  comment: optional(),
  markupImageUrl: optional(),
  colorChangeRequests: Type.Optional(Type.Array(ColorChangeRequest)),
  additionalResourceFileURLs: Type.Optional(Type.Array(Type.String())),
  /** From AddColorLibrary's `ColorwayIds`; numbers on the wire, text here. */
  colorwayIds: Type.Optional(Type.Array(Type.String())),
};

const contactAddress = {
  contactAddress1: optional(),
  contactAddress2: optional(),
  contactPhone: optional(),
  contactCity: optional(),
  contactState: optional(),
  contactZipCode: optional(),
};

export const requestSchemas = {
  requestPresignUrls: Type.Object({ ...credentials, imageNames: Type.Array(Type.String()) }),
  addTemplate: Type.Object({
    ...credentials,
    templateName: text(),
    templateOutputFormat: text(),
    deliveryTimeInHour: text(),
    backgroundType: text(),
    backgroundColor: optional(),
    backgroundVerticalGradientColor: optional(),
    resizeType: optional(),
    resizeUnit: optional(),
    resizeHeight: optional(),
    resizeWidth: optional(),
    resizeMinSize: optional(),
    resizeMaxSize: optional(),
    marginType: optional(),
    marginTop: optional(),
    marginBottom: optional(),
    marginLeft: optional(),
    marginRight: optional(),
    marginVerticalAlignment: optional(),
    shadowType: optional(),
    isKeptMannequin: optional(),
    isKeptModel: optional(),
    /** SOAP AddTemplate only (accepted over REST too). */
    isCombinedImages: optional(),
    /** Colour matching to each image's colorReferenceFileURL ("true"/"false"; the template's ColorMatching). */
    colorMatching: optional(),
    callbackUrl: optional(),
    comment: optional(),
  }),
  getTemplate: Type.Object({ ...credentials, templateId: text() }),
  listTemplates: Type.Object({ ...credentials }),
  addImage: Type.Object({ ...imageSubmission, templateId: optional() }),
  /** As POST Image without `templateId`: the service chooses the template. */
  addWhiteGloveImage: Type.Object({ ...imageSubmission }),
  addStackImage: Type.Object({ ...imageSubmission, templateId: optional() }),
  addColorLibrary: Type.Object({ ...credentials, imagesUrl: Type.Array(Type.String()) }),
  deleteImage: Type.Object({ ...credentials, ...imageLookup }),
  getImageStatus: Type.Object({ ...credentials, ...imageLookup }),
  listImages: Type.Object({
    ...credentials,
    ...listWindow,
    imageStatus: optional(),
    excludeImageStatus: optional(),
    productId: optional(),
    imagesPerPage: optional(),
    sortBy: optional(),
    isDescending: optional(),
  }),
  countImages: Type.Object({
    ...credentials,
    imageStatus: optional(),
    fromDate: optional(),
    toDate: optional(),
  }),
  listProductIds: Type.Object({ ...credentials, page: optional(), productIdsPerPage: optional() }),
  rejectImage: Type.Object({
    ...credentials,
    ...imageLookup,
    comment: optional(),
    markupImageUrl: optional(),
  }),
  /** Deprecated POST Contact: a partner creates a contact. No contact credentials. */
  createContact: Type.Object({
    developerEmail: text(),
    developerAPIkey: text(),
    contactEmail: text(),
    contactName: text(),
    countryCode: text(),
    ...contactAddress,
  }),
  getContact: Type.Object({ ...credentials }),
  /** SOAP EditContact only: changes the calling contact's details; absent members stay as they are. */
  editContact: Type.Object({
    ...credentials,
    contactName: optional(),
    contactCompany: optional(),
    countryCode: optional(),
    ...contactAddress,
  }),
  listInvoices: Type.Object({ ...credentials, ...listWindow, returnUrl: optional() }),
} satisfies Record<string, TSchema>;

// Templates as the Studio wire shows them: GET Template's spec and GET Templates' list entries.
import { toPrice } from "../billing/currencies.js";
import { formatDate } from "../studio-dates.js";
import type { StudioResponse } from "../studio.contract.js";
import type { Template } from "./template.repository.js";

type TemplateSpecView = NonNullable<StudioResponse<"getTemplate">["Template"]>;
type TemplateListEntry = StudioResponse<"listTemplates">["Templates"][number];

/**
 * Colour work as the template shows it: colour matching when the template asks for it (AddTemplate
 * `colorMatching`; images then bring a colorReferenceFileURL, "Follow reference"); colour adjustment is not
 * a template option here.
 */
function colorWork(t: Template) {
  const matching = t.spec.colorMatching === true;
  return {
    ColorAdjustment: false,
    ColorAdjustmentComment: "",
    ColorAdjustmentSetting: "",
    ColorMatchComment: "",
    ColorMatching: matching,
    ColorMatchingSetting: matching ? "Follow reference" : "",
  } as const;
}

export function toTemplateSpecView(t: Template): TemplateSpecView {
  const s = t.spec;
  return {
    BackgroundColor: s.backgroundColor,
    BackgroundType: s.backgroundType,
    BackgroundVerticalGradientColor: s.backgroundVerticalGradientColor,
    CallbackFtp: null,
    CallbackUrl: t.callbackUrl,
    ...colorWork(t),
    Comment: t.comment,
    CreatedDate: formatDate(t.createdAt),
    DeliveryTimeInHours: s.deliveryTimeInHour,
    Id: t.id,
    IsCombinedImages: t.isCombinedImages,
    IsDeleted: t.isDeleted,
    IsKeptMannequin: s.isKeptMannequin,
    IsKeptModel: s.isKeptModel,
    MarginBottom: s.marginBottom,
    MarginLeft: s.marginLeft,
    MarginRight: s.marginRight,
    MarginTop: s.marginTop,
    MarginType: s.marginType,
    ModifiedDate: formatDate(t.updatedAt),
    Name: t.name,
    OutputFormat: s.templateOutputFormat,
    Price: toPrice(t.price, t.currency),
    ResizeHeight: s.resizeHeight,
    ResizeMaxSize: s.resizeMaxSize,
    ResizeMinSize: s.resizeMinSize,
    ResizeType: s.resizeType,
    ResizeUnit: s.resizeUnit,
    ResizeWidth: s.resizeWidth,
    ShadowType: s.shadowType,
    VerticalAlignment: s.marginVerticalAlignment,
  };
}

/** `TemplateLabelId` 10 is the only label the seed shows; we have no labels. */
export function toTemplateListEntry(t: Template): TemplateListEntry {
  return {
    ...colorWork(t),
    ContactId: t.contactId,
    IsCombinedImages: t.isCombinedImages,
    IsRecreateDetail: false,
    Prices: [toPrice(t.price, t.currency)],
    TemplateId: t.id,
    TemplateLabelId: 10,
    TemplateName: t.name,
  };
}

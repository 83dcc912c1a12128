// The template form's fields and their POST Template encoding (every value as text, as the API takes it).

export interface TemplateForm {
  templateName: string;
  templateOutputFormat: string;
  deliveryTimeInHour: string;
  backgroundType: string;
  backgroundColor: string;
  resizeType: string;
  resizeWidth: string;
  resizeHeight: string;
  marginType: string;
  margin: string;
  marginVerticalAlignment: string;
  shadowType: string;
}

export const DEFAULT_TEMPLATE_FORM: TemplateForm = {
  templateName: "",
  templateOutputFormat: "JPG",
  deliveryTimeInHour: "72",
  backgroundType: "1",
  backgroundColor: "FFFFFF",
  resizeType: "0",
  resizeWidth: "1000",
  resizeHeight: "1000",
  marginType: "1",
  margin: "5",
  marginVerticalAlignment: "2",
  shadowType: "0",
};

export const OPTIONS = {
  templateOutputFormat: ["JPG", "PNG", "TIF", "PSD"].map((v) => ({ value: v, label: v })),
  deliveryTimeInHour: [
    { value: "24", label: "24 hours" },
    { value: "72", label: "72 hours" },
    { value: "168", label: "7 days" },
  ],
  backgroundType: [
    { value: "0", label: "Keep the background" },
    { value: "1", label: "Solid colour" },
    { value: "2", label: "Transparent" },
  ],
  resizeType: [
    { value: "0", label: "Keep the size" },
    { value: "2", label: "Fixed size (pixels)" },
  ],
  marginType: [
    { value: "0", label: "No margins" },
    { value: "1", label: "Percent" },
    { value: "2", label: "Pixels" },
  ],
  marginVerticalAlignment: [
    { value: "1", label: "Top" },
    { value: "2", label: "Centre" },
    { value: "3", label: "Bottom" },
  ],
  shadowType: [
    { value: "0", label: "No shadow" },
    { value: "1", label: "Keep the original shadow" },
    { value: "2", label: "Drop shadow" },
  ],
};

/** The POST Template members (text), the required ones named. */
export type TemplateFields = Record<string, string> & {
  templateName: string;
  templateOutputFormat: string;
  deliveryTimeInHour: string;
  backgroundType: string;
};

/** The POST Template members for the form (templateName included; the preview ignores it). */
export function toTemplateFields(f: TemplateForm): TemplateFields {
  const fields: TemplateFields = {
    templateName: f.templateName.trim(),
    templateOutputFormat: f.templateOutputFormat,
    deliveryTimeInHour: f.deliveryTimeInHour,
    backgroundType: f.backgroundType,
    resizeType: f.resizeType,
    marginType: f.marginType,
    marginVerticalAlignment: f.marginVerticalAlignment,
    shadowType: f.shadowType,
  };
  if (f.backgroundType === "1") fields["backgroundColor"] = f.backgroundColor.replace(/^#/, "");
  if (f.resizeType === "2") {
    fields["resizeUnit"] = "0";
    fields["resizeWidth"] = f.resizeWidth;
    fields["resizeHeight"] = f.resizeHeight;
  }
  if (f.marginType !== "0")
    for (const side of ["marginTop", "marginBottom", "marginLeft", "marginRight"]) fields[side] = f.margin;
  return fields;
}

// Template fields → TemplateSpec: values as strings, defaults, each refusal naming its field, and prices.
import { describe, expect, it } from "vitest";
import { imagePrice, templatePrice } from "./pricing.js";
import { parseTemplateSpec, toEditTemplate } from "./template-spec.js";

const base = {
  templateOutputFormat: "JPG",
  deliveryTimeInHour: "72",
  backgroundType: "1",
  backgroundColor: "#ffffff",
};

describe("parseTemplateSpec", () => {
  it("normalises strings and fills the documented defaults", () => {
    expect(
      parseTemplateSpec({ ...base, templateOutputFormat: "jpeg", resizeUnit: "", shadowType: "" }),
    ).toEqual({
      templateOutputFormat: "JPEG",
      deliveryTimeInHour: 72,
      backgroundType: 1,
      backgroundColor: "FFFFFF",
      backgroundVerticalGradientColor: null,
      resizeType: 0,
      resizeUnit: 0,
      resizeHeight: null,
      resizeWidth: null,
      resizeMinSize: null,
      resizeMaxSize: null,
      marginType: 0,
      marginTop: 0,
      marginBottom: 0,
      marginLeft: 0,
      marginRight: 0,
      marginVerticalAlignment: 2,
      shadowType: 0,
      isKeptMannequin: false,
      isKeptModel: false,
    });
  });

  it("refuses with StudioError codes and messages naming the field", () => {
    expect(() => parseTemplateSpec({ ...base, templateOutputFormat: "" })).toThrow(
      expect.objectContaining({ errorCode: "MissingRequiredInformation" }) as Error,
    );
    expect(() => parseTemplateSpec({ ...base, resizeType: "3" })).toThrow(
      /resizeType 3 needs resizeMinSize or resizeMaxSize/,
    );
    expect(() => parseTemplateSpec({ ...base, resizeType: "2", resizeWidth: "10" })).toThrow(
      /resizeHeight must be a positive/,
    );
    expect(() => parseTemplateSpec({ ...base, marginVerticalAlignment: "4" })).toThrow(
      /marginVerticalAlignment must be one of 1, 2, 3/,
    );
    expect(() => parseTemplateSpec({ ...base, resizeHeight: "1.5" })).toThrow(
      /resizeHeight must be a whole number/,
    );
  });

  it("turns a stored spec into the pipeline's template", () => {
    const edit = toEditTemplate(
      parseTemplateSpec({
        ...base,
        templateOutputFormat: "TIF",
        shadowType: "2",
        marginType: "1",
        marginTop: "5",
      }),
    );
    expect(edit).toMatchObject({
      outputFormat: "tiff",
      shadow: "drop",
      background: { type: "color", color: { r: 255, g: 255, b: 255 } },
    });
    expect(edit.margin).toEqual({ type: "percent", top: 5, bottom: 0, left: 0, right: 0 });
  });
});

describe("prices", () => {
  it("adds the add-ons and scales by turnaround", () => {
    const spec = parseTemplateSpec(base);
    expect(templatePrice(spec, false)).toBe(100);
    expect(templatePrice({ ...spec, backgroundType: 0 }, false)).toBe(50);
    expect(templatePrice({ ...spec, shadowType: 1, deliveryTimeInHour: 168 }, false)).toBe(100); // 1.25 × 0.8
    expect(
      templatePrice({ ...spec, isKeptMannequin: true, isKeptModel: true, deliveryTimeInHour: 24 }, true),
    ).toBe(300);
    expect(imagePrice(100, { colorVersions: 2, colorMatching: true })).toBe(250);
  });
});

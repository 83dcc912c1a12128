// Template parsing: Pixelz string fields, defaults, and the combinations that must be refused.
import { describe, expect, it } from "vitest";
import { isImagingError } from "../errors/imaging-error.js";
import { createEditTemplate } from "./edit-template.js";

describe("createEditTemplate", () => {
  it("reads the Pixelz example payload (values as strings, empty means unset)", () => {
    const t = createEditTemplate({
      templateName: "My First Template",
      templateOutputFormat: "JPG",
      deliveryTimeInHour: "72",
      backgroundType: "1",
      backgroundColor: "FFFFFF",
      backgroundVerticalGradientColor: "",
      resizeType: "1",
      resizeUnit: "",
      resizeHeight: "4",
      resizeWidth: "3",
      marginType: "2",
      marginTop: "10",
      marginBottom: "10",
      marginLeft: "15",
      marginRight: "15",
      marginVerticalAlignment: "",
      shadowType: "",
      isKeptMannequin: "false",
    });
    expect(t.outputFormat).toBe("jpg");
    expect(t.background).toEqual({ type: "color", color: { r: 255, g: 255, b: 255 } });
    expect(t.resize).toEqual({ type: "aspect", width: 3, height: 4 });
    expect(t.margin).toEqual({ type: "pixels", top: 10, bottom: 10, left: 15, right: 15 });
    expect(t.verticalAlignment).toBe("center");
    expect(t.shadow).toBe("none");
    expect(t.keepMannequin).toBe(false);
    expect(t.keepModel).toBeUndefined();
  });

  it("reads isKeptMannequin and isKeptModel as booleans or strings, unset when empty", () => {
    const read = (isKeptMannequin: unknown, isKeptModel: unknown) =>
      createEditTemplate({ templateOutputFormat: "PNG", backgroundType: 2, isKeptMannequin, isKeptModel });
    expect(read(true, "false")).toMatchObject({ keepMannequin: true, keepModel: false });
    expect(read("", undefined)).not.toHaveProperty("keepMannequin");
    expect(() => read("yes", "")).toThrow(/isKeptMannequin/);
  });

  it("refuses a transparent background written as JPG or JPEG", () => {
    for (const templateOutputFormat of ["JPG", "JPEG"]) {
      let error: unknown;
      try {
        createEditTemplate({ templateOutputFormat, backgroundType: 2 });
      } catch (e) {
        error = e;
      }
      expect(isImagingError(error, "invalid_template")).toBe(true);
    }
    expect(createEditTemplate({ templateOutputFormat: "PNG", backgroundType: 2 }).background.type).toBe(
      "transparent",
    );
  });

  it.each([
    [{ templateOutputFormat: "PNG", backgroundType: 1 }, /backgroundColor/],
    [{ templateOutputFormat: "PNG", backgroundType: 3, backgroundColor: "FFFFFF" }, /Gradient/],
    [{ templateOutputFormat: "GIF", backgroundType: 0 }, /templateOutputFormat/],
    [{ templateOutputFormat: "PNG", backgroundType: 1, backgroundColor: "GGGGGG" }, /backgroundColor/],
    [{ templateOutputFormat: "PNG", backgroundType: 0, resizeType: 2, resizeWidth: 100 }, /resizeHeight/],
    [{ templateOutputFormat: "PNG", backgroundType: 0, resizeType: 3 }, /resizeMinSize/],
    [
      { templateOutputFormat: "PNG", backgroundType: 0, marginType: 1, marginTop: 60, marginBottom: 40 },
      /percent/,
    ],
    [{ templateOutputFormat: "PNG", backgroundType: 7 }, /backgroundType/],
  ])("refuses %j", (input, message) => {
    expect(() => createEditTemplate(input)).toThrow(message);
  });

  it("reads units, min/max, alignment and shadow codes", () => {
    const t = createEditTemplate({
      templateOutputFormat: "TIFF",
      backgroundType: "3",
      backgroundColor: "#ffffff",
      backgroundVerticalGradientColor: "000000",
      resizeType: "3",
      resizeUnit: "2",
      resizeMaxSize: "5",
      marginType: "1",
      marginTop: "5",
      marginVerticalAlignment: "3",
      shadowType: "2",
    });
    expect(t.outputFormat).toBe("tiff");
    expect(t.background).toEqual({
      type: "gradient",
      top: { r: 255, g: 255, b: 255 },
      bottom: { r: 0, g: 0, b: 0 },
    });
    expect(t.resize).toEqual({ type: "minmax", unit: "inch", max: 5 });
    expect(t.margin).toEqual({ type: "percent", top: 5, bottom: 0, left: 0, right: 0 });
    expect(t.verticalAlignment).toBe("bottom");
    expect(t.shadow).toBe("drop");
  });
});

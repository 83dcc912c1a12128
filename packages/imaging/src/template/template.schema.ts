// The Pixelz template (POST Template fields), defined once as a TypeBox schema; the Studio API reuses it.
import { Type, type Static } from "@sinclair/typebox";

/** A number that may arrive as a string ("10"), or an empty string meaning "not set". */
const Numeric = Type.Union([Type.Number(), Type.String({ pattern: "^\\s*(-?\\d+(\\.\\d+)?)?\\s*$" })]);
/** A six-digit hexadecimal colour (000000–FFFFFF), an optional leading #, or empty. */
const HexColor = Type.Union([Type.String({ pattern: "^#?([0-9A-Fa-f]{6})?$" }), Type.Null()]);
const Flag = Type.Union([Type.Boolean(), Type.Literal("true"), Type.Literal("false"), Type.Literal("")]);

/** Output formats as Pixelz spells them. */
export const TEMPLATE_OUTPUT_FORMATS = ["JPG", "JPEG", "TIF", "TIFF", "PNG", "PSD"] as const;

/**
 * The image-processing fields of a Pixelz template, with Pixelz's names and codes (values may arrive as
 * strings, as the Pixelz API sends them). `templateName` and `deliveryTimeInHour` are optional here
 * because they do not change the image; the Studio API requires them in its own request schema.
 */
export const PixelzTemplateSchema = Type.Object(
  {
    templateName: Type.Optional(Type.String({ pattern: "^[A-Za-z0-9() ]*$", maxLength: 100 })),
    templateOutputFormat: Type.Union(TEMPLATE_OUTPUT_FORMATS.map((f) => Type.Literal(f))),
    deliveryTimeInHour: Type.Optional(Numeric),
    /** 0 no background removal, 1 colour, 2 transparent (not with JPG), 3 vertical gradient. */
    backgroundType: Numeric,
    backgroundColor: Type.Optional(HexColor),
    /** The bottom colour of a vertical gradient (the top is `backgroundColor`). */
    backgroundVerticalGradientColor: Type.Optional(HexColor),
    /** 0 keep original canvas (default), 1 canvas aspect ratio, 2 fixed width/height, 3 min/max only. */
    resizeType: Type.Optional(Numeric),
    /** 0 pixel (default), 1 millimetre, 2 inch; ignored for the aspect-ratio type. */
    resizeUnit: Type.Optional(Numeric),
    resizeHeight: Type.Optional(Numeric),
    resizeWidth: Type.Optional(Numeric),
    resizeMinSize: Type.Optional(Numeric),
    resizeMaxSize: Type.Optional(Numeric),
    /** 0 none (default), 1 percent, 2 pixels. */
    marginType: Type.Optional(Numeric),
    marginTop: Type.Optional(Numeric),
    marginBottom: Type.Optional(Numeric),
    marginLeft: Type.Optional(Numeric),
    marginRight: Type.Optional(Numeric),
    /** 1 top, 2 centre (default), 3 bottom. */
    marginVerticalAlignment: Type.Optional(Numeric),
    /** 0 none (default), 1 keep original, 2 drop shadow. */
    shadowType: Type.Optional(Numeric),
    isKeptMannequin: Type.Optional(Flag),
    isKeptModel: Type.Optional(Flag),
  },
  { additionalProperties: true },
);

/** A template as received from a Pixelz client. */
export type PixelzTemplate = Static<typeof PixelzTemplateSchema>;

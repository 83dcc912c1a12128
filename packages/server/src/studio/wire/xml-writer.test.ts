import { describe, expect, it } from "vitest";
import { responseSchemas } from "../studio-responses.schema.js";
import { shapeResponse } from "./response-shape.js";
import { escapeXmlText, writeDataContractElement, writeDataContractXml } from "./xml-writer.js";

const ENTITIES = "http://schemas.datacontract.org/2004/07/Removethebackground.Core.Entities";
const ARRAYS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays";

describe("WCF DataContract XML", () => {
  it("writes the captured Pixelz AddImageResponse byte for byte", () => {
    const schema = responseSchemas.addImage;
    const xml = writeDataContractXml(
      schema,
      shapeResponse(schema, {
        ErrorCode: "MissingRequiredInformation",
        Message: "ImageDeliveryInfo is missing.",
      }),
    );
    expect(xml).toBe(
      '<AddImageResponse xmlns="http://schemas.datacontract.org/2004/07/Removethebackground.Core.Entities.Response" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><ErrorCode>MissingRequiredInformation</ErrorCode><Message>ImageDeliveryInfo is missing.</Message><CustomerImageId i:nil="true"/><ImageTicket>00000000-0000-0000-0000-000000000000</ImageTicket><IsTrial>false</IsTrial></AddImageResponse>',
    );
  });

  it("declares nested namespaces on the member, names list items by type, nils nulls", () => {
    const schema = responseSchemas.getImageStatus;
    const xml = writeDataContractXml(
      schema,
      shapeResponse(schema, {
        ImageStatus: {
          FinalImagesURL: ["https://x/final.jpg"],
          ImageTicket: "33979dfe-5ea7-44ea-b3dd-7fde33bc37e9",
          StatusId: 80,
          StatusName: "Delivered",
          IsPaid: true,
          ProductId: "",
        },
      }),
    );
    expect(xml).toContain(
      `<ImageStatus xmlns:a="${ENTITIES}"><a:CustomerImageId i:nil="true"/>` +
        `<a:FinalImagesURL xmlns:b="${ARRAYS}"><b:string>https://x/final.jpg</b:string></a:FinalImagesURL>` +
        `<a:ImageTicket>33979dfe-5ea7-44ea-b3dd-7fde33bc37e9</a:ImageTicket><a:IsPaid>true</a:IsPaid>` +
        `<a:ProductId/><a:StatusId>80</a:StatusId><a:StatusName>Delivered</a:StatusName>` +
        `<a:ThumbnailImageURL i:nil="true"/></ImageStatus>`,
    );
  });

  it("writes lists of objects and of ints, empty lists as empty elements", () => {
    const templates = responseSchemas.listTemplates;
    const xml = writeDataContractXml(
      templates,
      shapeResponse(templates, {
        Templates: [{ TemplateId: 7, Prices: [{ Amount: 0.95, Currency: "USD", CurrencyId: 1 }] }],
      }),
    );
    expect(xml).toContain(`<Templates xmlns:a="${ENTITIES}"><a:Template>`);
    expect(xml).toContain("<a:Prices><a:Price><a:Amount>0.95</a:Amount><a:Currency>USD</a:Currency>");
    const colors = responseSchemas.addColorLibrary;
    expect(writeDataContractXml(colors, shapeResponse(colors, { ColorwayIds: [123, 456] }))).toContain(
      `<ColorwayIds xmlns:a="${ARRAYS}"><a:int>123</a:int><a:int>456</a:int></ColorwayIds>`,
    );
    expect(writeDataContractXml(colors, shapeResponse(colors, {}))).toContain(
      `<ColorwayIds xmlns:a="${ARRAYS}"/>`,
    );
  });

  it("escapes markup and drops characters XML cannot carry", () => {
    expect(escapeXmlText("a<b>&c\r\u0000\u0007\uFFFF\uD800z")).toBe("a&lt;b&gt;&amp;c&#xD;z");
    const schema = responseSchemas.deleteImage;
    const xml = writeDataContractXml(schema, shapeResponse(schema, { Message: "</Message><x>\u0001" }));
    expect(xml).toContain("<Message>&lt;/Message&gt;&lt;x&gt;</Message>");
  });

  it("writes a SOAP result element with the type's members under the `a` prefix", () => {
    const schema = responseSchemas.rejectImage;
    const xml = writeDataContractElement("RejectProcessedImageResult", schema, shapeResponse(schema, {}));
    expect(xml).toMatch(
      /^<RejectProcessedImageResult xmlns:a="[^"]+Response" xmlns:i="[^"]+"><a:ErrorCode>NoError<\/a:ErrorCode><a:Message\/><\/RejectProcessedImageResult>$/,
    );
  });
});

describe("shapeResponse", () => {
  it("orders members as WCF does and fills defaults", () => {
    const schema = responseSchemas.addImage;
    const shaped = shapeResponse(schema, { IsTrial: "true", CustomerImageId: 12345, Extra: "dropped" });
    expect(Object.keys(shaped)).toEqual([
      "ErrorCode",
      "Message",
      "CustomerImageId",
      "ImageTicket",
      "IsTrial",
    ]);
    expect(shaped).toEqual({
      ErrorCode: "NoError",
      Message: "",
      CustomerImageId: "12345",
      ImageTicket: "00000000-0000-0000-0000-000000000000",
      IsTrial: true,
    });
  });

  it("nils absent nullable objects, empties absent lists, zeroes absent numbers", () => {
    expect(shapeResponse(responseSchemas.getContact, {})).toEqual({
      ErrorCode: "NoError",
      Message: "",
      Contact: null,
    });
    expect(shapeResponse(responseSchemas.listImages, { Images: "nope" })).toMatchObject({ Images: [] });
    expect(shapeResponse(responseSchemas.countImages, { ImagesCount: "x" })).toMatchObject({
      ImagesCount: 0,
    });
  });
});

// Templates: the contact's editing recipes, and a form for a new one (background, size, margin, format).
import {
  Button,
  Card,
  ColorInput,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
} from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { studioCall } from "../api/studio-client";
import { DataTable } from "../app/data-table";
import { ErrorAlert } from "../app/error-alert";
import { PageHeader } from "../app/page-header";
import { useAsync } from "../app/use-async";

export default function TemplatesPage() {
  const list = useAsync(() => studioCall("listTemplates", {}), []);
  const [name, setName] = useState("");
  const [format, setFormat] = useState<string | null>("JPG");
  const [background, setBackground] = useState("#FFFFFF");
  const [width, setWidth] = useState<string | number>(1000);
  const [height, setHeight] = useState<string | number>(1000);
  const [margin, setMargin] = useState<string | number>(5);
  const [hours, setHours] = useState<string | number>(24);
  const [error, setError] = useState<unknown>();
  const create = (e: SyntheticEvent) => {
    e.preventDefault();
    setError(undefined);
    studioCall("addTemplate", {
      templateName: name,
      templateOutputFormat: format ?? "JPG",
      deliveryTimeInHour: String(hours),
      backgroundType: "1",
      backgroundColor: background.replace("#", ""),
      resizeType: "1",
      resizeUnit: "1",
      resizeWidth: String(width),
      resizeHeight: String(height),
      marginType: "1",
      marginTop: String(margin),
      marginBottom: String(margin),
      marginLeft: String(margin),
      marginRight: String(margin),
    })
      .then(() => {
        setName("");
        list.reload();
      })
      .catch(setError);
  };
  return (
    <>
      <PageHeader title="Templates" />
      <ErrorAlert error={list.error ?? error} />
      <Card withBorder mb="md">
        <form onSubmit={create} aria-label="New template">
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
              <TextInput
                label="Name"
                required
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
              />
              <Select
                label="Format"
                value={format}
                onChange={setFormat}
                data={["JPG", "PNG", "TIF", "PSD"]}
                allowDeselect={false}
              />
              <ColorInput label="Background" value={background} onChange={setBackground} format="hex" />
              <NumberInput label="Delivery (hours)" min={1} value={hours} onChange={setHours} />
              <NumberInput label="Width (px)" min={1} value={width} onChange={setWidth} />
              <NumberInput label="Height (px)" min={1} value={height} onChange={setHeight} />
              <NumberInput label="Margin (%)" min={0} max={49} value={margin} onChange={setMargin} />
            </SimpleGrid>
            <Group>
              <Button type="submit">Create template</Button>
            </Group>
          </Stack>
        </form>
      </Card>
      <DataTable
        caption="Templates"
        rows={list.data?.Templates}
        rowKey={(t) => t.TemplateId}
        columns={[
          { header: "Name", cell: (t) => t.TemplateName },
          { header: "Id", cell: (t) => t.TemplateId },
          {
            header: "Price",
            cell: (t) => t.Prices.map((p) => `${p.Amount} ${p.Currency}`).join(", ") || "—",
          },
        ]}
      />
    </>
  );
}

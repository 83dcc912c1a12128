// Templates: the contact's list, and a form to create one with a live preview on the customer's own photo.
import { Alert, Button, Card, Grid, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { studioClient } from "../api/studio-api";
import { useResource } from "../api/use-resource";
import { StudioLayout } from "./studio-layout";
import { DEFAULT_TEMPLATE_FORM, OPTIONS, toTemplateFields, type TemplateForm } from "./template-form";
import { TemplatePreview } from "./template-preview";

function Choice({
  form,
  name,
  label,
  onChange,
}: {
  form: TemplateForm;
  name: keyof typeof OPTIONS;
  label: string;
  onChange: (v: string) => void;
}) {
  return (
    <Select
      label={label}
      data={OPTIONS[name]}
      value={form[name]}
      onChange={(v) => onChange(v ?? "")}
      allowDeselect={false}
    />
  );
}

export default function TemplatesPage() {
  const templates = useResource("templates", async () => (await studioClient().listTemplates()).Templates);
  const [form, setForm] = useState<TemplateForm>(DEFAULT_TEMPLATE_FORM);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<string>();
  const set = (patch: Partial<TemplateForm>) => setForm((f) => ({ ...f, ...patch }));
  const fields = toTemplateFields(form);

  async function create() {
    setBusy(true);
    setError(undefined);
    setCreated(undefined);
    try {
      const r = await studioClient().addTemplate(fields);
      setCreated(
        `Template ${form.templateName} created (id ${r.TemplateId}, ${r.Price?.Amount ?? 0} ${r.Price?.Currency ?? ""} per image).`,
      );
      templates.reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <StudioLayout title="Templates">
      <Stack gap="xl">
        <section aria-labelledby="list-title">
          <Title order={2} size="h3" id="list-title" mb="xs">
            Your templates
          </Title>
          {templates.data?.length === 0 && <Text>No templates yet.</Text>}
          {templates.data && templates.data.length > 0 && (
            <Table.ScrollContainer minWidth={320}>
              <Table aria-label="Templates">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Id</Table.Th>
                    <Table.Th>Price</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {templates.data.map((t) => (
                    <Table.Tr key={t.TemplateId}>
                      <Table.Td>{t.TemplateName}</Table.Td>
                      <Table.Td>{t.TemplateId}</Table.Td>
                      <Table.Td>{t.Prices.map((p) => `${p.Amount} ${p.Currency}`).join(", ")}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </section>
        <Card withBorder component="section" aria-labelledby="new-title">
          <Title order={2} size="h3" id="new-title" mb="xs">
            New template
          </Title>
          <Grid>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <Stack>
                <TextInput
                  label="Name"
                  description="Letters, digits, spaces, ( ) _ -"
                  styles={{ description: { color: "var(--mantine-color-gray-8)" } }}
                  value={form.templateName}
                  onChange={(e) => set({ templateName: e.currentTarget.value })}
                  maxLength={100}
                  required
                />
                <Choice
                  form={form}
                  name="templateOutputFormat"
                  label="Output format"
                  onChange={(v) => set({ templateOutputFormat: v })}
                />
                <Choice
                  form={form}
                  name="backgroundType"
                  label="Background"
                  onChange={(v) => set({ backgroundType: v })}
                />
                {form.backgroundType === "1" && (
                  <TextInput
                    label="Background colour (hex)"
                    value={form.backgroundColor}
                    onChange={(e) => set({ backgroundColor: e.currentTarget.value })}
                    maxLength={7}
                  />
                )}
                <Choice form={form} name="resizeType" label="Size" onChange={(v) => set({ resizeType: v })} />
                {form.resizeType === "2" && (
                  <Grid>
                    <Grid.Col span={6}>
                      <TextInput
                        label="Width (px)"
                        inputMode="numeric"
                        value={form.resizeWidth}
                        onChange={(e) => set({ resizeWidth: e.currentTarget.value })}
                      />
                    </Grid.Col>
                    <Grid.Col span={6}>
                      <TextInput
                        label="Height (px)"
                        inputMode="numeric"
                        value={form.resizeHeight}
                        onChange={(e) => set({ resizeHeight: e.currentTarget.value })}
                      />
                    </Grid.Col>
                  </Grid>
                )}
                <Choice
                  form={form}
                  name="marginType"
                  label="Margins"
                  onChange={(v) => set({ marginType: v })}
                />
                {form.marginType !== "0" && (
                  <TextInput
                    label={form.marginType === "1" ? "Margin on each side (%)" : "Margin on each side (px)"}
                    inputMode="numeric"
                    value={form.margin}
                    onChange={(e) => set({ margin: e.currentTarget.value })}
                  />
                )}
                <Choice
                  form={form}
                  name="marginVerticalAlignment"
                  label="Vertical alignment"
                  onChange={(v) => set({ marginVerticalAlignment: v })}
                />
                <Choice
                  form={form}
                  name="shadowType"
                  label="Shadow"
                  onChange={(v) => set({ shadowType: v })}
                />
                <Choice
                  form={form}
                  name="deliveryTimeInHour"
                  label="Turnaround"
                  onChange={(v) => set({ deliveryTimeInHour: v })}
                />
                {error && (
                  <Alert color="red" role="alert" title="Not created">
                    {error}
                  </Alert>
                )}
                {created && (
                  <Alert color="green" role="status">
                    {created}
                  </Alert>
                )}
                <Button
                  onClick={() => void create()}
                  loading={busy}
                  disabled={form.templateName.trim() === ""}
                >
                  Create template
                </Button>
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <TemplatePreview fields={fields} />
            </Grid.Col>
          </Grid>
        </Card>
      </Stack>
    </StudioLayout>
  );
}

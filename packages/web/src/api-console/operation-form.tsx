// The test form of one operation: a field per parameter and body member, the exact request it makes, and
// the raw response (status line, headers, body) once sent.
import {
  Alert,
  Badge,
  Button,
  Code,
  Grid,
  Group,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from "@mantine/core";
import { useEffect, useMemo, useState } from "react";
import { studioAuthMembers } from "../api/credentials";
import { choicesOf, isScalar, typeOf, type ApiOperation, type JsonSchema } from "./openapi-model";
import {
  buildRequest,
  formatRequest,
  RequestBuildError,
  sendRequest,
  type BuiltRequest,
  type FormValues,
  type RawResponse,
  type SessionContext,
} from "./request-builder";

interface Field {
  key: string;
  name: string;
  schema: JsonSchema;
  required: boolean;
  where: string;
}

function fieldsOf(op: ApiOperation): Field[] {
  const fields: Field[] = op.parameters
    .filter((p) => p.in !== "header")
    .map((p) => ({
      key: `${p.in}.${p.name}`,
      name: p.name,
      schema: p.schema,
      required: p.required,
      where: p.in,
    }));
  const body = op.body?.contentType === "application/json" ? op.body.schema : undefined;
  const required = new Set(body?.required ?? []);
  for (const [name, schema] of Object.entries(body?.properties ?? {}))
    fields.push({ key: `body.${name}`, name, schema, required: required.has(name), where: "body" });
  return fields;
}

/** Credentials go in as the Studio API expects them: members of the query or the body. */
function initialValues(op: ApiOperation): FormValues {
  const values: FormValues = {};
  if (op.auth !== "studio-members") return values;
  const creds = studioAuthMembers();
  for (const f of fieldsOf(op)) {
    if (f.name === "contactEmail") values[f.key] = creds.contactEmail ?? "";
    if (f.name === "contactAPIkey") values[f.key] = creds.contactAPIkey ?? "";
  }
  return values;
}

function FieldInput({
  field,
  value,
  onChange,
}: {
  field: Field;
  value: string;
  onChange: (v: string) => void;
}) {
  const choices = choicesOf(field.schema);
  const label = `${field.name}${field.required ? " *" : ""}`;
  const description = `${field.where} · ${typeOf(field.schema)}${field.schema.description ? ` · ${field.schema.description}` : ""}`;
  const styles = { description: { color: "var(--mantine-color-gray-8)" } };
  if (choices)
    return (
      <Select
        label={label}
        description={description}
        styles={styles}
        data={choices}
        value={value || null}
        onChange={(v) => onChange(v ?? "")}
        clearable
      />
    );
  if (isScalar(field.schema))
    return (
      <TextInput
        label={label}
        description={description}
        styles={styles}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
    );
  return (
    <Textarea
      label={label}
      description={`${description} (JSON)`}
      styles={styles}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      autosize
      minRows={2}
      placeholder={typeOf(field.schema).endsWith("[]") ? '["…"]' : "{ … }"}
    />
  );
}

function ResponseView({ response }: { response: RawResponse }) {
  const head = [
    `HTTP/1.1 ${response.status} ${response.statusText}`,
    ...response.headers.map(([k, v]) => `${k}: ${v}`),
  ].join("\n");
  return (
    <Stack gap="xs" component="section" aria-labelledby="response-title">
      <Group gap="sm">
        <Title order={3} size="h5" id="response-title">
          Response
        </Title>
        <Badge
          styles={{ root: { background: response.status < 300 ? "#1e6b30" : "#a51d24", color: "#fff" } }}
        >
          {response.status}
        </Badge>
        <Text size="sm">
          {response.bytes} bytes in {response.ms} ms
        </Text>
      </Group>
      <Code
        block
        data-testid="response-raw"
        style={{ maxHeight: 480, overflow: "auto", whiteSpace: "pre-wrap", wordBreak: "break-all" }}
      >
        {`${head}\n\n${response.text === undefined ? `(binary ${response.contentType}, ${response.bytes} bytes)` : response.text.slice(0, 200_000)}`}
      </Code>
      {response.blobUrl && response.contentType.startsWith("image/") && (
        <img
          src={response.blobUrl}
          alt="The image the server answered with"
          style={{ maxWidth: "100%", maxHeight: 360 }}
        />
      )}
      {response.blobUrl && !response.contentType.startsWith("image/") && (
        <a href={response.blobUrl} download>
          Save the response body
        </a>
      )}
    </Stack>
  );
}

export function OperationForm({ op, session = {} }: { op: ApiOperation; session?: SessionContext }) {
  const fields = useMemo(() => fieldsOf(op), [op]);
  const [values, setValues] = useState<FormValues>(() => initialValues(op));
  const [response, setResponse] = useState<RawResponse>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(
    () => () => {
      if (response?.blobUrl) URL.revokeObjectURL(response.blobUrl);
    },
    [response],
  );

  let request: BuiltRequest | undefined;
  let problem: string | undefined;
  try {
    request = buildRequest(op, values, session);
  } catch (e) {
    if (!(e instanceof RequestBuildError)) throw e;
    problem = e.message;
  }

  async function send() {
    if (!request) return;
    setBusy(true);
    setError(undefined);
    try {
      setResponse(await sendRequest(request));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Stack
          gap="sm"
          component="form"
          aria-label={`${op.method} ${op.path}`}
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          {fields.length === 0 && <Text size="sm">No parameters.</Text>}
          {fields.map((f) => (
            <FieldInput
              key={f.key}
              field={f}
              value={values[f.key] ?? ""}
              onChange={(v) => setValues((old) => ({ ...old, [f.key]: v }))}
            />
          ))}
          <Button type="submit" loading={busy} disabled={!request}>
            Send request
          </Button>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack gap="sm">
          <Title order={3} size="h5">
            Request
          </Title>
          {problem ? (
            <Alert color="orange" title="Not ready">
              {problem}
            </Alert>
          ) : (
            request && (
              <Code
                block
                data-testid="request-raw"
                style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}
              >
                {formatRequest(request, window.location.host)}
              </Code>
            )
          )}
          {error && (
            <Alert color="red" role="alert" title="The request failed">
              {error}
            </Alert>
          )}
          {response && <ResponseView response={response} />}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

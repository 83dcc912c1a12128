// The API console: pick a Store or Studio operation from the server's OpenAPI documents, fill its form,
// and see the exact request sent and the raw response; the reference of the operation sits beside it.
import {
  Button,
  Card,
  Code,
  Grid,
  Group,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useEffect, useMemo, useState } from "react";
import type { SessionInfo } from "../api/console-api";
import { ErrorAlert } from "../app/error-alert";
import { PageHeader } from "../app/page-header";
import { useAsync } from "../app/use-async";
import { formatRequest, formatResponse, send, type RawResponse, type SentRequest } from "./exchange";
import { exampleBody, operationsOf, type Operation } from "./openapi-operations";
import { OperationReference } from "./operation-reference";

type Api = "store" | "studio";
const DOCS: Record<Api, { doc: string; base: string }> = {
  store: { doc: "/api/external/v1/openapi.json", base: "/api/external/v1" },
  studio: { doc: "/REST.svc/openapi.json", base: "/REST.svc/JSON" },
};

async function loadDoc(url: string): Promise<unknown> {
  const r = await fetch(url, { credentials: "omit" });
  if (!r.ok) throw new Error(`${url} answered ${r.status}`);
  return r.json();
}

/** The request the form describes. Credentials: a token or key typed in wins; else the session. */
function buildRequest(
  api: Api,
  op: Operation,
  values: Record<string, string>,
  body: string,
  auth: { store?: string; token: string },
): SentRequest {
  let path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(values[name] ?? ""));
  const query = new URLSearchParams();
  for (const p of op.parameters)
    if (p.in === "query" && (values[p.name] ?? "") !== "") query.append(p.name, values[p.name] ?? "");
  const qs = query.toString();
  path = `${DOCS[api].base}${path}${qs === "" ? "" : `?${qs}`}`;
  const headers: Record<string, string> = { accept: "application/json" };
  if (api === "store") {
    if (auth.token !== "") headers["authorization"] = `Bearer ${auth.token}`;
    else if (auth.store !== undefined) headers["x-pixl-store"] = auth.store;
  }
  const withBody = op.body !== undefined && body.trim() !== "";
  if (withBody) headers["content-type"] = "application/json";
  return { method: op.method, url: path, headers, body: withBody ? body : undefined };
}

export default function ApiConsolePage({ session }: { session: SessionInfo }) {
  const stores = session.memberships.filter((m) => m.kind === "store").map((m) => m.subdomain ?? "");
  const hasContact = session.memberships.some((m) => m.kind === "contact");
  const [api, setApi] = useState<Api>(stores.length > 0 || !hasContact ? "store" : "studio");
  const doc = useAsync(() => loadDoc(DOCS[api].doc), [api]);
  const operations = useMemo(() => (doc.data === undefined ? [] : operationsOf(doc.data)), [doc.data]);
  const [opId, setOpId] = useState<string | null>(null);
  const op = operations.find((o) => o.id === opId) ?? operations[0];
  const [values, setValues] = useState<Record<string, string>>({});
  const [body, setBody] = useState("");
  const [store, setStore] = useState<string | null>(stores[0] ?? null);
  const [token, setToken] = useState("");
  const [exchange, setExchange] = useState<{ shown: SentRequest; response: RawResponse } | undefined>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    setValues({});
    setBody(exampleBody(op?.body));
    setExchange(undefined);
  }, [op]);

  const submit = () => {
    if (!op) return;
    setError(undefined);
    send(buildRequest(api, op, values, body, { ...(store === null ? {} : { store }), token }))
      .then(setExchange)
      .catch(setError);
  };

  return (
    <>
      <PageHeader title="API console" />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Card withBorder>
            <Stack>
              <SegmentedControl
                aria-label="API"
                value={api}
                onChange={(v) => {
                  setApi(v);
                  setOpId(null);
                }}
                data={[
                  { value: "store", label: "Store API" },
                  { value: "studio", label: "Studio API" },
                ]}
              />
              <ErrorAlert error={doc.error} />
              <Select
                label="Operation"
                searchable
                value={op?.id ?? null}
                onChange={setOpId}
                data={operations.map((o) => ({ value: o.id, label: `${o.method} ${o.path}` }))}
                allowDeselect={false}
              />
              {api === "store" ? (
                <Group grow align="flex-start">
                  <Select
                    label="Store (your session)"
                    value={store}
                    onChange={setStore}
                    data={stores}
                    disabled={token !== ""}
                  />
                  <TextInput
                    label="Or an API token"
                    placeholder="sk_live_…"
                    value={token}
                    onChange={(e) => setToken(e.currentTarget.value.trim())}
                  />
                </Group>
              ) : (
                <Text size="sm" c="dimmed">
                  Leave contactEmail and contactAPIkey empty to call as your signed-in contact.
                </Text>
              )}
              {op?.parameters.map((p) => (
                <TextInput
                  key={`${p.in}:${p.name}`}
                  label={`${p.name} (${p.in}${p.required && !(api === "studio" && p.name.startsWith("contact")) ? ", required" : ""})`}
                  value={values[p.name] ?? ""}
                  onChange={(e) => setValues({ ...values, [p.name]: e.currentTarget.value })}
                />
              ))}
              {op?.body !== undefined && (
                <Textarea
                  label="Body (JSON)"
                  autosize
                  minRows={4}
                  maxRows={16}
                  ff="monospace"
                  value={body}
                  onChange={(e) => setBody(e.currentTarget.value)}
                />
              )}
              {op !== undefined && op.uploadTypes.length > 0 && (
                <Text size="sm">
                  This operation takes a file ({op.uploadTypes.join(", ")}); use the admin screens to upload.
                </Text>
              )}
              <Group>
                <Button onClick={submit} disabled={!op}>
                  Send request
                </Button>
              </Group>
              <ErrorAlert error={error} />
              {exchange && (
                <>
                  <Title order={2} size="h5">
                    Request
                  </Title>
                  <ScrollArea.Autosize mah={240}>
                    <Code block aria-label="Request sent">
                      {formatRequest(exchange.shown)}
                    </Code>
                  </ScrollArea.Autosize>
                  <Title order={2} size="h5">
                    Response ({exchange.response.status}, {Math.round(exchange.response.ms)} ms)
                  </Title>
                  <ScrollArea.Autosize mah={420}>
                    <Code block aria-label="Response received">
                      {formatResponse(exchange.response)}
                    </Code>
                  </ScrollArea.Autosize>
                </>
              )}
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Title order={2} size="h4" mb="xs">
            Reference
          </Title>
          {op && <OperationReference op={op} />}
        </Grid.Col>
      </Grid>
    </>
  );
}

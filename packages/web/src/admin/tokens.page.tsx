// API tokens: who can call the Store API for this store; create one with scopes and a rate limit, revoke.
import {
  Alert,
  Button,
  Checkbox,
  Code,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  TextInput,
} from "@mantine/core";
import type { StoreBody } from "@pixl/sdk";
import { useState, type SyntheticEvent } from "react";
import { storeClient } from "../api/store-client";
import { DataTable } from "../app/data-table";
import { ErrorAlert } from "../app/error-alert";
import { date } from "../app/format";
import { PageHeader } from "../app/page-header";
import { useAsync } from "../app/use-async";
import type { AdminStore } from "./admin-store";
import { StatusBadge } from "./status-badge";

/** The scopes the server accepts, from its schema: a scope added there fails this file's typecheck. */
type Scope = StoreBody<"POST /tokens">["scopes"][number];
const SCOPE_LIST: Record<Scope, true> = {
  "products:read": true,
  "products:write": true,
  "orders:read": true,
  "orders:write": true,
  "customers:read": true,
  "customers:write": true,
  "analytics:read": true,
  "webhooks:read": true,
  "webhooks:write": true,
  "settings:read": true,
  "settings:write": true,
  "discord:agent": true,
  "*": true,
};
const SCOPES = Object.keys(SCOPE_LIST) as Scope[];

export default function TokensPage({ store }: { store: AdminStore }) {
  const api = storeClient(store.subdomain);
  const list = useAsync(() => api.tokens.list(), [store.subdomain]);
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Scope[]>(["orders:read"]);
  const [rateLimit, setRateLimit] = useState<string | number>(60);
  const [secret, setSecret] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const owner = store.role === "owner";
  const create = (e: SyntheticEvent) => {
    e.preventDefault();
    setError(undefined);
    api.tokens
      .create({ name, scopes, rate_limit: Number(rateLimit) })
      .then((t) => {
        setSecret(t.token);
        setName("");
        list.reload();
      })
      .catch(setError);
  };
  return (
    <>
      <PageHeader title="API tokens" />
      <ErrorAlert error={list.error ?? error} />
      {secret !== undefined && (
        <Alert
          color="green"
          title="New token (shown once: copy it now)"
          withCloseButton
          onClose={() => setSecret(undefined)}
          mb="md"
        >
          <Code>{secret}</Code>
        </Alert>
      )}
      {owner && (
        <form onSubmit={create} aria-label="New API token">
          <Stack mb="md">
            <Group align="flex-end" wrap="wrap">
              <TextInput
                label="Name"
                required
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
              />
              <NumberInput
                label="Requests per minute"
                min={1}
                max={1000}
                value={rateLimit}
                onChange={setRateLimit}
                w={180}
              />
            </Group>
            <Checkbox.Group label="Scopes" value={scopes} onChange={(v) => setScopes(v)}>
              <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} mt="xs">
                {SCOPES.map((s) => (
                  <Checkbox key={s} value={s} label={s === "*" ? "full access (*)" : s} />
                ))}
              </SimpleGrid>
            </Checkbox.Group>
            <Group>
              <Button type="submit">Create token</Button>
            </Group>
          </Stack>
        </form>
      )}
      <DataTable
        caption="API tokens of the store"
        rows={list.data}
        rowKey={(t) => t.id}
        columns={[
          { header: "Name", cell: (t) => t.name },
          { header: "Token", cell: (t) => <Code>{t.prefix}…</Code> },
          { header: "Scopes", cell: (t) => t.scopes.join(", ") },
          { header: "Per minute", cell: (t) => t.rate_limit },
          { header: "Created", cell: (t) => date(t.created_at) },
          {
            header: "Status",
            cell: (t) => <StatusBadge status={t.revoked_at === null ? "active" : "revoked"} />,
          },
          {
            header: "",
            cell: (t) =>
              owner && t.revoked_at === null ? (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="red"
                  onClick={() => void api.tokens.revoke(t.id).then(list.reload, setError)}
                >
                  Revoke
                </Button>
              ) : null,
          },
        ]}
      />
    </>
  );
}

// One game server: its secret (rotate, shown once), the product commands it runs, and its delivery log.
import {
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { storeClient } from "../api/store-client";
import { DataTable } from "../app/data-table";
import { ErrorAlert } from "../app/error-alert";
import { dateTime } from "../app/format";
import { PageHeader } from "../app/page-header";
import { Link, navigate } from "../app/router";
import { useAsync } from "../app/use-async";
import { canWrite, type AdminStore } from "./admin-store";
import { DeliveryLog } from "./delivery-log";
import { ShownOnce } from "./shown-once";

const KINDS = ["purchase", "refund", "chargeback", "renewal", "expiry"] as const;
type Kind = (typeof KINDS)[number];

export default function GameServerDetailPage({ store, id }: { store: AdminStore; id: number }) {
  const api = storeClient(store.subdomain);
  const server = useAsync(() => api.deliveryServers.get(id), [store.subdomain, id]);
  const commands = useAsync(
    async () => (await api.call("GET /delivery-servers/{id}/commands", { path: { id } })).data,
    [store.subdomain, id],
  );
  const writable = canWrite(store);
  const products = useAsync(
    async () =>
      writable ? (await api.products.list({ per_page: 100, sort: "name", order: "asc" })).data : [],
    [store.subdomain, writable],
  );
  const [secret, setSecret] = useState<string | undefined>();
  const [confirm, setConfirm] = useState<"rotate" | "delete" | undefined>();
  const [productId, setProductId] = useState<string | null>(null);
  const [kind, setKind] = useState<Kind>("purchase");
  const [command, setCommand] = useState("");
  const [requireOnline, setRequireOnline] = useState(false);
  const [error, setError] = useState<unknown>();
  const s = server.data;

  const rotate = () => {
    setError(undefined);
    api.deliveryServers
      .rotateSecret(id)
      .then((r) => {
        setSecret(r.server_secret);
        server.reload();
      })
      .catch(setError)
      .finally(() => setConfirm(undefined));
  };
  const remove = () => {
    setError(undefined);
    api.deliveryServers
      .delete(id)
      .then(() => navigate(`/admin/${store.subdomain}/game-servers`))
      .catch((e: unknown) => {
        setConfirm(undefined);
        setError(e);
      });
  };
  const addCommand = (e: SyntheticEvent) => {
    e.preventDefault();
    if (productId === null) return;
    setError(undefined);
    api.productCommands
      .create(Number(productId), { server_id: id, kind, command, require_online: requireOnline })
      .then(() => {
        setCommand("");
        commands.reload();
      })
      .catch(setError);
  };
  const deleteCommand = (product: number, commandId: number) => {
    setError(undefined);
    api.productCommands.delete(product, commandId).then(commands.reload, setError);
  };

  return (
    <>
      <PageHeader title={s ? `Game server: ${s.name}` : "Game server"}>
        {writable && s && (
          <>
            <Button variant="default" onClick={() => setConfirm("rotate")}>
              Rotate secret
            </Button>
            <Button color="red" variant="light" onClick={() => setConfirm("delete")}>
              Delete server
            </Button>
          </>
        )}
      </PageHeader>
      <Text mb="md">
        <Link href={`/admin/${store.subdomain}/game-servers`}>Back to game servers</Link>
      </Text>
      <ErrorAlert error={server.error ?? commands.error ?? error} />
      {secret !== undefined && (
        <ShownOnce
          title="New server secret (shown once)"
          note="The old secret no longer works. Give this one to the server's agent now."
          items={[{ label: "Server secret (X-Server-Secret)", value: secret }]}
          onClose={() => setSecret(undefined)}
        />
      )}
      {s && (
        <Card withBorder mb="md">
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
            <div>
              <Text size="sm" c="dimmed">
                Secret
              </Text>
              <Text>{s.secret_prefix === null ? "—" : `${s.secret_prefix}…`}</Text>
            </div>
            <div>
              <Text size="sm" c="dimmed">
                Requests per minute
              </Text>
              <Text>{s.rate_limit}</Text>
            </div>
            <div>
              <Text size="sm" c="dimmed">
                Agent last seen
              </Text>
              <Text>{dateTime(s.last_polled_at)}</Text>
            </div>
            <div>
              <Text size="sm" c="dimmed">
                Created
              </Text>
              <Text>{dateTime(s.created_at)}</Text>
            </div>
          </SimpleGrid>
        </Card>
      )}
      <Title order={2} size="h4" mb="xs">
        Delivery commands
      </Title>
      {writable && (
        <form onSubmit={addCommand} aria-label="New delivery command">
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} mb="xs">
            <Select
              label="Product"
              required
              searchable
              placeholder="Choose a product"
              data={(products.data ?? []).map((p) => ({ value: String(p.id), label: p.name }))}
              value={productId}
              onChange={setProductId}
            />
            <Select
              label="When"
              required
              allowDeselect={false}
              data={[...KINDS]}
              value={kind}
              onChange={(v) => setKind(v ?? "purchase")}
            />
            <TextInput
              label="Command"
              required
              maxLength={1000}
              placeholder="lp user {player} parent add vip"
              value={command}
              onChange={(e) => setCommand(e.currentTarget.value)}
            />
            <Stack justify="flex-end">
              <Checkbox
                label="Only while the player is online"
                checked={requireOnline}
                onChange={(e) => setRequireOnline(e.currentTarget.checked)}
              />
            </Stack>
          </SimpleGrid>
          <Group mb="md">
            <Button type="submit">Add command</Button>
          </Group>
        </form>
      )}
      <DataTable
        caption="Commands this server runs, per product"
        rows={commands.data}
        rowKey={(c) => c.id}
        empty="No commands yet: add one so purchases deliver on this server."
        columns={[
          {
            header: "Product",
            cell: (c) => (
              <Link href={`/admin/${store.subdomain}/products/${c.product.id}`}>{c.product.name}</Link>
            ),
          },
          { header: "When", cell: (c) => c.kind },
          {
            header: "Command",
            cell: (c) => (
              <Text ff="monospace" size="sm">
                {c.command}
              </Text>
            ),
          },
          { header: "Player online", cell: (c) => (c.require_online ? "required" : "not needed") },
          {
            header: "Actions",
            cell: (c) =>
              writable ? (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="red"
                  aria-label={`Delete the ${c.kind} command of ${c.product.name}`}
                  onClick={() => deleteCommand(c.product.id, c.id)}
                >
                  Delete
                </Button>
              ) : null,
          },
        ]}
      />
      <Stack mt="xl">
        <DeliveryLog store={store} serverId={id} />
      </Stack>
      <Modal
        opened={confirm !== undefined}
        onClose={() => setConfirm(undefined)}
        title={confirm === "delete" ? "Delete this game server?" : "Rotate the server secret?"}
      >
        <Stack>
          <Text>
            {confirm === "delete"
              ? "Its commands and queued deliveries are deleted with it."
              : "The agent stops working until it is given the new secret."}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(undefined)}>
              Cancel
            </Button>
            <Button color="red" onClick={confirm === "delete" ? remove : rotate}>
              {confirm === "delete" ? "Delete" : "Rotate"}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

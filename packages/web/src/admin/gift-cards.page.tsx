// Gift cards: balances and status; issue one, revoke one.
import { Button, Group, NumberInput, TextInput } from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { storeClient } from "../api/store-client";
import { DataTable } from "../app/data-table";
import { ErrorAlert } from "../app/error-alert";
import { money } from "../app/format";
import { PageHeader } from "../app/page-header";
import { useAsync } from "../app/use-async";
import { canWrite, type AdminStore } from "./admin-store";
import { StatusBadge } from "./status-badge";

export default function GiftCardsPage({ store }: { store: AdminStore }) {
  const api = storeClient(store.subdomain);
  const [page, setPage] = useState(1);
  const list = useAsync(() => api.giftCards.list({ page, per_page: 25 }), [store.subdomain, page]);
  const [balance, setBalance] = useState<string | number>(25);
  const [recipient, setRecipient] = useState("");
  const [error, setError] = useState<unknown>();
  const issue = (e: SyntheticEvent) => {
    e.preventDefault();
    setError(undefined);
    api.giftCards
      .create({
        initial_balance: String(balance),
        ...(recipient === "" ? {} : { recipient_email: recipient }),
      })
      .then(() => list.reload())
      .catch(setError);
  };
  return (
    <>
      <PageHeader title="Gift cards" />
      <ErrorAlert error={list.error ?? error} />
      {canWrite(store) && (
        <form onSubmit={issue} aria-label="New gift card">
          <Group align="flex-end" mb="md" wrap="wrap">
            <NumberInput
              label="Balance"
              min={0.01}
              decimalScale={2}
              required
              value={balance}
              onChange={setBalance}
              w={140}
            />
            <TextInput
              label="Recipient email"
              type="email"
              value={recipient}
              onChange={(e) => setRecipient(e.currentTarget.value)}
            />
            <Button type="submit">Issue gift card</Button>
          </Group>
        </form>
      )}
      <DataTable
        caption="Gift cards of the store"
        rows={list.data?.data}
        rowKey={(g) => g.id}
        columns={[
          { header: "Code", cell: (g) => g.code },
          {
            header: "Balance",
            cell: (g) => `${money(g.balance, g.currency)} of ${money(g.initial_balance, g.currency)}`,
          },
          { header: "Recipient", cell: (g) => g.recipient_email ?? "—" },
          { header: "Status", cell: (g) => <StatusBadge status={g.status} /> },
          {
            header: "",
            cell: (g) =>
              canWrite(store) && g.status === "active" ? (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="red"
                  onClick={() => void api.giftCards.revoke(g.id).then(list.reload, setError)}
                >
                  Revoke
                </Button>
              ) : null,
          },
        ]}
        page={{ current: page, last: list.data?.meta.last_page ?? 1, onChange: setPage }}
      />
    </>
  );
}

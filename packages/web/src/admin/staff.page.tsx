// Staff: who works for the store and with which role; invite someone by a one-time link (owners only).
import { Button, Group, Modal, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import type { SessionInfo } from "../api/console-api";
import { staffApi, type StaffMember, type StoreRole } from "../api/staff-api";
import { DataTable } from "../app/data-table";
import { ErrorAlert } from "../app/error-alert";
import { dateTime } from "../app/format";
import { PageHeader } from "../app/page-header";
import { useSession } from "../app/session";
import { useAsync } from "../app/use-async";
import type { AdminStore } from "./admin-store";
import { ShownOnce } from "./shown-once";
import { StatusBadge } from "./status-badge";

const ROLES: { value: StoreRole; label: string }[] = [
  { value: "owner", label: "Owner: everything, settings, tokens and staff" },
  { value: "manager", label: "Manager: runs the store, no settings or tokens" },
  { value: "support", label: "Support: looks at everything, changes nothing" },
];

function OwnersOnly() {
  return (
    <>
      <PageHeader title="Staff" />
      <Text>Only the store's owners manage its staff.</Text>
    </>
  );
}

export default function StaffPage({ store }: { store: AdminStore }) {
  const { session } = useSession();
  if (store.role !== "owner" || !session) return <OwnersOnly />;
  return <OwnerStaffPage store={store} session={session} />;
}

function OwnerStaffPage({ store, session }: { store: AdminStore; session: SessionInfo }) {
  const staff = useAsync(() => staffApi.list(store.subdomain), [store.subdomain]);
  const invitations = useAsync(() => staffApi.invitations(store.subdomain), [store.subdomain]);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<StoreRole>("manager");
  const [link, setLink] = useState<{ email: string; url: string } | undefined>();
  const [removing, setRemoving] = useState<StaffMember | undefined>();
  const [error, setError] = useState<unknown>();
  const invite = (e: SyntheticEvent) => {
    e.preventDefault();
    setError(undefined);
    staffApi
      .invite(store.subdomain, email, role)
      .then((inv) => {
        // The link is built on this page's origin (the one the owner reaches Pixl at).
        setLink({ email: inv.email, url: `${window.location.origin}/invite#${inv.token}` });
        setEmail("");
        invitations.reload();
      })
      .catch(setError);
  };
  const act = (work: Promise<unknown>) => {
    setError(undefined);
    work
      .then(() => {
        staff.reload();
        invitations.reload();
      })
      .catch(setError);
  };
  const pending = (invitations.data ?? []).filter((i) => i.status === "pending");
  return (
    <>
      <PageHeader title="Staff" />
      <ErrorAlert error={staff.error ?? invitations.error ?? error} />
      {link !== undefined && (
        <ShownOnce
          title="Invitation link (shown once)"
          note={`Send this link to ${link.email}. It works once, for 7 days; whoever opens it sets the account's password.`}
          items={[{ label: "Invitation link", value: link.url }]}
          onClose={() => setLink(undefined)}
        />
      )}
      <form onSubmit={invite} aria-label="Invite staff">
        <Group align="flex-end" mb="lg" wrap="wrap">
          <TextInput
            label="Email"
            type="email"
            required
            maxLength={254}
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <Select
            label="Role"
            allowDeselect={false}
            data={ROLES}
            value={role}
            onChange={(v) => setRole(v ?? "manager")}
            w={{ base: "100%", xs: 380 }}
          />
          <Button type="submit">Create invitation link</Button>
        </Group>
      </form>
      <DataTable
        caption="Staff of the store"
        rows={staff.data}
        rowKey={(m) => m.user_id}
        columns={[
          { header: "Name", cell: (m) => m.name },
          { header: "Email", cell: (m) => m.email },
          {
            header: "Role",
            cell: (m) => (
              <Select
                aria-label={`Role of ${m.email}`}
                size="xs"
                allowDeselect={false}
                data={ROLES.map((r) => ({ value: r.value, label: r.value }))}
                value={m.role}
                onChange={(v) =>
                  v !== null && v !== m.role && act(staffApi.changeRole(store.subdomain, m.user_id, v))
                }
                w={130}
              />
            ),
          },
          { header: "Joined", cell: (m) => dateTime(m.joined_at) },
          {
            header: "Actions",
            cell: (m) => (
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                aria-label={`${m.user_id === session.user.id ? "Leave" : "Remove"} ${m.email}`}
                onClick={() => setRemoving(m)}
              >
                {m.user_id === session.user.id ? "Leave" : "Remove"}
              </Button>
            ),
          },
        ]}
      />
      <Title order={2} size="h4" mt="xl" mb="xs">
        Invitations
      </Title>
      <DataTable
        caption="Invitations of the store, newest first"
        rows={invitations.data}
        rowKey={(i) => i.id}
        empty="No invitations yet."
        columns={[
          { header: "Email", cell: (i) => i.email },
          { header: "Role", cell: (i) => i.role },
          { header: "Status", cell: (i) => <StatusBadge status={i.status} /> },
          { header: "Expires", cell: (i) => (i.status === "pending" ? dateTime(i.expires_at) : "—") },
          {
            header: "Actions",
            cell: (i) =>
              i.status === "pending" ? (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="red"
                  aria-label={`Revoke the invitation of ${i.email}`}
                  onClick={() => act(staffApi.revoke(store.subdomain, i.id))}
                >
                  Revoke
                </Button>
              ) : null,
          },
        ]}
      />
      {pending.length > 0 && (
        <Text size="sm" c="dimmed" mt="xs">
          {pending.length} pending. A link is shown only when it is made; revoke one and invite again to get a
          new link.
        </Text>
      )}
      <Modal
        opened={removing !== undefined}
        onClose={() => setRemoving(undefined)}
        title="Remove from the store?"
      >
        <Stack>
          <Text>{removing?.email} loses access to this store at once.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRemoving(undefined)}>
              Cancel
            </Button>
            <Button
              color="red"
              onClick={() => {
                if (removing) act(staffApi.remove(store.subdomain, removing.user_id));
                setRemoving(undefined);
              }}
            >
              Remove
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

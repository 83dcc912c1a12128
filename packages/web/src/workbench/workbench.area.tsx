// The editor workbench at /workbench: the queue of images waiting for a person (62), each one's work.
import { Button, Grid, PasswordInput, SegmentedControl, Stack, Text } from "@mantine/core";
import { useMemo, useState, type SyntheticEvent } from "react";
import { DataTable } from "../app/data-table";
import { ErrorAlert } from "../app/error-alert";
import { dateTime } from "../app/format";
import { PageHeader } from "../app/page-header";
import { RequireSession } from "../app/session";
import { Shell } from "../app/shell";
import { useAsync } from "../app/use-async";
import { editorApi, saveEditorKey, savedEditorKey } from "./editor-api";
import { WorkbenchItem } from "./workbench-item";

function KeyForm({ onKey }: { onKey: (key: string) => void }) {
  const [key, setKey] = useState("");
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    onKey(key.trim());
  };
  return (
    <form onSubmit={submit} aria-label="Open the editor queue">
      <Stack maw={420}>
        <Text>
          The workbench works with your editor key (pxe_…, from{" "}
          <code>{"pixl studio editor create <contactEmail> <name>"}</code>).
        </Text>
        <PasswordInput
          label="Editor key"
          required
          value={key}
          onChange={(e) => setKey(e.currentTarget.value)}
        />
        <Button type="submit">Open the queue</Button>
      </Stack>
    </form>
  );
}

function Queue({ editorKey, onForget }: { editorKey: string; onForget: () => void }) {
  const api = useMemo(() => editorApi(editorKey), [editorKey]);
  const [state, setState] = useState<"queued" | "open">("queued");
  const [ticket, setTicket] = useState<string | undefined>();
  const queue = useAsync(() => api.queue(state), [api, state]);
  return (
    <>
      <ErrorAlert error={queue.error} />
      <SegmentedControl
        aria-label="Queue"
        mb="md"
        value={state}
        onChange={(v) => setState(v)}
        data={[
          { value: "queued", label: "Waiting (62)" },
          { value: "open", label: "All open (62–66)" },
        ]}
      />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <DataTable
            caption="Images waiting for an editor"
            rows={queue.data?.items}
            rowKey={(i) => i.ticket}
            columns={[
              {
                header: "Image",
                cell: (i) => (
                  <Button variant="subtle" size="compact-sm" onClick={() => setTicket(i.ticket)}>
                    {i.customerImageId ?? i.ticket}
                  </Button>
                ),
              },
              { header: "Status", cell: (i) => `${i.statusId} ${i.statusName}` },
              { header: "Why", cell: (i) => i.reason },
              { header: "Due", cell: (i) => dateTime(i.deadline) },
              { header: "Editor", cell: (i) => i.claimedBy ?? "—" },
            ]}
            empty="Nothing waiting."
          />
          <Button variant="subtle" mt="md" onClick={onForget}>
            Use another key
          </Button>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          {ticket !== undefined ? (
            <WorkbenchItem key={ticket} api={api} ticket={ticket} onChanged={queue.reload} />
          ) : (
            <Text c="dimmed">Choose an image.</Text>
          )}
        </Grid.Col>
      </Grid>
    </>
  );
}

export default function WorkbenchArea() {
  const [key, setKey] = useState<string | undefined>(() => savedEditorKey());
  return (
    <RequireSession>
      {(session) => (
        <Shell
          session={session}
          title="Workbench"
          subtitle="studio editor"
          nav={[
            ["/workbench", "Queue"],
            ["/api-console", "API console"],
          ]}
          navLabel="Workbench"
        >
          <PageHeader title="Editor queue" />
          {key === undefined ? (
            <KeyForm
              onKey={(k) => {
                saveEditorKey(k);
                setKey(k);
              }}
            />
          ) : (
            <Queue
              editorKey={key}
              onForget={() => {
                saveEditorKey(undefined);
                setKey(undefined);
              }}
            />
          )}
        </Shell>
      )}
    </RequireSession>
  );
}

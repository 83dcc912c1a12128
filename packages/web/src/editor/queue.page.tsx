// The editor queue: images waiting for a person (status 62), and those claimed or waiting for QA.
import { Alert, Anchor, SegmentedControl, Table, Text } from "@mantine/core";
import { editorApi, type QueueState } from "../api/editor-api";
import { useResource } from "../api/use-resource";
import { Link, navigate, useQuery } from "../app/router";
import { StatusBadge } from "../studio/status-badge";
import { EditorLayout } from "./editor-layout";

const STATES: { value: QueueState; label: string }[] = [
  { value: "queued", label: "Waiting (62)" },
  { value: "claimed", label: "Being edited (64)" },
  { value: "submitted", label: "Quality check (66)" },
  { value: "open", label: "All open" },
];

export default function QueuePage() {
  const raw = useQuery().get("state");
  const state: QueueState = STATES.find((s) => s.value === raw)?.value ?? "queued";
  const queue = useResource(`queue:${state}`, (signal) => editorApi.queue(state, signal), {
    poll: () => true,
    pollMs: 5000,
  });
  return (
    <EditorLayout title="Editor queue">
      <SegmentedControl
        aria-label="Queue"
        data={STATES}
        value={state}
        onChange={(v) => navigate(`/editor?state=${v}`, { replace: true })}
        mb="md"
        style={{ flexWrap: "wrap" }}
      />
      {queue.error && (
        <Alert color="red" role="alert">
          {queue.error.message}
        </Alert>
      )}
      {queue.data?.items.length === 0 && <Text>Nothing here.</Text>}
      {queue.data && queue.data.items.length > 0 && (
        <Table.ScrollContainer minWidth={340}>
          <Table aria-label="Queue">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Image</Table.Th>
                <Table.Th>Why</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Deadline</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {queue.data.items.map((i) => (
                <Table.Tr key={`${i.ticket}:${i.round}`}>
                  <Table.Td style={{ wordBreak: "break-all" }}>
                    <Anchor component={Link} href={`/editor/images/${i.ticket}`}>
                      {i.customerImageId ?? i.ticket}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" data-testid="queue-reason">
                      {i.reason}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={i.statusId} name={i.statusName} />
                    {i.claimedBy && <Text size="xs">by {i.claimedBy}</Text>}
                  </Table.Td>
                  <Table.Td>{i.deadline ? new Date(i.deadline).toLocaleString() : ""}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </EditorLayout>
  );
}

// One image on the workbench: instructions, comment and markup, files, and the step its status allows.
import {
  Alert,
  Button,
  Card,
  FileButton,
  Group,
  Image,
  List,
  Stack,
  Text,
  Textarea,
  Timeline,
  Title,
} from "@mantine/core";
import { useState } from "react";
import { ErrorAlert } from "../app/error-alert";
import { dateTime } from "../app/format";
import { useAsync } from "../app/use-async";
import type { EditorApi } from "./editor-api";

export function WorkbenchItem({
  api,
  ticket,
  onChanged,
}: {
  api: EditorApi;
  ticket: string;
  onChanged: () => void;
}) {
  const item = useAsync(() => api.item(ticket), [api, ticket]);
  const [note, setNote] = useState("");
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string | undefined>();
  const step = (work: () => Promise<unknown>, message: string) => {
    setError(undefined);
    work()
      .then(() => {
        setDone(message);
        item.reload();
        onChanged();
      })
      .catch(setError);
  };
  const d = item.data;
  return (
    <Card withBorder>
      <ErrorAlert error={item.error ?? error} />
      {done !== undefined && (
        <Alert color="green" role="status" mb="sm">
          {done}
        </Alert>
      )}
      {d && (
        <Stack>
          <Title order={2} size="h4">
            {d.customerImageId ?? d.ticket} · {d.statusId} {d.statusName}
          </Title>
          <Text size="sm">
            Round {d.round} · {d.reason} · due {dateTime(d.deadline)}
          </Text>
          <div>
            <Text fw={600}>Instructions</Text>
            <Text>{d.instructions.comment ?? "No comment."}</Text>
            {d.instructions.rejections.map((r, i) => (
              <Stack key={i} gap={4}>
                <Text c="red.8">Rejected: {r.comment ?? ""}</Text>
                {r.markupImageUrl !== null && (
                  <Image
                    src={r.markupImageUrl}
                    alt={`The customer's markup (rejection ${i + 1})`}
                    mah={240}
                    fit="contain"
                  />
                )}
              </Stack>
            ))}
            {d.instructions.markupImageUrl !== null && (
              <Image
                src={d.instructions.markupImageUrl}
                alt="The customer's markup"
                mah={240}
                fit="contain"
                mt="xs"
              />
            )}
          </div>
          <div>
            <Text fw={600}>Files</Text>
            <List>
              {d.files.map((f) => (
                <List.Item key={f.name}>
                  <Button
                    variant="subtle"
                    size="compact-sm"
                    onClick={() => void api.download(f.url, f.name).catch(setError)}
                  >
                    Download {f.name}
                  </Button>
                </List.Item>
              ))}
            </List>
          </div>
          <Group>
            {d.statusId === 62 && (
              <Button
                onClick={() => step(() => api.claim(ticket), "Claimed: status 64, downloaded by editor.")}
              >
                Claim and start
              </Button>
            )}
            {d.statusId === 64 && (
              <FileButton
                accept="image/*"
                onChange={(f) =>
                  f && step(() => api.submit(ticket, f), "Result uploaded: status 66, quality assurance.")
                }
              >
                {(props) => <Button {...props}>Upload edited result</Button>}
              </FileButton>
            )}
            {d.statusId === 66 && (
              <Button
                color="green"
                onClick={() => step(() => api.approve(ticket), "Approved: status 70, finished.")}
              >
                Approve
              </Button>
            )}
          </Group>
          {(d.statusId === 64 || d.statusId === 66) && (
            <Group align="flex-end">
              <Textarea
                label="Note for the editor"
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
                maxLength={4000}
                style={{ flex: 1 }}
              />
              <Button
                variant="light"
                color="orange"
                onClick={() => step(() => api.giveBack(ticket, note), "Returned for editing.")}
              >
                Return
              </Button>
            </Group>
          )}
          <div>
            <Text fw={600}>History</Text>
            <Timeline bulletSize={12} lineWidth={2} mt="xs">
              {d.history.map((h, i) => (
                <Timeline.Item key={i} title={`${h.action} (${h.fromStatus ?? "–"} → ${h.toStatus ?? "–"})`}>
                  <Text size="sm">
                    {h.actor} · {dateTime(h.at)} {h.note ?? ""}
                  </Text>
                </Timeline.Item>
              ))}
            </Timeline>
          </div>
        </Stack>
      )}
    </Card>
  );
}

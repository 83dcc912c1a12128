// One image on the editor's bench: the customer's instructions, comment and markup, the source to download,
// the edited result to upload, and QA (approve or return). Each step moves the image 62 → 64 → 66 → 70 and
// shows in the history.
import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  List,
  Progress,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { useEffect, useState } from "react";
import { editorApi, type EditorItem } from "../api/editor-api";
import { useResource } from "../api/use-resource";
import { Link } from "../app/router";
import { DropZone } from "../studio/drop-zone";
import { StatusBadge } from "../studio/status-badge";
import { EditorLayout } from "./editor-layout";

const isHttp = (u: string | null): u is string => u !== null && /^https?:\/\//i.test(u);

function saveAs(url: string, name: string): void {
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
}

/** A file of the item fetched as the signed-in editor, shown as an image. */
function FilePreview({ item, name, alt }: { item: EditorItem; name: string; alt: string }) {
  const file = item.files.find((f) => f.name === name);
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!file) return;
    let revoked = false;
    let made: string | undefined;
    editorApi
      .fileUrl(file.url)
      .then((f) => {
        made = f.url;
        if (revoked) URL.revokeObjectURL(f.url);
        else setUrl(f.url);
      })
      .catch(() => undefined);
    return () => {
      revoked = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [file]);
  if (!file || !url) return null;
  return <img src={url} alt={alt} style={{ maxWidth: "100%", maxHeight: 360, display: "block" }} />;
}

function Instructions({ item }: { item: EditorItem }) {
  const i = item.instructions;
  return (
    <Card withBorder component="section" aria-labelledby="instructions-title">
      <Title order={2} size="h3" id="instructions-title" mb="xs">
        Instructions
      </Title>
      <Text size="sm" mb="xs" data-testid="reason">
        Why it is here: {item.reason}
      </Text>
      {i.comment && <Text mb="xs">Comment: {i.comment}</Text>}
      {i.rejections.length > 0 && (
        <List size="sm" mb="xs">
          {i.rejections.map((r) => (
            <List.Item key={r.at}>
              <Text span size="sm" data-testid="instruction-comment">
                {r.comment ?? "(no comment)"}
              </Text>
              {isHttp(r.markupImageUrl) && (
                <img
                  src={r.markupImageUrl}
                  alt="The customer's markup"
                  style={{ display: "block", maxWidth: "100%", maxHeight: 320, marginTop: 4 }}
                />
              )}
            </List.Item>
          ))}
        </List>
      )}
      {isHttp(i.colorReferenceFileURL) && (
        <Anchor href={i.colorReferenceFileURL} target="_blank" rel="noreferrer">
          Colour reference
        </Anchor>
      )}
    </Card>
  );
}

function History({ item }: { item: EditorItem }) {
  return (
    <section aria-labelledby="history-title">
      <Title order={2} size="h3" id="history-title" mb="xs">
        History
      </Title>
      <Table.ScrollContainer minWidth={320}>
        <Table aria-label="History">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Who</Table.Th>
              <Table.Th>What</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {item.history.map((h, n) => (
              <Table.Tr key={n} data-testid="history-row">
                <Table.Td>{new Date(h.at).toLocaleTimeString()}</Table.Td>
                <Table.Td>{h.actor}</Table.Td>
                <Table.Td>
                  {h.action}
                  {h.note ? `: ${h.note}` : ""}
                </Table.Td>
                <Table.Td>
                  {h.fromStatus ?? ""} → {h.toStatus ?? ""}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </section>
  );
}

export default function WorkbenchPage({ ticket }: { ticket: string }) {
  const item = useResource(`editor-item:${ticket}`, (signal) => editorApi.item(ticket, signal));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [progress, setProgress] = useState<number>();
  const [note, setNote] = useState("");
  const [finished, setFinished] = useState(false);
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      item.reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
      setProgress(undefined);
    }
  };
  const d = item.data;
  const source = d?.files.find((f) => f.name === "source-1");
  return (
    <EditorLayout title={d ? (d.customerImageId ?? d.ticket) : "Image"}>
      {finished && (
        <Alert color="green" role="status" mb="md" title="Approved">
          The image is finished (70) and on its way to the customer.{" "}
          <Anchor component={Link} href="/editor">
            Back to the queue
          </Anchor>
        </Alert>
      )}
      {item.error && !finished && (
        <Alert color="red" role="alert">
          {item.error.message}
        </Alert>
      )}
      {error && (
        <Alert color="red" role="alert" mb="md">
          {error}
        </Alert>
      )}
      {d && !finished && (
        <Stack>
          <Group gap="sm" wrap="wrap">
            <StatusBadge status={d.statusId} name={d.statusName} />
            <Text size="sm">Round {d.round}</Text>
            {d.claimedBy && <Text size="sm">Claimed by {d.claimedBy}</Text>}
          </Group>
          <Instructions item={d} />
          <Card withBorder component="section" aria-labelledby="work-title">
            <Title order={2} size="h3" id="work-title" mb="xs">
              Work
            </Title>
            {d.state === "queued" && (
              <Button loading={busy} onClick={() => void run(() => editorApi.claim(ticket))}>
                Claim this image
              </Button>
            )}
            {d.state === "claimed" && (
              <Stack>
                <FilePreview item={d} name="source-1" alt="The source photo" />
                {source && (
                  <Group>
                    <Button
                      variant="default"
                      onClick={() =>
                        void run(async () => {
                          const f = await editorApi.fileUrl(source.url);
                          saveAs(f.url, f.name);
                        })
                      }
                    >
                      Download the source
                    </Button>
                  </Group>
                )}
                <DropZone
                  multiple={false}
                  accept=""
                  label="Drop the edited result here, or choose the file"
                  disabled={busy}
                  onFiles={(files) => {
                    const file = files[0];
                    if (file) void run(() => editorApi.uploadResult(ticket, file, setProgress));
                  }}
                />
                {progress !== undefined && (
                  <Progress value={Math.round(progress * 100)} aria-label="Upload of the result" />
                )}
                <Textarea
                  label="Note (why you give it back)"
                  value={note}
                  onChange={(e) => setNote(e.currentTarget.value)}
                  maxLength={4000}
                />
                <Group>
                  <Button
                    variant="default"
                    loading={busy}
                    onClick={() => void run(() => editorApi.return(ticket, note))}
                  >
                    Give it back to the queue
                  </Button>
                </Group>
              </Stack>
            )}
            {d.state === "submitted" && (
              <Stack>
                <FilePreview item={d} name="result" alt="The edited result" />
                <Textarea
                  label="Note for the editor (when returning)"
                  value={note}
                  onChange={(e) => setNote(e.currentTarget.value)}
                  maxLength={4000}
                />
                <Group>
                  <Button
                    styles={{ root: { background: "#1e6b30" } }}
                    loading={busy}
                    onClick={() =>
                      void run(async () => {
                        await editorApi.approve(ticket);
                        setFinished(true);
                      })
                    }
                  >
                    Approve (QA passed)
                  </Button>
                  <Button
                    variant="default"
                    loading={busy}
                    onClick={() => void run(() => editorApi.return(ticket, note))}
                  >
                    Return to the queue
                  </Button>
                </Group>
              </Stack>
            )}
          </Card>
          <History item={d} />
        </Stack>
      )}
    </EditorLayout>
  );
}

// Upload photos by drag and drop (or the file picker): presigned direct upload with per-file progress,
// then each photo is submitted with the chosen template and its status followed live.
import { Alert, Anchor, Button, Group, Progress, Select, Stack, Table, Text } from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import { putWithProgress, studioClient } from "../api/studio-api";
import { useResource } from "../api/use-resource";
import { Link } from "../app/router";
import { DropZone } from "./drop-zone";
import { isInProgress } from "./image-statuses";
import { StatusBadge } from "./status-badge";
import { StudioLayout } from "./studio-layout";

const MAX_FILES = 100;
const PARALLEL = 3;

interface Item {
  id: number;
  file: File;
  progress: number;
  state: "waiting" | "uploading" | "submitting" | "submitted" | "failed";
  error?: string;
  ticket?: string;
  status?: { id: number; name: string };
}

let nextId = 1;

/** Runs `work` over `items` with at most `n` at a time. */
async function eachLimited<T>(
  items: readonly T[],
  n: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (i < items.length) {
        const item = items[i++] as T;
        await work(item);
      }
    }),
  );
}

export default function UploadPage() {
  const [items, setItems] = useState<Item[]>([]);
  const [templateId, setTemplateId] = useState<string>("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const templates = useResource("templates", async () => (await studioClient().listTemplates()).Templates);
  const itemsRef = useRef(items);
  itemsRef.current = items;

  const update = (id: number, patch: Partial<Item>) =>
    setItems((list) => list.map((it) => (it.id === id ? { ...it, ...patch } : it)));

  const add = (files: File[]) => {
    setError(undefined);
    const room = MAX_FILES - itemsRef.current.length;
    if (files.length > room) setError(`At most ${MAX_FILES} photos at once; the rest were left out.`);
    const fresh = files
      .slice(0, Math.max(0, room))
      .map((file): Item => ({ id: nextId++, file, progress: 0, state: "waiting" }));
    setItems((list) => [...list, ...fresh]);
  };

  async function uploadAll() {
    const waiting = items.filter((i) => i.state === "waiting");
    if (waiting.length === 0) return;
    setBusy(true);
    setError(undefined);
    const client = studioClient();
    try {
      const { PostingUrls } = await client.requestPresignUrls({
        imageNames: waiting.map((i) => i.file.name),
      });
      await eachLimited(
        waiting.map((item, n) => ({ item, pair: PostingUrls[n] })),
        PARALLEL,
        async ({ item, pair }) => {
          try {
            if (!pair) throw new Error("No upload URL was given for this file.");
            update(item.id, { state: "uploading" });
            await putWithProgress(pair.UploadUrl, item.file, (p) => update(item.id, { progress: p }));
            update(item.id, { state: "submitting" });
            const fields = { imageURL: pair.DownloadUrl, customerImageId: item.file.name.slice(0, 100) };
            const posted =
              templateId === ""
                ? await client.addWhiteGloveImage(fields)
                : await client.addImage({ ...fields, templateId });
            update(item.id, { state: "submitted", ticket: posted.ImageTicket });
          } catch (e) {
            update(item.id, { state: "failed", error: e instanceof Error ? e.message : String(e) });
          }
        },
      );
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  // Follows the submitted images until each is finished or failed.
  const followed = items.filter(
    (i) => i.ticket !== undefined && (i.status === undefined || isInProgress(i.status.id)),
  );
  const followKey = followed.map((i) => i.ticket).join(",");
  useEffect(() => {
    if (followKey === "") return;
    const timer = setTimeout(() => {
      const client = studioClient();
      for (const item of itemsRef.current) {
        if (item.ticket === undefined || (item.status && !isInProgress(item.status.id))) continue;
        client
          .getImageStatus({ imageTicket: item.ticket })
          .then((r) => {
            if (r.ImageStatus)
              update(item.id, { status: { id: r.ImageStatus.StatusId, name: r.ImageStatus.StatusName } });
          })
          .catch(() => undefined);
      }
    }, 1000);
    return () => clearTimeout(timer);
  }, [followKey, items]);

  const waitingCount = items.filter((i) => i.state === "waiting").length;
  return (
    <StudioLayout title="Upload photos">
      <Stack>
        <Select
          label="Template"
          description="How the photos are edited"
          styles={{ description: { color: "var(--mantine-color-gray-8)" } }}
          data={[
            { value: "", label: "White Glove (we choose the treatment)" },
            ...(templates.data ?? []).map((t) => ({ value: String(t.TemplateId), label: t.TemplateName })),
          ]}
          value={templateId}
          onChange={(v) => setTemplateId(v ?? "")}
          allowDeselect={false}
          maw={420}
        />
        <DropZone onFiles={add} disabled={busy} />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {items.length > 0 && (
          <Table.ScrollContainer minWidth={340}>
            <Table aria-label="Photos to upload" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>File</Table.Th>
                  <Table.Th>Progress</Table.Th>
                  <Table.Th>Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item) => (
                  <Table.Tr key={item.id} data-testid="upload-row">
                    <Table.Td style={{ wordBreak: "break-all" }}>
                      {item.ticket ? (
                        <Anchor component={Link} href={`/studio/images/${item.ticket}`}>
                          {item.file.name}
                        </Anchor>
                      ) : (
                        <Text span>{item.file.name}</Text>
                      )}
                      <Text size="xs" c="gray.8">
                        {(item.file.size / 1024).toFixed(0)} KB
                      </Text>
                    </Table.Td>
                    <Table.Td miw={120}>
                      <Progress
                        value={Math.round(item.progress * 100)}
                        aria-label={`Upload of ${item.file.name}`}
                        color={item.state === "failed" ? "red.9" : "blue.8"}
                      />
                      <Text size="xs">{Math.round(item.progress * 100)} %</Text>
                    </Table.Td>
                    <Table.Td>
                      {item.status ? (
                        <StatusBadge status={item.status.id} name={item.status.name} />
                      ) : (
                        <Text size="sm" c={item.state === "failed" ? "red.9" : undefined}>
                          {item.state === "failed" ? `Failed: ${item.error ?? ""}` : item.state}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <Group>
          <Button onClick={() => void uploadAll()} loading={busy} disabled={waitingCount === 0}>
            Upload {waitingCount > 0 ? `${waitingCount} photo${waitingCount === 1 ? "" : "s"}` : "photos"}
          </Button>
          {items.length > 0 && !busy && (
            <Button variant="default" onClick={() => setItems((l) => l.filter((i) => i.state !== "waiting"))}>
              Clear waiting
            </Button>
          )}
        </Group>
      </Stack>
    </StudioLayout>
  );
}

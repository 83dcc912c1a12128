// Upload photos by drag and drop (or choosing files): presigned direct upload with per-file progress,
// then one AddImage per photo with the chosen template.
import { Alert, Button, Group, Paper, Progress, Select, Stack, Text } from "@mantine/core";
import { useRef, useState, type DragEvent } from "react";
import { studioCall, uploadWithProgress } from "../api/studio-client";
import { ErrorAlert } from "../app/error-alert";
import { PageHeader } from "../app/page-header";
import { Link } from "../app/router";
import { useAsync } from "../app/use-async";
import { rememberSource } from "./source-memory";

interface Item {
  name: string;
  progress: number;
  state: "uploading" | "submitted" | "failed";
  ticket?: string;
  error?: string;
}

const ACCEPT = "image/jpeg,image/png,image/webp,image/tiff";

export default function UploadPage() {
  const templates = useAsync(() => studioCall("listTemplates", {}), []);
  const [template, setTemplate] = useState<string | null>(null);
  const [items, setItems] = useState<Item[]>([]);
  const [error, setError] = useState<unknown>();
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const update = (name: string, patch: Partial<Item>) =>
    setItems((all) => all.map((i) => (i.name === name ? { ...i, ...patch } : i)));

  const start = (files: File[]) => {
    if (files.length === 0) return;
    setError(undefined);
    setItems((all) => [
      ...all,
      ...files.map((f) => ({ name: f.name, progress: 0, state: "uploading" as const })),
    ]);
    void (async () => {
      const { PostingUrls } = await studioCall("requestPresignUrls", {
        imageNames: files.map((f) => f.name),
      });
      await Promise.all(
        files.map(async (file, i) => {
          const pair = PostingUrls[i];
          try {
            if (!pair) throw new Error("no upload URL was given for this file");
            await uploadWithProgress(pair.UploadUrl, file, (p) => update(file.name, { progress: p }));
            const added = await studioCall("addImage", {
              imageURL: pair.DownloadUrl,
              customerImageId: file.name,
              ...(template === null ? {} : { templateId: template }),
            });
            rememberSource(added.ImageTicket, pair.DownloadUrl);
            update(file.name, { progress: 1, state: "submitted", ticket: added.ImageTicket });
          } catch (e) {
            update(file.name, { state: "failed", error: e instanceof Error ? e.message : String(e) });
          }
        }),
      );
    })().catch(setError);
  };

  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    start([...e.dataTransfer.files].filter((f) => ACCEPT.includes(f.type)));
  };

  return (
    <>
      <PageHeader title="Upload photos" />
      <ErrorAlert error={templates.error ?? error} title="Uploads are not possible right now" />
      <Select
        label="Template"
        placeholder="Your default template"
        clearable
        maw={360}
        mb="md"
        value={template}
        onChange={setTemplate}
        data={(templates.data?.Templates ?? []).map((t) => ({
          value: String(t.TemplateId),
          label: t.TemplateName,
        }))}
      />
      <Paper
        withBorder
        p="xl"
        ta="center"
        bg={over ? "blue.0" : undefined}
        style={{ borderStyle: "dashed" }}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <Stack align="center" gap="xs">
          <Text fw={600}>Drop photos here</Text>
          <Text size="sm" c="dimmed">
            JPEG, PNG, WebP or TIFF
          </Text>
          <Button variant="light" onClick={() => input.current?.click()}>
            Choose files
          </Button>
          <input
            ref={input}
            type="file"
            accept={ACCEPT}
            multiple
            hidden
            aria-label="Photos to upload"
            onChange={(e) => {
              start([...(e.currentTarget.files ?? [])]);
              e.currentTarget.value = "";
            }}
          />
        </Stack>
      </Paper>
      <Stack mt="md" aria-live="polite">
        {items.map((item) => (
          <Paper key={item.name} withBorder p="sm">
            <Group justify="space-between" wrap="nowrap">
              <Text truncate>{item.name}</Text>
              <Text size="sm">
                {item.state === "submitted" && item.ticket !== undefined ? (
                  <Link href={`/studio/images/${item.ticket}`}>Submitted</Link>
                ) : item.state === "failed" ? (
                  "Failed"
                ) : (
                  `${Math.round(item.progress * 100)}%`
                )}
              </Text>
            </Group>
            <Progress
              value={item.progress * 100}
              color={item.state === "failed" ? "red" : "blue"}
              mt={6}
              aria-label={`Upload of ${item.name}`}
            />
            {item.error !== undefined && (
              <Alert color="red" mt="xs" p="xs">
                {item.error}
              </Alert>
            )}
          </Paper>
        ))}
      </Stack>
    </>
  );
}

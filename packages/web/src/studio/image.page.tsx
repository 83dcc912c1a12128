// One image: status, before/after, downloads, the instructions and rejections, and rejecting it with a
// comment and a markup drawn on the final.
import { Alert, Anchor, Button, Card, Group, List, Stack, Text, Textarea, Title } from "@mantine/core";
import { useRef, useState } from "react";
import { getImageDetail, studioClient, uploadFile, type ImageDetail } from "../api/studio-api";
import { useResource } from "../api/use-resource";
import { BeforeAfterSlider } from "./before-after-slider";
import { canReject, isInProgress } from "./image-statuses";
import { MarkupCanvas, type MarkupCanvasHandle } from "./markup-canvas";
import { StatusBadge } from "./status-badge";
import { StudioLayout } from "./studio-layout";

function displayName(d: ImageDetail): string {
  return d.customerImageId ?? (d.sourceName !== "" ? d.sourceName : d.ticket);
}

function RejectForm({ image, onDone }: { image: ImageDetail; onDone: () => void }) {
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const markup = useRef<MarkupCanvasHandle>(null);
  const final = image.finals[0];
  if (!final) return null;

  async function reject() {
    setBusy(true);
    setError(undefined);
    try {
      const blob = await markup.current?.toBlob();
      const markupImageUrl = blob ? await uploadFile(`markup-${image.ticket}.png`, blob) : undefined;
      await studioClient().rejectImage({
        imageTicket: image.ticket,
        comment,
        ...(markupImageUrl === undefined ? {} : { markupImageUrl }),
      });
      onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card withBorder component="section" aria-labelledby="reject-title">
      <Title order={2} size="h3" id="reject-title" mb="xs">
        Reject and ask for changes
      </Title>
      <Stack>
        <Textarea
          label="What should change?"
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
          maxLength={4000}
          autosize
          minRows={2}
        />
        <Text size="sm">Draw on the image to show where (optional):</Text>
        <MarkupCanvas ref={markup} src={final.url} name={displayName(image)} />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group>
          <Button color="red.9" loading={busy} disabled={comment.trim() === ""} onClick={() => void reject()}>
            Reject image
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

export default function ImagePage({ ticket }: { ticket: string }) {
  const detail = useResource(`image:${ticket}`, (signal) => getImageDetail(ticket, signal), {
    poll: (d) => isInProgress(d.status),
    pollMs: 2000,
  });
  const d = detail.data;
  const name = d ? displayName(d) : ticket;
  return (
    <StudioLayout title={d ? name : "Image"}>
      {detail.error && (
        <Alert color="red" role="alert" title="Could not load the image">
          {detail.error.message}
        </Alert>
      )}
      {d && (
        <Stack>
          <Group gap="sm" wrap="wrap">
            <StatusBadge status={d.status} name={d.statusName} />
            <Text size="sm">Ticket {d.ticket}</Text>
          </Group>
          {d.message && (
            <Alert color="red" title="Why">
              {d.message}
            </Alert>
          )}
          {d.sourceUrl && d.finals[0] ? (
            <BeforeAfterSlider before={d.sourceUrl} after={d.finals[0].url} name={name} />
          ) : d.sourceUrl ? (
            <img
              src={d.sourceUrl}
              alt={`${name}, as uploaded`}
              style={{ maxWidth: "100%", maxHeight: 480 }}
            />
          ) : (
            <Text>The photo has not been downloaded yet.</Text>
          )}
          {d.finals.length > 0 && (
            <section aria-labelledby="downloads-title">
              <Title order={2} size="h3" id="downloads-title">
                Download
              </Title>
              <List>
                {d.finals.map((f) => (
                  <List.Item key={f.url}>
                    <Anchor href={f.url} download={f.fileName}>
                      {f.fileName}
                    </Anchor>{" "}
                    ({f.width} × {f.height})
                  </List.Item>
                ))}
              </List>
            </section>
          )}
          {d.rejections.length > 0 && (
            <section aria-labelledby="rejections-title">
              <Title order={2} size="h3" id="rejections-title">
                Rejections
              </Title>
              <List>
                {d.rejections.map((r) => (
                  <List.Item key={r.at}>
                    <Text span size="sm" c="gray.8">
                      {new Date(r.at).toLocaleString()}:{" "}
                    </Text>
                    <Text span data-testid="rejection-comment">
                      {r.comment ?? "(no comment)"}
                    </Text>
                    {r.markupImageUrl && (
                      <>
                        {" "}
                        <Anchor href={r.markupImageUrl} target="_blank" rel="noreferrer">
                          markup
                        </Anchor>
                      </>
                    )}
                  </List.Item>
                ))}
              </List>
            </section>
          )}
          {canReject(d.status) && <RejectForm image={d} onDone={detail.reload} />}
        </Stack>
      )}
    </StudioLayout>
  );
}

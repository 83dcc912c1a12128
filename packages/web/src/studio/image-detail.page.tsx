// One image: status, before/after comparison, download of the finals, and rejection with comment + markup.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  List,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import { studioCall, uploadWithProgress } from "../api/studio-client";
import { ErrorAlert } from "../app/error-alert";
import { PageHeader } from "../app/page-header";
import { useAsync } from "../app/use-async";
import { BeforeAfter } from "./before-after";
import { FINISHED, statusColor } from "./image-statuses";
import { MarkupCanvas, type MarkupHandle } from "./markup-canvas";
import { sourceOf } from "./source-memory";

const POLL_MS = 3000;

export default function ImageDetailPage({ ticket }: { ticket: string }) {
  const status = useAsync(() => studioCall("getImageStatus", { imageTicket: ticket }), [ticket]);
  const [comment, setComment] = useState("");
  const [error, setError] = useState<unknown>();
  const [rejected, setRejected] = useState(false);
  const markup = useRef<MarkupHandle | undefined>(undefined);
  const image = status.data?.ImageStatus ?? undefined;
  const { reload } = status;
  const finished = image !== undefined && FINISHED.has(image.StatusId);
  useEffect(() => {
    if (!image || finished || image.StatusId === 90) return;
    const t = setTimeout(reload, POLL_MS);
    return () => clearTimeout(t);
  }, [image, finished, reload]);
  const name = image?.CustomerImageId ?? ticket;
  const final = image?.FinalImagesURL[0];
  const source = sourceOf(ticket);

  const reject = () => {
    setError(undefined);
    void (async () => {
      let markupImageUrl: string | undefined;
      const blob = await markup.current?.toBlob();
      if (blob) {
        const { PostingUrls } = await studioCall("requestPresignUrls", {
          imageNames: [`markup-${ticket}.png`],
        });
        const pair = PostingUrls[0];
        if (!pair) throw new Error("no upload URL for the markup");
        await uploadWithProgress(pair.UploadUrl, blob, () => undefined);
        markupImageUrl = pair.DownloadUrl;
      }
      await studioCall("rejectImage", {
        imageTicket: ticket,
        comment,
        ...(markupImageUrl === undefined ? {} : { markupImageUrl }),
      });
      setRejected(true);
      reload();
    })().catch(setError);
  };

  return (
    <>
      <PageHeader title={name} />
      <ErrorAlert error={status.error ?? error} />
      {image && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Card withBorder>
            <Group gap="xs" mb="sm">
              <Badge variant="dot" color={statusColor(image.StatusId)}>
                {image.StatusName}
              </Badge>
              <Text size="sm" c="dimmed">
                {image.StatusId}
              </Text>
            </Group>
            {final !== undefined && source !== undefined ? (
              <BeforeAfter before={source} after={final} name={name} />
            ) : final !== undefined ? (
              <img src={final} alt={`${name} edited`} style={{ maxWidth: "100%" }} />
            ) : (
              <Text c="dimmed">Editing… this page updates by itself.</Text>
            )}
            {image.FinalImagesURL.length > 0 && (
              <>
                <Title order={2} size="h5" mt="md">
                  Downloads
                </Title>
                <List>
                  {image.FinalImagesURL.map((url, i) => (
                    <List.Item key={url}>
                      <Anchor href={url} download>
                        Final {i + 1}
                      </Anchor>
                    </List.Item>
                  ))}
                </List>
              </>
            )}
          </Card>
          {(rejected || (finished && final !== undefined)) && (
            <Card withBorder>
              <Title order={2} size="h4" mb="xs">
                Ask for changes
              </Title>
              {rejected ? (
                <Alert color="blue" role="status">
                  Sent back for changes.
                </Alert>
              ) : (
                <Stack>
                  <MarkupCanvas src={final ?? ""} name={name} handle={(h) => (markup.current = h)} />
                  <Textarea
                    label="What should change?"
                    required
                    autosize
                    minRows={2}
                    maxLength={2000}
                    value={comment}
                    onChange={(e) => setComment(e.currentTarget.value)}
                  />
                  <Button color="red" variant="light" disabled={comment.trim() === ""} onClick={reject}>
                    Reject with this comment
                  </Button>
                </Stack>
              )}
            </Card>
          )}
        </SimpleGrid>
      )}
    </>
  );
}

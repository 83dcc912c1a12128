// The studio's image list: status filter, thumbnails, live statuses, and the finals of a selection as a ZIP.
import {
  Alert,
  Anchor,
  Button,
  Card,
  Checkbox,
  Group,
  Image,
  Select,
  SimpleGrid,
  Stack,
  Text,
} from "@mantine/core";
import { useState } from "react";
import type { ImageStatus } from "@pixl/sdk";
import { downloadFinalsZip, studioClient } from "../api/studio-api";
import { useResource } from "../api/use-resource";
import { Link, navigate, useQuery } from "../app/router";
import { isFinished, isInProgress, STATUS_FILTERS } from "./image-statuses";
import { StatusBadge } from "./status-badge";
import { StudioLayout } from "./studio-layout";

const PER_PAGE = 48;

function ImageCard({
  image,
  selected,
  onSelect,
}: {
  image: ImageStatus;
  selected: boolean;
  onSelect: (on: boolean) => void;
}) {
  const name = image.CustomerImageId ?? image.ImageTicket;
  return (
    <Card withBorder padding="sm" component="article" aria-label={name}>
      <Card.Section>
        {image.ThumbnailImageURL ? (
          <Image
            src={image.ThumbnailImageURL}
            alt={`Thumbnail of ${name}`}
            h={160}
            fit="contain"
            bg="gray.1"
          />
        ) : (
          <Stack h={160} justify="center" align="center" bg="gray.1">
            <Text size="sm" c="gray.8">
              No thumbnail yet
            </Text>
          </Stack>
        )}
      </Card.Section>
      <Stack gap={6} mt="sm">
        <Anchor
          component={Link}
          href={`/studio/images/${image.ImageTicket}`}
          fw={600}
          style={{ wordBreak: "break-all" }}
        >
          {name}
        </Anchor>
        <StatusBadge status={image.StatusId} name={image.StatusName} />
        {isFinished(image.StatusId) && (
          <Checkbox
            label="Select for download"
            checked={selected}
            onChange={(e) => onSelect(e.currentTarget.checked)}
          />
        )}
      </Stack>
    </Card>
  );
}

export default function ImagesPage() {
  const query = useQuery();
  const status = query.get("status") ?? "";
  const page = Math.max(1, Number(query.get("page") ?? "1") || 1);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [zipError, setZipError] = useState<string>();
  const [zipping, setZipping] = useState(false);
  const images = useResource(
    `images:${status}:${page}`,
    async () =>
      (
        await studioClient().listImages({
          imageStatus: status,
          page: String(page),
          imagesPerPage: String(PER_PAGE),
          sortBy: "id",
          isDescending: "true",
        })
      ).Images,
    { poll: (list) => list.some((i) => isInProgress(i.StatusId)), pollMs: 2000 },
  );

  const setFilter = (value: string | null) => {
    const q = new URLSearchParams();
    if (value) q.set("status", value);
    navigate(`/studio${q.size > 0 ? `?${q.toString()}` : ""}`);
  };

  async function downloadSelected() {
    setZipping(true);
    setZipError(undefined);
    try {
      await downloadFinalsZip([...selected]);
    } catch (e) {
      setZipError(e instanceof Error ? e.message : String(e));
    } finally {
      setZipping(false);
    }
  }

  return (
    <StudioLayout title="Images">
      <Group align="end" mb="md" wrap="wrap">
        <Select
          label="Status"
          data={STATUS_FILTERS}
          value={status}
          onChange={setFilter}
          allowDeselect={false}
          w={240}
        />
        <Button component={Link} href="/studio/upload" variant="default">
          Upload photos
        </Button>
        <Button disabled={selected.size === 0} loading={zipping} onClick={() => void downloadSelected()}>
          Download {selected.size > 0 ? `${selected.size} selected` : "selected"} (ZIP)
        </Button>
      </Group>
      {zipError && (
        <Alert color="red" role="alert" mb="md">
          {zipError}
        </Alert>
      )}
      {images.error && (
        <Alert color="red" role="alert" title="Could not load the images">
          {images.error.message}
        </Alert>
      )}
      {images.data?.length === 0 && <Text>No images{status ? " with this status" : ""} yet.</Text>}
      <SimpleGrid cols={{ base: 1, xs: 2, sm: 3, md: 4 }} spacing="md">
        {images.data?.map((image) => (
          <ImageCard
            key={image.ImageTicket}
            image={image}
            selected={selected.has(image.ImageTicket)}
            onSelect={(on) =>
              setSelected((s) => {
                const next = new Set(s);
                if (on) next.add(image.ImageTicket);
                else next.delete(image.ImageTicket);
                return next;
              })
            }
          />
        ))}
      </SimpleGrid>
      <Group mt="md">
        {page > 1 && (
          <Button
            variant="default"
            component={Link}
            href={`/studio?${new URLSearchParams({ ...(status ? { status } : {}), page: String(page - 1) }).toString()}`}
          >
            Previous page
          </Button>
        )}
        {images.data?.length === PER_PAGE && (
          <Button
            variant="default"
            component={Link}
            href={`/studio?${new URLSearchParams({ ...(status ? { status } : {}), page: String(page + 1) }).toString()}`}
          >
            Next page
          </Button>
        )}
      </Group>
    </StudioLayout>
  );
}

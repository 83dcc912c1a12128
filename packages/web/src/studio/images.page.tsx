// The contact's images: status filter, thumbnails, status; newest first, a page at a time.
import {
  Badge,
  Card,
  Group,
  Image,
  Pagination,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
} from "@mantine/core";
import { useState } from "react";
import { studioCall } from "../api/studio-client";
import { ErrorAlert } from "../app/error-alert";
import { PageHeader } from "../app/page-header";
import { Link } from "../app/router";
import { useAsync } from "../app/use-async";
import { paginationControlProps } from "../app/pagination-labels";
import { STATUS_FILTERS, statusColor } from "./image-statuses";

const PER_PAGE = 24;

export default function ImagesPage() {
  const [filter, setFilter] = useState("all");
  const [page, setPage] = useState(1);
  const statuses = STATUS_FILTERS.find((f) => f.value === filter)?.statuses ?? [];
  const list = useAsync(
    () =>
      studioCall("listImages", {
        page: String(page),
        imagesPerPage: String(PER_PAGE),
        isDescending: "true",
        ...(statuses.length === 0 ? {} : { imageStatus: statuses.join(",") }),
      }),
    [page, filter],
  );
  const images = list.data?.Images ?? [];
  return (
    <>
      <PageHeader title="Images" />
      <SegmentedControl
        aria-label="Status"
        mb="md"
        value={filter}
        onChange={(v) => {
          setFilter(v);
          setPage(1);
        }}
        data={STATUS_FILTERS.map((f) => ({ value: f.value, label: f.label }))}
      />
      <ErrorAlert error={list.error} />
      <SimpleGrid cols={{ base: 2, sm: 3, md: 4, lg: 6 }}>
        {images.map((img) => (
          <Card
            key={img.ImageTicket}
            withBorder
            padding="xs"
            component={Link}
            href={`/studio/images/${img.ImageTicket}`}
          >
            <Card.Section>
              {img.ThumbnailImageURL !== null ? (
                <Image
                  src={img.ThumbnailImageURL}
                  alt={img.CustomerImageId ?? img.ImageTicket}
                  h={120}
                  fit="contain"
                />
              ) : (
                <Stack h={120} justify="center" align="center" bg="gray.1">
                  <Text size="xs" c="dimmed">
                    No preview yet
                  </Text>
                </Stack>
              )}
            </Card.Section>
            <Text size="sm" truncate mt="xs">
              {img.CustomerImageId ?? img.ImageTicket}
            </Text>
            <Group gap={4}>
              <Badge variant="dot" color={statusColor(img.StatusId)}>
                {img.StatusName}
              </Badge>
            </Group>
          </Card>
        ))}
      </SimpleGrid>
      {list.data && images.length === 0 && <Text c="dimmed">No images here.</Text>}
      {(page > 1 || images.length === PER_PAGE) && (
        <Group justify="center" mt="md">
          <Pagination
            total={images.length < PER_PAGE ? page : page + 1}
            value={page}
            onChange={setPage}
            aria-label="Pages"
            getControlProps={paginationControlProps}
          />
        </Group>
      )}
    </>
  );
}

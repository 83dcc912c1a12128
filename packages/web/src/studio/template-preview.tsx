// The live preview of a template being edited: the real pipeline on one of the customer's photos, asked
// for again (debounced) whenever a field or the photo changes.
import { Alert, Loader, Select, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { previewTemplate, studioClient, uploadFile, type PreviewImage } from "../api/studio-api";
import { useResource } from "../api/use-resource";
import { DropZone } from "./drop-zone";

type Source = { imageTicket: string; name: string } | { uploadUrl: string; name: string };

export function TemplatePreview({ fields }: { fields: Record<string, string> }) {
  const [source, setSource] = useState<Source>();
  const [preview, setPreview] = useState<PreviewImage>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState<number>();
  const photos = useResource("preview-photos", async () =>
    (
      await studioClient().listImages({ imagesPerPage: "50", sortBy: "id", isDescending: "true" })
    ).Images.filter((i) => i.StatusId >= 30 && i.StatusId !== 90 && i.StatusId !== 999),
  );
  const fieldsKey = JSON.stringify(fields);

  useEffect(() => {
    if (!source) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setBusy(true);
      const { name: _name, ...where } = source;
      previewTemplate(
        { template: JSON.parse(fieldsKey) as Record<string, string>, ...where },
        controller.signal,
      )
        .then((p) => {
          setError(undefined);
          setPreview((old) => {
            if (old) URL.revokeObjectURL(old.url);
            return p;
          });
        })
        .catch((e: unknown) => {
          if (!controller.signal.aborted) setError(e instanceof Error ? e.message : String(e));
        })
        .finally(() => {
          if (!controller.signal.aborted) setBusy(false);
        });
    }, 500);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [fieldsKey, source]);

  async function takeFile(file: File) {
    setUploading(0);
    setError(undefined);
    try {
      const uploadUrl = await uploadFile(file.name, file, setUploading);
      setSource({ uploadUrl, name: file.name });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setUploading(undefined);
    }
  }

  const options = (photos.data ?? []).map((i) => ({
    value: i.ImageTicket,
    label: i.CustomerImageId ?? i.ImageTicket,
  }));
  return (
    <Stack component="section" aria-labelledby="preview-title">
      <Text fw={700} id="preview-title">
        Live preview
      </Text>
      <Select
        label="Preview on one of your photos"
        placeholder={options.length === 0 ? "No photos yet: upload one below" : "Choose a photo"}
        data={options}
        value={source && "imageTicket" in source ? source.imageTicket : null}
        onChange={(v) => {
          const o = options.find((x) => x.value === v);
          if (v && o) setSource({ imageTicket: v, name: o.label });
        }}
        searchable
      />
      <DropZone
        multiple={false}
        label="…or drop a photo for the preview"
        onFiles={(files) => files[0] && void takeFile(files[0])}
        disabled={uploading !== undefined}
      />
      {uploading !== undefined && <Text size="sm">Uploading {Math.round(uploading * 100)} %</Text>}
      {error && (
        <Alert color="red" role="alert" title="No preview">
          {error}
        </Alert>
      )}
      <div style={{ minHeight: 200, position: "relative" }}>
        {busy && <Loader size="sm" aria-label="Rendering the preview" />}
        {preview && source && (
          <figure style={{ margin: 0 }}>
            <img
              src={preview.url}
              alt={`Preview of the template on ${source.name}`}
              data-testid="template-preview"
              style={{
                maxWidth: "100%",
                maxHeight: 420,
                background: "repeating-conic-gradient(#ddd 0 25%, #fff 0 50%) 0 0 / 16px 16px",
              }}
            />
            <Text component="figcaption" size="xs" c="gray.8">
              {preview.width} × {preview.height} preview
              {preview.scale < 1
                ? ` (the final is about ${Math.round(preview.width / preview.scale)} × ${Math.round(preview.height / preview.scale)})`
                : ""}
            </Text>
          </figure>
        )}
        {!source && <Text size="sm">Choose or drop a photo to see the template applied to it.</Text>}
      </div>
    </Stack>
  );
}

// A drop target for photos that is also a file picker (a labelled input, so keyboards and screen readers
// use it like any file field).
import { Text } from "@mantine/core";
import { useId, useState, type DragEvent } from "react";

export interface DropZoneProps {
  onFiles: (files: File[]) => void;
  disabled?: boolean;
  /** What the zone accepts. Default images. */
  accept?: string;
  multiple?: boolean;
  label?: string;
}

export function DropZone({
  onFiles,
  disabled = false,
  accept = "image/*",
  multiple = true,
  label = "Drop photos here, or choose files",
}: DropZoneProps) {
  const id = useId();
  const [over, setOver] = useState(false);
  const take = (list: FileList | null) => {
    const all = [...(list ?? [])];
    const files = accept.startsWith("image/") ? all.filter((f) => f.type.startsWith("image/")) : all;
    if (files.length > 0) onFiles(multiple ? files : files.slice(0, 1));
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (!disabled) take(e.dataTransfer.files);
  };
  return (
    <label
      htmlFor={id}
      onDragOver={(e) => {
        e.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid="drop-zone"
      style={{
        display: "block",
        padding: "2rem 1rem",
        border: `2px dashed var(--mantine-color-${over ? "blue-8" : "gray-6"})`,
        borderRadius: 8,
        textAlign: "center",
        cursor: disabled ? "not-allowed" : "pointer",
        background: over ? "var(--mantine-color-blue-0)" : undefined,
      }}
    >
      <Text fw={600}>{label}</Text>
      <Text size="sm" c="gray.8">
        JPEG, PNG, TIFF or WebP
      </Text>
      <input
        id={id}
        type="file"
        accept={accept}
        multiple={multiple}
        disabled={disabled}
        onChange={(e) => {
          take(e.currentTarget.files);
          e.currentTarget.value = "";
        }}
        style={{ position: "absolute", width: 1, height: 1, opacity: 0, overflow: "hidden" }}
      />
    </label>
  );
}

// Drawing a markup over a photo (red strokes on a transparent layer), exported as a PNG for a rejection.
import { Box, Button, Group, Image } from "@mantine/core";
import { useCallback, useRef, type PointerEvent } from "react";

export interface MarkupHandle {
  /** The strokes as a PNG, or undefined when nothing was drawn. */
  toBlob: () => Promise<Blob | undefined>;
}

export function MarkupCanvas({
  src,
  name,
  handle,
}: {
  src: string;
  name: string;
  handle: (h: MarkupHandle) => void;
}) {
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const drawing = useRef(false);
  const drawn = useRef(false);

  const attach = useCallback(
    (el: HTMLCanvasElement | null) => {
      canvas.current = el;
      handle({
        toBlob: () =>
          new Promise((resolve) => {
            if (!el || !drawn.current) {
              resolve(undefined);
              return;
            }
            el.toBlob((b) => resolve(b ?? undefined), "image/png");
          }),
      });
    },
    [handle],
  );

  const point = (e: PointerEvent<HTMLCanvasElement>) => {
    const el = e.currentTarget;
    const r = el.getBoundingClientRect();
    return [
      ((e.clientX - r.left) / r.width) * el.width,
      ((e.clientY - r.top) / r.height) * el.height,
    ] as const;
  };
  const down = (e: PointerEvent<HTMLCanvasElement>) => {
    const ctx = e.currentTarget.getContext("2d");
    if (!ctx) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drawing.current = true;
    const [x, y] = point(e);
    ctx.strokeStyle = "#e03131";
    ctx.lineWidth = 6;
    ctx.lineCap = "round";
    ctx.beginPath();
    ctx.moveTo(x, y);
  };
  const move = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    const ctx = e.currentTarget.getContext("2d");
    if (!ctx) return;
    const [x, y] = point(e);
    ctx.lineTo(x, y);
    ctx.stroke();
    drawn.current = true;
  };
  const clear = () => {
    const el = canvas.current;
    el?.getContext("2d")?.clearRect(0, 0, el.width, el.height);
    drawn.current = false;
  };
  return (
    <Box>
      <Box pos="relative">
        <Image src={src} alt={`${name}: draw on it to show what to change`} fit="contain" mah={420} />
        <canvas
          ref={attach}
          width={1000}
          height={1000}
          aria-label="Markup drawing area"
          onPointerDown={down}
          onPointerMove={move}
          onPointerUp={() => (drawing.current = false)}
          style={{
            position: "absolute",
            inset: 0,
            width: "100%",
            height: "100%",
            cursor: "crosshair",
            touchAction: "none",
          }}
        />
      </Box>
      <Group mt="xs">
        <Button size="xs" variant="subtle" onClick={clear}>
          Clear markup
        </Button>
      </Group>
    </Box>
  );
}

// Drawing a markup on an image: strokes on a canvas over it, exported with the image as one PNG for the
// editor (`markupImageUrl`). Pointer input (mouse, pen, touch).
import { Button, Group, Text } from "@mantine/core";
import { forwardRef, useImperativeHandle, useRef, useState, type PointerEvent } from "react";

export interface MarkupCanvasHandle {
  /** The image with the strokes drawn on it, as PNG; undefined when nothing was drawn. */
  toBlob(): Promise<Blob | undefined>;
  hasStrokes(): boolean;
}

type Point = [number, number];
/** Longest side of the exported markup (the final may be larger; the editor needs the marks, not pixels). */
const MAX_EXPORT = 2000;
const COLOR = "#e8101a";

export const MarkupCanvas = forwardRef<MarkupCanvasHandle, { src: string; name: string }>(
  function MarkupCanvas({ src, name }, ref) {
    const image = useRef<HTMLImageElement>(null);
    const canvas = useRef<HTMLCanvasElement>(null);
    const [strokes, setStrokes] = useState<Point[][]>([]);
    const drawing = useRef<Point[] | null>(null);

    /** Pointer position as a fraction of the displayed image (so strokes survive resizing and export). */
    const at = (e: PointerEvent<HTMLCanvasElement>): Point => {
      const r = e.currentTarget.getBoundingClientRect();
      return [(e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height];
    };

    const paint = (ctx: CanvasRenderingContext2D, w: number, h: number, list: Point[][]) => {
      ctx.strokeStyle = COLOR;
      ctx.lineWidth = Math.max(3, Math.round(Math.max(w, h) / 150));
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      for (const s of list) {
        ctx.beginPath();
        s.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x * w, y * h) : ctx.lineTo(x * w, y * h)));
        if (s.length === 1) ctx.lineTo((s[0]?.[0] ?? 0) * w + 0.1, (s[0]?.[1] ?? 0) * h);
        ctx.stroke();
      }
    };

    const redraw = (list: Point[][]) => {
      const c = canvas.current;
      const ctx = c?.getContext("2d");
      if (!c || !ctx) return;
      const r = c.getBoundingClientRect();
      c.width = Math.max(1, Math.round(r.width));
      c.height = Math.max(1, Math.round(r.height));
      ctx.clearRect(0, 0, c.width, c.height);
      paint(ctx, c.width, c.height, list);
    };

    useImperativeHandle(ref, () => ({
      hasStrokes: () => strokes.length > 0,
      async toBlob() {
        const img = image.current;
        if (!img || strokes.length === 0) return undefined;
        const k = Math.min(1, MAX_EXPORT / Math.max(img.naturalWidth, img.naturalHeight));
        const out = document.createElement("canvas");
        out.width = Math.max(1, Math.round(img.naturalWidth * k));
        out.height = Math.max(1, Math.round(img.naturalHeight * k));
        const ctx = out.getContext("2d");
        if (!ctx) return undefined;
        ctx.drawImage(img, 0, 0, out.width, out.height);
        paint(ctx, out.width, out.height, strokes);
        return new Promise((resolve) => out.toBlob((b) => resolve(b ?? undefined), "image/png"));
      },
    }));

    return (
      <div>
        <div style={{ position: "relative", lineHeight: 0, maxWidth: 640 }}>
          <img
            ref={image}
            src={src}
            alt={`${name}, to mark up`}
            onLoad={() => redraw(strokes)}
            style={{ width: "100%", height: "auto", display: "block" }}
          />
          <canvas
            ref={canvas}
            aria-label="Markup: draw on the image to show what should change"
            data-testid="markup-canvas"
            style={{
              position: "absolute",
              inset: 0,
              width: "100%",
              height: "100%",
              touchAction: "none",
              cursor: "crosshair",
            }}
            onPointerDown={(e) => {
              e.currentTarget.setPointerCapture(e.pointerId);
              drawing.current = [at(e)];
              redraw([...strokes, drawing.current]);
            }}
            onPointerMove={(e) => {
              if (!drawing.current) return;
              drawing.current.push(at(e));
              redraw([...strokes, drawing.current]);
            }}
            onPointerUp={() => {
              const s = drawing.current;
              drawing.current = null;
              if (s) {
                const next = [...strokes, s];
                setStrokes(next);
                redraw(next);
              }
            }}
          />
        </div>
        <Group mt="xs" gap="sm">
          <Text size="sm">
            {strokes.length === 0 ? "Nothing drawn yet." : `${strokes.length} mark(s) drawn.`}
          </Text>
          <Button
            size="xs"
            variant="default"
            disabled={strokes.length === 0}
            onClick={() => {
              setStrokes([]);
              redraw([]);
            }}
          >
            Clear markup
          </Button>
        </Group>
      </div>
    );
  },
);

// Before and after on top of each other: a range input moves the edge between the source and the final.
import { Box, Text } from "@mantine/core";
import { useId, useState } from "react";

export interface BeforeAfterSliderProps {
  before: string;
  after: string;
  /** What the photo shows, for the images' alternative texts. */
  name: string;
}

export function BeforeAfterSlider({ before, after, name }: BeforeAfterSliderProps) {
  const [position, setPosition] = useState(50);
  const id = useId();
  return (
    <Box>
      <Box
        pos="relative"
        style={{ overflow: "hidden", background: "var(--mantine-color-gray-2)", lineHeight: 0 }}
        data-testid="before-after"
      >
        <img
          src={after}
          alt={`After: ${name}, as edited`}
          style={{ display: "block", width: "100%", height: "auto", maxHeight: 560, objectFit: "contain" }}
        />
        <img
          src={before}
          alt={`Before: ${name}, as uploaded`}
          style={{
            position: "absolute",
            inset: 0,
            width: "100%",
            height: "100%",
            objectFit: "contain",
            background: "var(--mantine-color-gray-2)",
            clipPath: `inset(0 ${100 - position}% 0 0)`,
          }}
        />
        <div
          aria-hidden
          style={{
            position: "absolute",
            top: 0,
            bottom: 0,
            left: `${position}%`,
            width: 2,
            background: "var(--mantine-color-blue-8)",
          }}
        />
      </Box>
      <label htmlFor={id}>
        <Text size="sm" mt="xs">
          Before ← → After ({position} % before)
        </Text>
      </label>
      <input
        id={id}
        type="range"
        min={0}
        max={100}
        value={position}
        onChange={(e) => setPosition(Number(e.currentTarget.value))}
        style={{ width: "100%" }}
        aria-valuetext={`${position} percent before`}
      />
    </Box>
  );
}

// A before/after comparison: the final over the source, revealed up to a slider's position.
import { Box, Image, Slider, Text } from "@mantine/core";
import { useState } from "react";

export function BeforeAfter({ before, after, name }: { before: string; after: string; name: string }) {
  const [at, setAt] = useState(50);
  return (
    <Box>
      <Box pos="relative" style={{ overflow: "hidden" }}>
        <Image src={before} alt={`${name} before editing`} fit="contain" mah={480} />
        <Box
          pos="absolute"
          top={0}
          left={0}
          h="100%"
          w="100%"
          style={{ clipPath: `inset(0 ${100 - at}% 0 0)` }}
        >
          <Image src={after} alt={`${name} after editing`} fit="contain" mah={480} h="100%" />
        </Box>
      </Box>
      <Text size="sm" mt="xs" id="before-after-label">
        Slide to compare: left shows the edited photo
      </Text>
      <Slider
        value={at}
        onChange={setAt}
        label={(v) => `${v}% edited`}
        thumbProps={{ "aria-labelledby": "before-after-label" }}
      />
    </Box>
  );
}

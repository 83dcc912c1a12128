// Shown while a screen's code or first data loads.
import { Center, Loader } from "@mantine/core";

export function PageLoader() {
  return (
    <Center mih="50vh" role="status" aria-label="Loading">
      <Loader />
    </Center>
  );
}

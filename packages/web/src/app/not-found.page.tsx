// The page for a client route that does not exist.
import { Button, Container, Text, Title } from "@mantine/core";
import { Link } from "./router";

export function NotFoundPage() {
  return (
    <Container size="sm" py="xl" component="main">
      <Title order={1}>Page not found</Title>
      <Text my="md">There is nothing at this address.</Text>
      <Button component={Link} href="/">
        Go to the start page
      </Button>
    </Container>
  );
}

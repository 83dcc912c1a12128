// The start page: where to sign in.
import { Button, Container, Group, Text, Title } from "@mantine/core";
import { Link } from "./router";

export default function HomePage() {
  return (
    <Container size="sm" py="xl" component="main">
      <Title order={1}>Pixl</Title>
      <Text my="md">Run your store and review your photos.</Text>
      <Group>
        <Button component={Link} href="/login">
          Sign in
        </Button>
      </Group>
    </Container>
  );
}

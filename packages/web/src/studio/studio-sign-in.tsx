// Signing in to the studio with a contact's email and API key (checked with GET Contact before keeping it).
import {
  Alert,
  Anchor,
  Button,
  Container,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { createStudioClient } from "@pixl/sdk";
import { setStudioCredentials } from "../api/credentials";
import { Link } from "../app/router";

export function StudioSignIn({ title = "Studio" }: { title?: string }) {
  const [email, setEmail] = useState("");
  const [key, setKey] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(e: SyntheticEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const client = createStudioClient({
        url: window.location.origin,
        contactEmail: email,
        contactAPIkey: key,
      });
      await client.getContact();
      setStudioCredentials({ contactEmail: email, contactAPIkey: key });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Container size="xs" py="xl" component="main">
      <Title order={1}>{title}</Title>
      <Text my="md">
        <Anchor component={Link} href="/login?next=/studio">
          Sign in with your Pixl account
        </Anchor>
        , or with your contact email and API key (from <code>pixl studio contact create</code>), kept in this
        tab only:
      </Text>
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <TextInput
            label="Contact email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <PasswordInput
            label="API key"
            autoComplete="current-password"
            required
            value={key}
            onChange={(e) => setKey(e.currentTarget.value)}
          />
          {error && (
            <Alert color="red" title="Not signed in" role="alert">
              {error}
            </Alert>
          )}
          <Button type="submit" loading={busy}>
            Sign in
          </Button>
        </Stack>
      </form>
    </Container>
  );
}

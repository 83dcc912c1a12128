// The API console's credentials: a studio contact's email and key, and a store API token (kept in this tab).
import { Button, Card, Grid, Group, PasswordInput, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import {
  setStoreCredentials,
  setStudioCredentials,
  useStoreCredentials,
  useStudioCredentials,
} from "../api/credentials";

export function CredentialsCard() {
  const studio = useStudioCredentials();
  const store = useStoreCredentials();
  const [email, setEmail] = useState(studio?.contactEmail ?? "");
  const [key, setKey] = useState(studio?.contactAPIkey ?? "");
  const [token, setToken] = useState(store?.token ?? "");
  const save = () => {
    setStudioCredentials(
      email.trim() || key.trim() ? { contactEmail: email, contactAPIkey: key } : undefined,
    );
    setStoreCredentials(token.trim() ? { token } : undefined);
  };
  return (
    <Card withBorder component="section" aria-labelledby="credentials-title" mb="md">
      <Title order={2} size="h4" id="credentials-title" mb="xs">
        Credentials
      </Title>
      <Text size="sm" mb="xs">
        Filled into every request below; kept in this browser tab only.
      </Text>
      <Grid>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <TextInput
            label="Studio contact email"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <PasswordInput label="Studio API key" value={key} onChange={(e) => setKey(e.currentTarget.value)} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <PasswordInput
            label="Store API token"
            value={token}
            onChange={(e) => setToken(e.currentTarget.value)}
          />
        </Grid.Col>
      </Grid>
      <Group mt="sm">
        <Button size="sm" onClick={save}>
          Use these credentials
        </Button>
        <Text size="sm">
          {studio ? `Studio: ${studio.contactEmail}` : "No studio contact"} ·{" "}
          {store ? "Store token set" : "No store token"}
        </Text>
      </Group>
    </Card>
  );
}

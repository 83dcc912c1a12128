// Sign in: email and password; on success back to where the visitor was going, or their home.
import {
  Alert,
  Anchor,
  Button,
  Container,
  Paper,
  PasswordInput,
  Stack,
  TextInput,
  Title,
} from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { signIn } from "../api/console-api";
import { navigate, useQuery } from "../app/router";
import { homeOf, useSession } from "../app/session";

/** Only same-site paths are followed after sign-in (no open redirect). */
function safeNext(next: string | null): string | undefined {
  return next !== null && next.startsWith("/") && !next.startsWith("//") ? next : undefined;
}

export default function LoginPage() {
  const { setSession } = useSession();
  const query = useQuery();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    signIn(email, password)
      .then((session) => {
        setSession(session);
        navigate(safeNext(query.get("next")) ?? homeOf(session), { replace: true });
      })
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
      .finally(() => setBusy(false));
  };

  return (
    <Container size={420} py="xl" component="main">
      <Title order={1} ta="center" mb="lg">
        Sign in to Pixl
      </Title>
      <Paper withBorder p="lg" radius="md">
        <form onSubmit={submit} aria-label="Sign in">
          <Stack>
            {error !== undefined && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Button type="submit" loading={busy} fullWidth>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
      <Anchor href="/" mt="md" display="block" ta="center">
        Back to the start page
      </Anchor>
    </Container>
  );
}

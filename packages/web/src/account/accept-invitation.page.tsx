// Accepting a staff invitation: the link's token (in the URL fragment, never sent to a server in a URL)
// names the store and email; a new member sets a password, an existing account confirms its own.
import {
  Alert,
  Anchor,
  Button,
  Container,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useEffect, useState, type SyntheticEvent } from "react";
import { staffApi, type InvitationPreview } from "../api/staff-api";
import { navigate } from "../app/router";
import { useSession } from "../app/session";

/**
 * The token of `/invite#pxi_…`. Pure: a render React throws away (a suspended first mount) may call it
 * again, so the fragment is dropped from the address bar only after the page has committed.
 */
function readToken(): string {
  try {
    return decodeURIComponent(window.location.hash.replace(/^#/, "")).trim();
  } catch {
    return "";
  }
}

export default function AcceptInvitationPage() {
  const { setSession } = useSession();
  const [token] = useState(readToken);
  const [preview, setPreview] = useState<InvitationPreview | undefined>();
  const [problem, setProblem] = useState<string | undefined>(
    token === "" ? "This link has no invitation in it." : undefined,
  );
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = "Accept invitation · Pixl";
    if (token === "") return;
    // Out of the address bar (and so out of the history and bookmarks) once read.
    window.history.replaceState(null, "", window.location.pathname);
    staffApi
      .preview(token)
      .then(setPreview)
      .catch((e: unknown) => setProblem(e instanceof Error ? e.message : String(e)));
  }, [token]);

  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    if (!preview) return;
    if (!preview.account_exists && password !== repeat) {
      setError("The two passwords differ.");
      return;
    }
    setBusy(true);
    setError(undefined);
    staffApi
      .accept(token, password, preview.account_exists ? undefined : name)
      .then((session) => {
        setSession(session);
        navigate(`/admin/${encodeURIComponent(preview.store.subdomain)}`, { replace: true });
      })
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
      .finally(() => setBusy(false));
  };

  return (
    <Container size={460} py="xl" component="main">
      <Title order={1} ta="center" mb="lg">
        Join a store on Pixl
      </Title>
      <Paper withBorder p="lg" radius="md">
        {problem !== undefined ? (
          <Alert color="red" role="alert" title="This invitation cannot be used">
            {problem} Ask the store's owner for a new link.
          </Alert>
        ) : !preview ? (
          <Text>Checking the invitation…</Text>
        ) : (
          <form onSubmit={submit} aria-label="Accept invitation">
            <Stack>
              <Text>
                You are invited to <strong>{preview.store.name}</strong> as <strong>{preview.role}</strong>,
                with the email <strong>{preview.email}</strong>.
              </Text>
              {error !== undefined && (
                <Alert color="red" role="alert">
                  {error}
                </Alert>
              )}
              {preview.account_exists ? (
                <PasswordInput
                  label="Your current password"
                  description="This email has a Pixl account already: confirm it is yours."
                  autoComplete="current-password"
                  required
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                />
              ) : (
                <>
                  <TextInput
                    label="Your name"
                    autoComplete="name"
                    maxLength={100}
                    value={name}
                    onChange={(e) => setName(e.currentTarget.value)}
                  />
                  <PasswordInput
                    label="Choose a password"
                    description="At least 10 characters."
                    autoComplete="new-password"
                    required
                    minLength={10}
                    maxLength={256}
                    value={password}
                    onChange={(e) => setPassword(e.currentTarget.value)}
                  />
                  <PasswordInput
                    label="Repeat the password"
                    autoComplete="new-password"
                    required
                    value={repeat}
                    onChange={(e) => setRepeat(e.currentTarget.value)}
                  />
                </>
              )}
              <Button type="submit" loading={busy} fullWidth>
                Join {preview.store.name}
              </Button>
            </Stack>
          </form>
        )}
      </Paper>
      <Anchor href="/login" mt="md" display="block" ta="center">
        Sign in instead
      </Anchor>
    </Container>
  );
}

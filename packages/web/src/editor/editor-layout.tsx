// The editor workbench's frame: sign in with an editor key, the editor's name, sign out.
import { Alert, Anchor, Button, Container, Group, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { Fragment, useState, type ReactNode, type SyntheticEvent } from "react";
import { setEditorCredentials, useEditorCredentials } from "../api/credentials";
import { editorApi } from "../api/editor-api";
import { useResource } from "../api/use-resource";
import { Link } from "../app/router";

function EditorSignIn() {
  const [key, setKey] = useState("");
  const [error, setError] = useState<string>();
  async function submit(e: SyntheticEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      await editorApi.whoIs(key);
      setEditorCredentials({ key });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  return (
    <Container size="xs" py="xl" component="main">
      <Title order={1}>Editor workbench</Title>
      <Text my="md">
        Sign in with your editor key (from <code>pixl studio editor create</code>). It is kept in this tab
        only.
      </Text>
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <PasswordInput
            label="Editor key"
            required
            value={key}
            onChange={(e) => setKey(e.currentTarget.value)}
          />
          {error && (
            <Alert color="red" role="alert" title="Not signed in">
              {error}
            </Alert>
          )}
          <Button type="submit">Sign in</Button>
        </Stack>
      </form>
    </Container>
  );
}

/** Mounts `children` only with an editor key (the sign-in form otherwise), keyed by the key. */
export function RequireEditor({ children }: { children: ReactNode }) {
  const credentials = useEditorCredentials();
  if (!credentials) return <EditorSignIn />;
  return <Fragment key={credentials.key}>{children}</Fragment>;
}

export function EditorLayout({ title, children }: { title: string; children: ReactNode }) {
  const credentials = useEditorCredentials();
  const me = useResource(`editor-me:${credentials?.key.slice(-6) ?? ""}`, () =>
    credentials ? editorApi.me() : Promise.resolve(undefined),
  );
  if (!credentials) return <EditorSignIn />;
  return (
    <>
      <header style={{ borderBottom: "1px solid var(--mantine-color-gray-3)" }}>
        <Container size="lg" py="sm">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Group gap="md" component="nav" aria-label="Editor">
              <Text fw={700}>Pixl Editor</Text>
              <Anchor component={Link} href="/editor">
                Queue
              </Anchor>
            </Group>
            <Group gap="xs">
              <Text size="sm" c="gray.8">
                {me.data?.name ?? ""}
              </Text>
              <Button size="xs" variant="default" onClick={() => setEditorCredentials(undefined)}>
                Sign out
              </Button>
            </Group>
          </Group>
        </Container>
      </header>
      <Container size="lg" py="md" component="main">
        <Title order={1} mb="md">
          {title}
        </Title>
        {children}
      </Container>
    </>
  );
}

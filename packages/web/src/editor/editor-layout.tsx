// The editor workbench's frame: an editor account signed in through the console's sign-in page, the
// editor's name, sign out.
import { Alert, Anchor, Button, Container, Group, Text, Title } from "@mantine/core";
import { Fragment, type ReactNode } from "react";
import { signOut } from "../api/console-api";
import { editorApi } from "../api/editor-api";
import { useResource } from "../api/use-resource";
import { Link, navigate } from "../app/router";
import { RequireSession, useSession } from "../app/session";

/** Signed in, but not as an editor: say so, and offer to sign in with another account. */
function NotAnEditor({ email }: { email: string }) {
  const { setSession } = useSession();
  return (
    <Container size="xs" py="xl" component="main">
      <Title order={1}>Editor workbench</Title>
      <Alert color="red" role="alert" title="Not an editor" my="md">
        {email} has no editor role. Sign in with an editor account (
        <code>pixl user create --role editor</code>
        ).
      </Alert>
      <Button
        onClick={() =>
          void signOut().finally(() => {
            setSession(undefined);
            navigate("/login?next=/editor", { replace: true });
          })
        }
      >
        Sign in with another account
      </Button>
    </Container>
  );
}

/**
 * Mounts `children` for a signed-in editor account (the console's sign-in page otherwise, coming back here),
 * keyed by the user.
 */
export function RequireEditor({ children }: { children: ReactNode }) {
  return (
    <RequireSession>
      {(session) =>
        session.memberships.some((m) => m.kind === "editor") ? (
          <Fragment key={session.user.id}>{children}</Fragment>
        ) : (
          <NotAnEditor email={session.user.email} />
        )
      }
    </RequireSession>
  );
}

export function EditorLayout({ title, children }: { title: string; children: ReactNode }) {
  const { session, setSession } = useSession();
  const me = useResource(`editor-me:${session?.user.id ?? ""}`, () => editorApi.me());
  const signOutHere = () =>
    void signOut().finally(() => {
      setSession(undefined);
      navigate("/login?next=/editor", { replace: true });
    });
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
              <Button size="xs" variant="default" onClick={signOutHere}>
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

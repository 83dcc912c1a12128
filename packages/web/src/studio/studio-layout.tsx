// The studio's frame: navigation, the signed-in contact, sign out; the sign-in form when signed out.
import { Anchor, Button, Container, Group, Text, Title } from "@mantine/core";
import { Fragment, type ReactNode } from "react";
import { signOut } from "../api/console-api";
import { setStudioCredentials, useStudioCredentials } from "../api/credentials";
import { PageLoader } from "../app/page-loader";
import { Link, navigate, useLocation } from "../app/router";
import { useSession } from "../app/session";
import { StudioSignIn } from "./studio-sign-in";

const NAV = [
  { href: "/studio", label: "Images" },
  { href: "/studio/upload", label: "Upload" },
  { href: "/studio/templates", label: "Templates" },
  { href: "/studio/billing", label: "Billing" },
];

/** Who the studio screens act for: a contact key typed in, else the console session's first contact. */
function useStudioIdentity(): { email: string; via: "key" | "session" } | "loading" | undefined {
  const credentials = useStudioCredentials();
  const { session, loading } = useSession();
  if (credentials) return { email: credentials.contactEmail, via: "key" };
  if (loading) return "loading";
  const contact = session?.memberships.find((m) => m.kind === "contact");
  return contact?.contactEmail === undefined ? undefined : { email: contact.contactEmail, via: "session" };
}

/**
 * Mounts `children` only when signed in (the sign-in form otherwise), keyed by the contact: a screen's data
 * hooks then always run signed in, and signing in as someone else starts it afresh.
 */
export function RequireStudio({ children }: { children: ReactNode }) {
  const who = useStudioIdentity();
  if (who === "loading") return <PageLoader />;
  if (!who) return <StudioSignIn />;
  return <Fragment key={`${who.via}:${who.email}`}>{children}</Fragment>;
}

export function StudioLayout({ title, children }: { title: string; children: ReactNode }) {
  const who = useStudioIdentity();
  const { setSession } = useSession();
  const location = useLocation().split("?")[0];
  if (who === "loading") return <PageLoader />;
  if (!who) return <StudioSignIn />;
  const leave = () => {
    if (who.via === "key") return setStudioCredentials(undefined);
    void signOut().finally(() => {
      setSession(undefined);
      navigate("/login");
    });
  };
  return (
    <>
      <header style={{ borderBottom: "1px solid var(--mantine-color-gray-3)" }}>
        <Container size="lg" py="sm">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Group gap="md" wrap="wrap" component="nav" aria-label="Studio">
              <Text fw={700}>Pixl Studio</Text>
              {NAV.map((n) => (
                <Anchor
                  key={n.href}
                  component={Link}
                  href={n.href}
                  aria-current={location === n.href ? "page" : undefined}
                  fw={location === n.href ? 700 : 400}
                >
                  {n.label}
                </Anchor>
              ))}
            </Group>
            <Group gap="xs" wrap="wrap">
              <Text size="sm" c="gray.8">
                {who.email}
              </Text>
              <Button size="xs" variant="default" onClick={leave}>
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

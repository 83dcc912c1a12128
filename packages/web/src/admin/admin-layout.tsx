// The store admin's frame: header with the store and user, a navigation that folds away on phones.
import { AppShell, Burger, Group, NavLink, ScrollArea, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import type { ReactNode } from "react";
import type { SessionInfo } from "../api/console-api";
import { Link, useLocation } from "../app/router";
import { UserMenu } from "../app/user-menu";

/** Path, label, and the one role that sees it (staff is the owners' business). */
const SECTIONS: readonly (readonly [string, string, string?])[] = [
  ["", "Dashboard"],
  ["/orders", "Orders"],
  ["/products", "Products"],
  ["/categories", "Categories"],
  ["/customers", "Customers"],
  ["/subscriptions", "Subscriptions"],
  ["/coupons", "Coupons"],
  ["/gift-cards", "Gift cards"],
  ["/game-servers", "Game servers"],
  ["/webhooks", "Webhooks"],
  ["/tokens", "API tokens"],
  ["/staff", "Staff", "owner"],
  ["/settings", "Settings"],
];

export interface AdminLayoutProps {
  session: SessionInfo;
  subdomain: string;
  children: ReactNode;
}

export function AdminLayout({ session, subdomain, children }: AdminLayoutProps) {
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation().split("?")[0] ?? "";
  const base = `/admin/${encodeURIComponent(subdomain)}`;
  const membership = session.memberships.find((m) => m.kind === "store" && m.subdomain === subdomain);
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Text fw={700} component={Link} href={base} truncate>
              {membership?.storeName ?? subdomain}
            </Text>
            <Text size="sm" c="dimmed" visibleFrom="xs">
              {membership?.role}
            </Text>
          </Group>
          <UserMenu session={session} />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Store admin">
        <ScrollArea>
          {SECTIONS.filter(([, , role]) => role === undefined || role === membership?.role).map(
            ([path, label]) => {
              const href = base + path;
              const active = path === "" ? location === base : location.startsWith(href);
              return (
                <NavLink
                  key={path}
                  component={Link}
                  href={href}
                  label={label}
                  active={active}
                  aria-current={active ? "page" : undefined}
                  onClick={close}
                />
              );
            },
          )}
          <NavLink component={Link} href={`/shop/${encodeURIComponent(subdomain)}`} label="View storefront" />
          <NavLink component={Link} href="/api-console" label="API console" />
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}

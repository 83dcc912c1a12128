// A console frame: a title, the user's menu, and a navigation that folds behind a button on phones.
import { AppShell, Burger, Group, NavLink, ScrollArea, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import type { ReactNode } from "react";
import type { SessionInfo } from "../api/console-api";
import { Link, useLocation } from "./router";
import { UserMenu } from "./user-menu";

export interface ShellProps {
  session: SessionInfo;
  title: string;
  subtitle?: string;
  /** [href, label]; the first is the area's home (active only on its exact path). */
  nav: readonly (readonly [string, string])[];
  navLabel: string;
  children: ReactNode;
}

export function Shell({ session, title, subtitle, nav, navLabel, children }: ShellProps) {
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation().split("?")[0] ?? "";
  const home = nav[0]?.[0];
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
            <Text fw={700} component={Link} href={home ?? "/"} truncate>
              {title}
            </Text>
            {subtitle !== undefined && (
              <Text size="sm" c="dimmed" visibleFrom="xs">
                {subtitle}
              </Text>
            )}
          </Group>
          <UserMenu session={session} />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={navLabel}>
        <ScrollArea>
          {nav.map(([href, label]) => {
            const active = href === home ? location === href : location.startsWith(href);
            return (
              <NavLink
                key={href}
                component={Link}
                href={href}
                label={label}
                active={active}
                aria-current={active ? "page" : undefined}
                onClick={close}
              />
            );
          })}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}

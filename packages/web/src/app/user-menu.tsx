// The signed-in user's menu: who they are, sign out, sign out on every device.
import { Button, Menu } from "@mantine/core";
import { signOut, signOutEverywhere, type SessionInfo } from "../api/console-api";
import { navigate } from "./router";
import { useSession } from "./session";

export function UserMenu({ session }: { session: SessionInfo }) {
  const { setSession } = useSession();
  const done = () => {
    setSession(undefined);
    navigate("/login", { replace: true });
  };
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="subtle" size="compact-sm" aria-label={`${session.user.email} (account menu)`}>
          {session.user.email}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => void signOut().finally(done)}>Sign out</Menu.Item>
        <Menu.Item onClick={() => void signOutEverywhere().finally(done)}>Sign out everywhere</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

// The API console at /api-console, for any signed-in user (its calls carry their own session or a key).
import { Shell } from "../app/shell";
import { RequireSession } from "../app/session";
import ApiConsolePage from "./api-console.page";

export default function ApiConsoleArea() {
  return (
    <RequireSession>
      {(session) => {
        const store = session.memberships.find((m) => m.kind === "store");
        const nav = [
          ["/api-console", "API console"],
          ...(store?.subdomain === undefined ? [] : [[`/admin/${store.subdomain}`, "Store admin"] as const]),
          ...(session.memberships.some((m) => m.kind === "contact") ? [["/studio", "Studio"] as const] : []),
        ] as const;
        return (
          <Shell session={session} title="Pixl" subtitle="API console" nav={nav} navLabel="Console">
            <ApiConsolePage session={session} />
          </Shell>
        );
      }}
    </RequireSession>
  );
}

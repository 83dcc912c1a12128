// Who is signed in: loaded once at start, updated by sign-in and sign-out; screens that need it redirect.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { readSession, type SessionInfo } from "../api/console-api";
import { PageLoader } from "./page-loader";
import { navigate, useLocation } from "./router";

interface SessionState {
  session: SessionInfo | undefined;
  loading: boolean;
  setSession: (session: SessionInfo | undefined) => void;
}

const SessionContext = createContext<SessionState>({
  session: undefined,
  loading: true,
  setSession: () => undefined,
});

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionInfo | undefined>();
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    readSession()
      .then(setSession)
      .catch(() => setSession(undefined))
      .finally(() => setLoading(false));
  }, []);
  const set = useCallback((s: SessionInfo | undefined) => setSession(s), []);
  const value = useMemo(() => ({ session, loading, setSession: set }), [session, loading, set]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  return useContext(SessionContext);
}

/** Where a user lands after signing in: their first store, studio contact or the editor workbench. */
export function homeOf(session: SessionInfo): string {
  const first = session.memberships[0];
  if (first?.kind === "store" && first.subdomain !== undefined) return `/admin/${first.subdomain}`;
  if (first?.kind === "contact") return "/studio";
  if (first?.kind === "editor") return "/editor";
  return "/account";
}

/** Renders `children` with the session, or sends the visitor to sign in (coming back here after). */
export function RequireSession({ children }: { children: (session: SessionInfo) => ReactNode }) {
  const { session, loading } = useSession();
  const location = useLocation();
  useEffect(() => {
    if (!loading && !session) navigate(`/login?next=${encodeURIComponent(location)}`, { replace: true });
  }, [loading, session, location]);
  if (loading || !session) return <PageLoader />;
  return <>{children(session)}</>;
}

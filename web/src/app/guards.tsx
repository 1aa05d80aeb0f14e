import { ReactNode } from 'react';
import { Outlet, useLocation } from 'react-router';
import { logoutEverywhere, SessionAccount } from '../api/client';
import { Loading } from '../ui/kit';
import { Navigate, useGo } from './navigation';
import { useSession } from './session';

/**
 * The pages of a layout that need a session: `Loading` until the session is known; an account that
 * `allowed` refuses (none, or the wrong kind) is sent to `loginPath`, coming back after; `refusal` may
 * put a message in place of a page the account may not see. Read from the session store, so a logout
 * (in this tab or through an expired session) leaves the page at once.
 */
export function RequireAccount({ loginPath, allowed, refusal }: { loginPath: string; allowed: (account: SessionAccount) => boolean; refusal?: (account: SessionAccount) => ReactNode }) {
  const { ready, account } = useSession();
  const location = useLocation();
  if (!ready) return <Loading />;
  if (!account || !allowed(account)) return <Navigate to={`${loginPath}?retour=${encodeURIComponent(location.pathname + location.search)}`} />;
  return <>{refusal?.(account) ?? <Outlet />}</>;
}

/** Logout: the server clears the session cookie and closes the account's sessions; then the login page. */
export function useLogout(loginPath: string): () => Promise<void> {
  const go = useGo();
  return async () => {
    const ok = await logoutEverywhere();
    go(ok ? loginPath : `${loginPath}?deconnexion=incomplete`);
  };
}

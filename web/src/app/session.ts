import { useEffect, useSyncExternalStore } from 'react';
import { SessionAccount, session } from '../api/client';

/**
 * The session, read from its store (as the location is): a login and the navigation that follows it
 * are seen in the same render. Ready once the cookie has been tried.
 */
export function useSession(): { ready: boolean; account: SessionAccount | null } {
  const account = useSyncExternalStore(session.subscribe, session.current);
  const ready = useSyncExternalStore(session.subscribe, session.isReady);
  useEffect(() => {
    void session.start();
  }, []);
  return { ready, account };
}

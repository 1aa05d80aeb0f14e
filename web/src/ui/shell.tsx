import { ReactNode, useEffect, useState, useSyncExternalStore } from 'react';
import { request, SessionAccount, session } from '../api/client';
import { CommuneDocument, CommuneQuery } from '../api/generated';
import { Link, match, navigate } from '../router';
import { Loading } from './kit';

/** A screen of an app: its path pattern, its page, whether it is open without a session. */
export interface Route {
  path: string;
  page: (params: Record<string, string>) => ReactNode;
  open?: boolean;
  adminOnly?: boolean;
}

/** The first route whose pattern matches the path, with its named parts. */
export function findRoute(routes: Route[], path: string): { route: Route; params: Record<string, string> } | null {
  for (const route of routes) {
    const params = match(route.path, path);
    if (params) return { route, params };
  }
  return null;
}

/**
 * The session, read from its store (as the location is): a login and the navigation that follows it
 * are seen in the same render. Ready once the cookie has been tried.
 */
export function useSession(): { ready: boolean; account: SessionAccount | null } {
  const [ready, setReady] = useState(false);
  const account = useSyncExternalStore(session.subscribe, session.current);
  useEffect(() => {
    void session.refresh().finally(() => setReady(true));
  }, []);
  return { ready, account };
}

/** The menu's links (the current page marked) and « Déconnexion ». */
export function MenuList({ items, path, home, onLogout }: { items: Array<{ to: string; label: string }>; path: string; home: string; onLogout: () => void }) {
  return (
    <ul>
      {items.map((item) => {
        const current = item.to === home ? path === home : path.startsWith(item.to);
        return (
          <li key={item.to}>
            <Link to={item.to} aria-current={current ? 'page' : undefined}>
              {item.label}
            </Link>
          </li>
        );
      })}
      <li>
        <button type="button" className="link-button" onClick={onLogout}>
          Déconnexion
        </button>
      </li>
    </ul>
  );
}

/** The town of this portal (name, address, phone), for titles and footers; null until it is known. */
export function useCommuneInfo(): CommuneQuery['commune'] | null {
  const [commune, setCommune] = useState<CommuneQuery['commune'] | null>(null);
  useEffect(() => {
    request(CommuneDocument)
      .then((d) => setCommune(d.commune))
      .catch(() => undefined);
  }, []);
  return commune;
}

/**
 * The page for the current path in an app: `Loading` until the session is known; a route that is
 * not open sends the browser to `loginPath` (coming back after) when `signedIn` refuses the
 * account; `refusal` may put a message in place of a page the account may not see.
 */
export function useRoutedPage(
  routes: Route[],
  rules: { path: string; loginPath: string; signedIn: (account: SessionAccount | null) => boolean; refusal: (route: Route, account: SessionAccount | null) => ReactNode; notFound: ReactNode },
): { ready: boolean; account: SessionAccount | null; content: ReactNode } {
  const { ready, account } = useSession();
  const found = findRoute(routes, rules.path);
  const allowed = rules.signedIn(account);
  useEffect(() => {
    if (ready && found && !found.route.open && !allowed) navigate(`${rules.loginPath}?retour=${encodeURIComponent(location.pathname + location.search)}`, true);
  }, [ready, found, allowed, rules.loginPath]);
  let content: ReactNode;
  if (!ready) content = <Loading />;
  else if (!found) content = rules.notFound;
  else if (found.route.open) content = found.route.page(found.params);
  else if (!allowed) content = <Loading />;
  else content = rules.refusal(found.route, account) ?? found.route.page(found.params);
  return { ready, account, content };
}

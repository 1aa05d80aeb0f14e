import { ReactNode, useEffect, useState, useSyncExternalStore } from 'react';
import { ApiError, request, SessionAccount, session } from '../api/client';
import { chosenCommune, isWellFormed } from '../api/commune';
import { CommuneDocument, CommuneQuery } from '../api/generated';
import { Link, match, navigate, usePageTitle } from '../router';
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

/**
 * The town of this tab (name, address, phone), for titles and footers: the commune the tab chose
 * (`?domaine=`), else the one of the host name or the deployment's only one; null until it is known.
 * `problem` when there is none to show: the code names no commune (`unknown`), or the deployment
 * serves several and nothing chose one (`required`).
 */
export function useCommuneInfo(): { commune: CommuneQuery['commune'] | null; problem: CommuneProblemKind | null } {
  const [state, setState] = useState<{ commune: CommuneQuery['commune'] | null; problem: CommuneProblemKind | null }>(() => {
    const code = chosenCommune();
    return { commune: null, problem: code && !isWellFormed(code) ? 'unknown' : null };
  });
  useEffect(() => {
    if (state.problem) return;
    request(CommuneDocument)
      .then((d) => setState({ commune: d.commune, problem: null }))
      .catch((err: unknown) => {
        if (!(err instanceof ApiError)) return;
        if (err.reason === 'COMMUNE_NOT_FOUND') setState({ commune: null, problem: 'unknown' });
        else if (err.reason === 'COMMUNE_REQUIRED') setState({ commune: null, problem: 'required' });
      });
  }, [state.problem]);
  return state;
}

export type CommuneProblemKind = 'unknown' | 'required';

/** In place of every page when no commune can be shown: said in French, with what to do. */
export function CommuneProblem({ problem }: { problem: CommuneProblemKind }) {
  const code = chosenCommune() ?? '';
  usePageTitle(problem === 'unknown' ? 'Commune inconnue' : 'Choisissez votre commune');
  return problem === 'unknown' ? (
    <section className="panel narrow">
      <h1 tabIndex={-1}>Commune inconnue</h1>
      <p>Aucune commune de ce portail ne porte le code « {code.slice(0, 40)} ».</p>
      <p>Vérifiez l’adresse : ouvrez de préférence le lien donné par votre mairie (il se termine par « ?domaine= » suivi du code de votre commune).</p>
    </section>
  ) : (
    <section className="panel narrow">
      <h1 tabIndex={-1}>Choisissez votre commune</h1>
      <p>Ce portail sert plusieurs communes : ouvrez-le depuis le lien donné par votre mairie, qui se termine par « ?domaine= » suivi du code de votre commune.</p>
    </section>
  );
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

import { AnchorHTMLAttributes, useCallback, useEffect } from 'react';
import { Link as RouterLink, Navigate as RouterNavigate, useLocation, useNavigate } from 'react-router';
import { withCommune } from '../api/commune';

/**
 * Navigation inside the portal, through React Router, with the tab's commune (`domaine=`) carried in
 * every address: links, redirects and programmatic moves all add it, and the root layout puts it
 * back if an address lost it.
 */

/** An in-app link: a real <a href> (opens in a new tab, works without script), routed on click. */
export function Link({ to, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  return <RouterLink to={withCommune(to)} {...rest} />;
}

/** A redirect while rendering (a guard, a page that moved). */
export function Navigate({ to }: { to: string }) {
  return <RouterNavigate to={withCommune(to)} replace />;
}

/** Goes to an in-app address, scrolled to the top (a new page); `replace` for a step that must not stay in the history. */
export function useGo(): (to: string, replace?: boolean) => void {
  const navigate = useNavigate();
  return useCallback(
    (to: string, replace = false) => {
      void navigate(withCommune(to), { replace });
      window.scrollTo(0, 0);
    },
    [navigate],
  );
}

/** The current path and query. */
export function usePath(): { path: string; query: URLSearchParams } {
  const location = useLocation();
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}

/** The page's title (RGAA: each page its own) and, on navigation, focus on its main heading. */
export function usePageTitle(title: string, town?: string): void {
  useEffect(() => {
    document.title = `${title} — Portail Famille${town ? ` — ${town}` : ''}`;
    document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true });
  }, [title, town]);
}

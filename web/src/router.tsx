import { AnchorHTMLAttributes, MouseEvent, useEffect, useSyncExternalStore } from 'react';
import { withCommune } from './api/commune';

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());
window.addEventListener('popstate', notify);

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const snapshot = () => location.pathname + location.search;

/** The current path and query, re-rendered on navigation. */
export function useLocation(): { path: string; query: URLSearchParams } {
  const current = useSyncExternalStore(subscribe, snapshot);
  const [path, search = ''] = current.split('?');
  return { path, query: new URLSearchParams(search) };
}

/** Goes to an in-app address (the tab's commune kept in it, `domaine=`). */
export function navigate(path: string, replace = false): void {
  const to = withCommune(path);
  if (to === snapshot()) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.scrollTo(0, 0);
  notify();
}

/** Matches `/reservations/:id` against a path; the named parts, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.replace(/\/+$/, '').split('/');
  const a = path.replace(/\/+$/, '').split('/');
  if (p.length !== a.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) {
      try {
        params[p[i].slice(1)] = decodeURIComponent(a[i]);
      } catch {
        return null; // a malformed address (« %zz »): no page, « Page introuvable »
      }
    } else if (p[i] !== a[i]) return null;
  }
  return params;
}

/** An in-app link: a real <a href> (opens in a new tab, works without script), routed on click. */
export function Link({ to: path, onClick, children, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const to = withCommune(path);
  const go = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={go} {...rest}>
      {children}
    </a>
  );
}

/** The page's title (RGAA: each page its own) and, on navigation, focus on its main heading. */
export function usePageTitle(title: string, town?: string): void {
  useEffect(() => {
    document.title = `${title} — Portail Famille${town ? ` — ${town}` : ''}`;
    document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true });
  }, [title, town]);
}

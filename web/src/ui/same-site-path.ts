/**
 * A path of this site to go to (the login's « retour »), or null: same origin, beginning with a
 * single `/`, and still so once the browser has normalised it — `/..//evil.test/` becomes
 * `//evil.test/`, which `history.pushState` refuses (another origin) and a link would follow.
 */
export function sameSitePath(wanted: string | null, origin: string): string | null {
  if (!wanted || !wanted.startsWith('/') || /^\/[/\\]/.test(wanted)) return null;
  try {
    const url = new URL(wanted, origin);
    if (url.origin !== origin) return null;
    const path = `${url.pathname}${url.search}${url.hash}`;
    return path.startsWith('/') && !/^\/[/\\]/.test(path) ? path : null;
  } catch {
    return null;
  }
}

/**
 * The commune this tab speaks for. `?domaine=CODE` in the address (the parameter's name and the code
 * in any case, as the guide's links `DOMAINE=AUTERIVE`) chooses it and it is kept for the tab
 * (sessionStorage: a reload, a link opened in this tab keep it; another tab chooses its own). It is
 * sent with every request (`X-Commune`) and kept in the address as the tab navigates. With none
 * chosen, the server decides: the host name a commune declares, or the deployment's only commune.
 */
const KEY = 'portail.domaine';
const CODE = /^[A-Z0-9_-]{1,32}$/;

/** The `domaine` parameter of a query string, whatever the case of its name; null when absent. */
export function domaineIn(search: string): string | null {
  for (const [name, value] of new URLSearchParams(search)) {
    if (name.toLowerCase() === 'domaine' && value.trim()) return value.trim().toUpperCase().slice(0, 64);
  }
  return null;
}

function stored(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null; // storage refused (private mode of some browsers): the address alone names it
  }
}

function keep(code: string): void {
  try {
    sessionStorage.setItem(KEY, code);
  } catch {
    // the address still carries it
  }
}

let chosen: string | null = null;

/** Reads the address, then the tab's memory; called once at start. */
export function chooseCommune(): string | null {
  const fromAddress = domaineIn(location.search);
  if (fromAddress) keep(fromAddress);
  chosen = fromAddress ?? stored();
  return chosen;
}

/** The commune's code chosen for this tab, or null. */
export function chosenCommune(): string | null {
  return chosen;
}

/** Whether the chosen code can name a commune at all (else it is unknown without asking). */
export function isWellFormed(code: string): boolean {
  return CODE.test(code);
}

/** The headers naming the commune, to add to every request. */
export function communeHeaders(): Record<string, string> {
  return chosen && CODE.test(chosen) ? { 'X-Commune': chosen } : {};
}

/** An in-app address with `domaine=CODE` added when the tab has chosen a commune and it names none. */
export function withCommune(to: string): string {
  if (!chosen || !to.startsWith('/') || to.startsWith('//')) return to;
  const hashAt = to.indexOf('#');
  const hash = hashAt >= 0 ? to.slice(hashAt) : '';
  const rest = hashAt >= 0 ? to.slice(0, hashAt) : to;
  const [path, search = ''] = rest.split('?');
  if (domaineIn(search)) return to;
  const params = new URLSearchParams(search);
  params.append('domaine', chosen);
  return `${path}?${params.toString()}${hash}`;
}

import type { Request } from 'express';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A host name as a commune declares it and as requests are compared with it: lower-case, without
 * port or trailing dot (`Cantine.Ville.fr.` → `cantine.ville.fr`); null when it is not a host name.
 */
export function normalHost(raw: string | undefined | null): string | null {
  if (!raw) return null;
  const host = raw.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  if (!host || host.length > 253) return null;
  return host.split('.').every((label) => LABEL.test(label)) ? host : null;
}

/**
 * What a request says of its commune: the code it names (`X-Commune`, else `?domaine=` in any case)
 * and the host it was sent to. The host is Express's `req.hostname`: the `Host` header, or
 * `X-Forwarded-Host` only when the proxy it comes through is trusted (`TRUST_PROXY`).
 */
export function communeHints(req: Request): { code: string | undefined; host: string | null } {
  const header = req.headers['x-commune'];
  const fromHeader = Array.isArray(header) ? header[0] : header;
  let fromParam: string | undefined;
  for (const [name, value] of Object.entries(req.query ?? {})) {
    if (name.toLowerCase() === 'domaine' && typeof value === 'string') fromParam = value;
  }
  const code = (fromHeader?.trim() || fromParam?.trim() || undefined)?.slice(0, 64);
  return { code, host: normalHost(req.hostname) };
}

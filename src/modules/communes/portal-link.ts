/**
 * A page of a commune's front-end (its public URL), naming the commune first: `…/reinitialisation?
 * domaine=AUTERIVE&token=…`. Always named, even on a deployment of one commune: a link already sent
 * keeps landing on the right commune once a second one is added, and the page keeps it for the tab.
 */
export function portalLink(commune: { publicUrl: string; code: string }, path: string, params: Record<string, string> = {}): string {
  const query = new URLSearchParams({ domaine: commune.code, ...params });
  return `${commune.publicUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}?${query.toString()}`;
}

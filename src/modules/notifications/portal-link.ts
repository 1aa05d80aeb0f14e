/**
 * The one way a mail points at a page of the commune's portal: its public address, then the page's
 * path (and query). Every link of every mail goes through here (activation, reset, e-mail change,
 * a reservation, an invoice, the billing page…), so whatever a link needs is added once.
 */
export function portalLink(commune: { publicUrl: string }, path: string, query: Record<string, string> = {}): string {
  const params = new URLSearchParams(query).toString();
  return `${commune.publicUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}${params ? `?${params}` : ''}`;
}

import type { Response } from 'express';

/** Text for HTML (attribute values included). */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A page of the built-in test banks (Systempay's and PayFiP's, TEST mode only): never inside another
 * site's frame — « Payer » must be the family's own click (clickjacking) —, no script, never cached.
 */
export function sendTestBankPage(res: Response, status: number, title: string, body: string): void {
  res
    .status(status)
    .type('html')
    .setHeader('Cache-Control', 'no-store')
    .setHeader('Content-Security-Policy', "default-src 'none'; form-action 'self' http: https:; base-uri 'none'; frame-ancestors 'none'")
    .setHeader('X-Frame-Options', 'DENY')
    .setHeader('X-Content-Type-Options', 'nosniff')
    .send(
      `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`,
    );
}

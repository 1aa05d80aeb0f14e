import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import express, { Express, NextFunction, Request, Response } from 'express';
import { PAYFIP_PAGE } from '../../modules/payments/payfip/payfip-rules';

/** The repository's root, from the compiled (dist/src/common/http) or the source (src/common/http) file. */
function repositoryRoot(): string {
  const up = resolve(__dirname, '..', '..', '..');
  return basename(up) === 'dist' ? dirname(up) : up;
}

/** Where `npm run build` puts the portal (Vite's output). */
export const PORTAL_DIR = join(repositoryRoot(), 'dist', 'web');

/** Paths the server answers itself (a missing asset gets Nest's 404): never the portal's page, even for a browser. */
const SERVER_PATHS = /^\/(graphql|graphiql|invoices|credit-notes|treasury-exports|direct-debit-batches|payments|test-bank|health|auth|assets)(\/|$)/;

/**
 * The portal's Content-Security-Policy: nothing inline, nothing from another host; forms may post
 * only to us and to the bank (the payment form).
 */
export function portalCsp(bankUrl: string): string {
  let bank = '';
  try {
    bank = bankUrl ? ` ${new URL(bankUrl).origin}` : '';
  } catch {
    bank = '';
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    // The bank's page, and PayFiP's (a commune whose régie is the Trésor Public's, SPEC "PayFiP").
    `form-action 'self'${bank} ${new URL(PAYFIP_PAGE).origin}`,
  ].join('; ');
}

function securityHeaders(res: Response, csp: string): void {
  res.setHeader('Content-Security-Policy', csp);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
}

/**
 * Serves the family portal (and the staff back-office) at `/` from dist/web: hashed assets cached a
 * year, the HTML never cached, every portal route (history API) answered with index.html.
 */
export function mountPortal(app: Express, bankUrl: string, dir = PORTAL_DIR): void {
  const csp = portalCsp(bankUrl);
  const indexFile = join(dir, 'index.html');
  let index: Buffer | null = null;
  const indexHtml = (): Buffer | null => {
    if (!index && existsSync(indexFile)) index = readFileSync(indexFile);
    return index;
  };

  app.use(
    '/assets',
    express.static(join(dir, 'assets'), {
      index: false,
      immutable: true,
      maxAge: '365d',
      setHeaders: (res) => res.setHeader('X-Content-Type-Options', 'nosniff'),
    }),
  );
  // Files of web/public (icons): not hashed, cached a day. The page itself (index.html) is left to
  // the handler below, which gives it its security headers whatever path asked for it.
  const publicFiles = express.static(dir, {
    index: false,
    maxAge: '1d',
    setHeaders: (res) => res.setHeader('X-Content-Type-Options', 'nosniff'),
  });
  app.use((req: Request, res: Response, next: NextFunction) => (req.path.endsWith('.html') ? next() : publicFiles(req, res, next)));
  app.use((req: Request, res: Response, next: NextFunction) => {
    const page = req.path.endsWith('.html');
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVER_PATHS.test(req.path) || (!req.accepts('html') && !page)) return next();
    const html = indexHtml();
    securityHeaders(res, csp);
    res.setHeader('Cache-Control', 'no-store');
    if (!html) {
      res.status(503).type('text/plain; charset=utf-8').send('Le portail n’est pas construit : lancez `npm run build`.\n');
      return;
    }
    res.status(200).type('text/html; charset=utf-8').send(html);
  });
}

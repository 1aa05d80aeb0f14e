import { dirname, join } from 'node:path';
import express, { Express, NextFunction, Request, Response } from 'express';

const asset = (pkg: string, file: string) => join(dirname(require.resolve(`${pkg}/package.json`)), file);

const ASSETS: Record<string, { file: string; type: string }> = {
  'react.js': { file: asset('react', 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.js': { file: asset('react-dom', 'umd/react-dom.production.min.js'), type: 'text/javascript' },
  'graphiql.js': { file: asset('graphiql', 'graphiql.min.js'), type: 'text/javascript' },
  'graphiql.css': { file: asset('graphiql', 'graphiql.min.css'), type: 'text/css' },
};

/** What the page runs, served as a file (the page's CSP allows no inline script). */
const START = `// ?domaine=CODE (or DOMAINE=, any case, as the portal's links) names the commune.
const named = [...new URLSearchParams(location.search)].find(([k, v]) => k.toLowerCase() === 'domaine' && v);
const headers = named ? { 'X-Commune': named[1].toUpperCase() } : {};
const fetcher = GraphiQL.createFetcher({ url: '/graphql', headers });
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultEditorToolsVisibility: true,
    defaultQuery: '# Portail Famille — essayez :\\n# mutation { login(input: { identifier: "famille.demo", password: "Portail-Demo-2026" }) { accessToken } }\\n# puis ajoutez l\\'en-tête {"Authorization": "Bearer …"} et :\\nquery { commune { name address postalCode city phone } }\\n',
  }),
);
`;

const PAGE_CSS = 'html, body, #graphiql { height: 100%; margin: 0; }\n';

/**
 * The page's own headers, as strict as the portal's: scripts and styles from here only (GraphiQL's
 * editor sets style attributes, hence 'unsafe-inline' for styles only), requests to /graphql only,
 * never inside another site's frame (clickjacking a logged-in tester's requests).
 */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function securityHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', GRAPHIQL_CSP);
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
}

const PAGE = `<!DOCTYPE html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <title>Portail Famille — GraphiQL</title>
  <link rel="stylesheet" href="/graphiql/graphiql.css">
  <link rel="stylesheet" href="/graphiql/page.css">
</head>
<body>
  <div id="graphiql">Chargement…</div>
  <script src="/graphiql/react.js"></script>
  <script src="/graphiql/react-dom.js"></script>
  <script src="/graphiql/graphiql.js"></script>
  <script src="/graphiql/start.js"></script>
</body>
</html>`;

/**
 * GraphiQL from node_modules, never from a CDN (town networks and ours cannot reach them):
 * a browser's GET /graphql (Accept: text/html, no query) gets the page; everything else goes to Apollo.
 */
export function mountGraphiql(app: Express): void {
  const router = express.Router();
  router.get('/graphiql/:name', (req: Request, res: Response, next: NextFunction) => {
    const name = req.params.name as string;
    if (name === 'start.js' || name === 'page.css') {
      securityHeaders(res);
      return void res
        .type(name === 'start.js' ? 'text/javascript' : 'text/css')
        .setHeader('Cache-Control', 'no-cache')
        .send(name === 'start.js' ? START : PAGE_CSS);
    }
    const found = ASSETS[name];
    if (!found) return next();
    securityHeaders(res);
    res.type(found.type).setHeader('Cache-Control', 'public, max-age=86400');
    res.sendFile(found.file);
  });
  router.get('/graphql', (req: Request, res: Response, next: NextFunction) => {
    const wantsHtml = (req.headers.accept ?? '').includes('text/html');
    if (!wantsHtml || req.query.query !== undefined) return next();
    securityHeaders(res);
    res.type('text/html').setHeader('Cache-Control', 'no-store').send(PAGE);
  });
  app.use(router);
}

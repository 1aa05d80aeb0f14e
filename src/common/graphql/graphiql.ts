import { dirname, join } from 'node:path';
import express, { Express, NextFunction, Request, Response } from 'express';

const asset = (pkg: string, file: string) => join(dirname(require.resolve(`${pkg}/package.json`)), file);

const ASSETS: Record<string, { file: string; type: string }> = {
  'react.js': { file: asset('react', 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.js': { file: asset('react-dom', 'umd/react-dom.production.min.js'), type: 'text/javascript' },
  'graphiql.js': { file: asset('graphiql', 'graphiql.min.js'), type: 'text/javascript' },
  'graphiql.css': { file: asset('graphiql', 'graphiql.min.css'), type: 'text/css' },
};

const PAGE = `<!DOCTYPE html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <title>Portail Famille — GraphiQL</title>
  <link rel="stylesheet" href="/graphiql/graphiql.css">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Chargement…</div>
  <script src="/graphiql/react.js"></script>
  <script src="/graphiql/react-dom.js"></script>
  <script src="/graphiql/graphiql.js"></script>
  <script>
    const params = new URLSearchParams(location.search);
    const headers = params.get('domaine') ? { 'X-Commune': params.get('domaine') } : {};
    const fetcher = GraphiQL.createFetcher({ url: '/graphql', headers });
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, {
        fetcher,
        defaultEditorToolsVisibility: true,
        defaultQuery: '# Portail Famille — essayez :\\n# mutation { login(input: { identifier: "famille.demo", password: "Portail-Demo-2026" }) { accessToken } }\\n# puis ajoutez l\\'en-tête {"Authorization": "Bearer …"} et :\\nquery { commune { name address postalCode city phone } }\\n',
      }),
    );
  </script>
</body>
</html>`;

/**
 * GraphiQL from node_modules, never from a CDN (town networks and ours cannot reach them):
 * a browser's GET /graphql (Accept: text/html, no query) gets the page; everything else goes to Apollo.
 */
export function mountGraphiql(app: Express): void {
  const router = express.Router();
  router.get('/graphiql/:name', (req: Request, res: Response, next: NextFunction) => {
    const found = ASSETS[req.params.name as string];
    if (!found) return next();
    res.type(found.type).setHeader('Cache-Control', 'public, max-age=86400');
    res.sendFile(found.file);
  });
  router.get('/graphql', (req: Request, res: Response, next: NextFunction) => {
    const wantsHtml = (req.headers.accept ?? '').includes('text/html');
    if (!wantsHtml || req.query.query !== undefined) return next();
    res.type('text/html').send(PAGE);
  });
  app.use(router);
}

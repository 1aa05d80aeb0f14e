import type { NextFunction, Request, Response } from 'express';
import { badInput } from '../errors/domain-error';
import { graphqlShapedBody } from '../errors/refusal';

/**
 * Bounds on a document before it is parsed: the portal's own documents are a few hundred characters
 * and tokens (GraphiQL's introspection query: 1 900 characters, 163 tokens). Whatever fits is then
 * measured by the query-limits rule, in time linear in its size.
 */
export const MAX_DOCUMENT_LENGTH = 20_000;
/** Passed to graphql-js's parser by Apollo (`parseOptions.maxTokens`). */
export const MAX_DOCUMENT_TOKENS = 2_000;

const formatted = (n: number) => n.toLocaleString('fr-FR').replace(/\s/g, ' ');

export const documentTooLarge = (detail: string) => badInput('DOCUMENT_TOO_LARGE', `Requête GraphQL trop longue (${detail}) : découpez-la en plusieurs requêtes.`);

/**
 * Refuses a document over MAX_DOCUMENT_LENGTH characters (POST body or GET parameter) before Apollo
 * parses it. An Express middleware: Apollo has no hook before parsing whose errors it answers as
 * such (an error thrown in `requestDidStart` becomes a 500).
 */
export function documentLengthGuard(req: Request, res: Response, next: NextFunction): void {
  const query: unknown = req.method === 'GET' ? req.query?.query : (req.body as { query?: unknown } | undefined)?.query;
  if (typeof query === 'string' && query.length > MAX_DOCUMENT_LENGTH) {
    res.status(400).json(graphqlShapedBody(documentTooLarge(`${formatted(MAX_DOCUMENT_LENGTH)} caractères au plus`)));
    return;
  }
  next();
}

/** graphql-js's refusal of a document over `parseOptions.maxTokens`, in French; null for other errors. */
export function describeTooManyTokens(message: string): string | null {
  // graphql 16 writes "more that"; a later version may fix the typo.
  return /Document contains more th(?:at|an) \d+ tokens/.test(message) ? documentTooLarge(`${formatted(MAX_DOCUMENT_TOKENS)} éléments au plus`).message : null;
}

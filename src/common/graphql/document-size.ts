import type { ApolloServerPlugin } from '@apollo/server';
import { badInput } from '../errors/domain-error';
import { refusedBeforeExecution } from '../errors/refusal';

/**
 * Bounds on a document before it is parsed: the portal's own documents are a few hundred characters
 * and tokens (GraphiQL's introspection query: 1 900 characters, 163 tokens). Whatever slips under
 * them is then measured by the query-limits rule in linear time.
 */
export const MAX_DOCUMENT_LENGTH = 20_000;
export const MAX_DOCUMENT_TOKENS = 2_000;

export const documentTooLarge = (detail: string) =>
  badInput('DOCUMENT_TOO_LARGE', `Requête GraphQL trop longue (${detail}) : découpez-la en plusieurs requêtes.`);

const formatted = (n: number) => n.toLocaleString('fr-FR').replace(/\s/g, ' ');

/** Refuses a document over MAX_DOCUMENT_LENGTH characters before Apollo parses it (GET or POST). */
export function documentSizePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      if (typeof request.query === 'string' && request.query.length > MAX_DOCUMENT_LENGTH) {
        throw refusedBeforeExecution(documentTooLarge(`${formatted(MAX_DOCUMENT_LENGTH)} caractères au plus`));
      }
    },
  };
}

/** graphql-js's refusal when `parseOptions.maxTokens` is passed, in French. */
export function describeTooManyTokens(message: string): string | null {
  return /Document contains more th[ae]n \d+ tokens/.test(message) ? documentTooLarge(`${formatted(MAX_DOCUMENT_TOKENS)} éléments au plus`).message : null;
}

import { Logger } from '@nestjs/common';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { DomainError } from './domain-error';

const logger = new Logger('GraphQLErrors');

const HTTP_EXCEPTION_CODES: Record<number, { code: string; reason: string; message: string }> = {
  400: { code: 'BAD_USER_INPUT', reason: 'VALIDATION_FAILED', message: 'Données invalides.' },
  401: { code: 'UNAUTHENTICATED', reason: 'UNAUTHENTICATED', message: 'Veuillez vous connecter.' },
  403: { code: 'FORBIDDEN', reason: 'FORBIDDEN', message: "Vous n'avez pas accès à cette opération." },
  404: { code: 'NOT_FOUND', reason: 'NOT_FOUND', message: 'Élément introuvable.' },
  429: { code: 'TOO_MANY_REQUESTS', reason: 'RATE_LIMITED', message: 'Trop de requêtes. Veuillez réessayer plus tard.' },
};

/** Apollo's own codes for documents that never reach a resolver. */
const APOLLO_CODES: Record<string, { code: string; reason: string; prefix: string }> = {
  GRAPHQL_PARSE_FAILED: { code: 'BAD_USER_INPUT', reason: 'GRAPHQL_PARSE_FAILED', prefix: 'Requête GraphQL illisible' },
  GRAPHQL_VALIDATION_FAILED: { code: 'BAD_USER_INPUT', reason: 'GRAPHQL_VALIDATION_FAILED', prefix: 'Requête GraphQL invalide' },
  BAD_USER_INPUT: { code: 'BAD_USER_INPUT', reason: 'INVALID_ARGUMENT', prefix: 'Argument invalide' },
  OPERATION_RESOLUTION_FAILURE: { code: 'BAD_USER_INPUT', reason: 'UNKNOWN_OPERATION', prefix: 'Opération inconnue' },
  // Refused by Apollo before parsing: batched HTTP requests, mutations over GET, CSRF preflight.
  BAD_REQUEST: { code: 'BAD_USER_INPUT', reason: 'BAD_REQUEST', prefix: 'Requête HTTP refusée' },
  PERSISTED_QUERY_NOT_SUPPORTED: { code: 'BAD_USER_INPUT', reason: 'PERSISTED_QUERY_NOT_SUPPORTED', prefix: 'Requêtes persistées non prises en charge' },
};

/**
 * The one place where errors become GraphQL errors: `extensions.code` from the contract's list,
 * `extensions.reason` a stable upper-case domain reason, a French `message`. Anything unexpected is
 * logged (without variables: they may hold passwords or health notes) and answered generically.
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

  if (original instanceof DomainError) {
    return {
      ...base,
      message: original.message,
      extensions: { code: original.code, reason: original.reason, ...original.details },
    };
  }
  const status = httpStatusOf(original);
  if (status !== null && HTTP_EXCEPTION_CODES[status]) {
    const mapped = HTTP_EXCEPTION_CODES[status];
    return { ...base, message: mapped.message, extensions: { code: mapped.code, reason: mapped.reason } };
  }
  const apolloCode = formatted.extensions?.code as string | undefined;
  if (apolloCode && APOLLO_CODES[apolloCode]) {
    const mapped = APOLLO_CODES[apolloCode];
    return {
      ...base,
      message: `${mapped.prefix} : ${formatted.message}`,
      extensions: { code: mapped.code, reason: mapped.reason },
    };
  }
  if (original instanceof GraphQLError && !original.originalError) {
    // Errors raised by graphql-js itself while executing (e.g. a variable of the wrong type).
    return { ...base, message: formatted.message, extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_ARGUMENT' } };
  }
  logger.error(`Unexpected error at ${formatted.path?.join('.') ?? '?'}: ${(original as Error)?.stack ?? String(original)}`);
  return {
    ...base,
    message: 'Une erreur interne est survenue. Veuillez réessayer plus tard.',
    extensions: { code: 'INTERNAL_SERVER_ERROR', reason: 'INTERNAL' },
  };
}

function httpStatusOf(err: unknown): number | null {
  const e = err as { getStatus?: () => number };
  return typeof e?.getStatus === 'function' ? e.getStatus() : null;
}

import { Logger } from '@nestjs/common';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { describeTooManyTokens } from '../graphql/document-size';
import { DomainError } from './domain-error';
import { frenchDocumentMessage, frenchRequestMessage } from './french-graphql-messages';

const logger = new Logger('GraphQLErrors');

const HTTP_EXCEPTION_CODES: Record<number, { code: string; reason: string; message: string }> = {
  400: { code: 'BAD_USER_INPUT', reason: 'VALIDATION_FAILED', message: 'Données invalides.' },
  401: { code: 'UNAUTHENTICATED', reason: 'UNAUTHENTICATED', message: 'Veuillez vous connecter.' },
  403: { code: 'FORBIDDEN', reason: 'FORBIDDEN', message: 'Vous n’avez pas accès à cette opération.' },
  404: { code: 'NOT_FOUND', reason: 'NOT_FOUND', message: 'Élément introuvable.' },
  429: { code: 'TOO_MANY_REQUESTS', reason: 'RATE_LIMITED', message: 'Trop de requêtes. Veuillez réessayer plus tard.' },
};

/** Apollo's own codes for documents that never reach a resolver. */
const APOLLO_CODES: Record<string, { code: string; reason: string; prefix: string; say?: (english: string) => string }> = {
  GRAPHQL_PARSE_FAILED: { code: 'BAD_USER_INPUT', reason: 'GRAPHQL_PARSE_FAILED', prefix: 'Requête GraphQL illisible', say: frenchDocumentMessage },
  GRAPHQL_VALIDATION_FAILED: { code: 'BAD_USER_INPUT', reason: 'GRAPHQL_VALIDATION_FAILED', prefix: 'Requête GraphQL invalide', say: frenchDocumentMessage },
  BAD_USER_INPUT: { code: 'BAD_USER_INPUT', reason: 'INVALID_ARGUMENT', prefix: 'Argument invalide', say: frenchDocumentMessage },
  OPERATION_RESOLUTION_FAILURE: { code: 'BAD_USER_INPUT', reason: 'UNKNOWN_OPERATION', prefix: 'Opération inconnue', say: frenchDocumentMessage },
  // Refused by Apollo before parsing: batched HTTP requests, mutations over GET, CSRF preflight.
  BAD_REQUEST: { code: 'BAD_USER_INPUT', reason: 'BAD_REQUEST', prefix: 'Requête HTTP refusée', say: frenchRequestMessage },
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
  const coercion = describeCoercion(formatted.message, error);
  if (coercion && (apolloCode === 'BAD_USER_INPUT' || apolloCode === 'GRAPHQL_VALIDATION_FAILED')) {
    return {
      ...base,
      message: coercion.message,
      extensions: { code: 'BAD_USER_INPUT', reason: coercion.reason, ...(coercion.field ? { field: coercion.field } : {}) },
    };
  }
  if (apolloCode === 'GRAPHQL_VALIDATION_FAILED' && /^Date invalide/.test(formatted.message)) {
    // A literal refused by our Date scalar: its message is already French.
    return { ...base, extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_DATE' } };
  }
  const tooManyTokens = apolloCode === 'GRAPHQL_PARSE_FAILED' ? describeTooManyTokens(formatted.message) : null;
  if (tooManyTokens) {
    return { ...base, message: tooManyTokens, extensions: { code: 'BAD_USER_INPUT', reason: 'DOCUMENT_TOO_LARGE' } };
  }
  if (apolloCode === 'GRAPHQL_VALIDATION_FAILED' && formatted.message === 'Validation aborted.') {
    // graphql-js's own effort limit while comparing fields (thousands of identical fields).
    return {
      ...base,
      message: 'Requête GraphQL trop complexe : elle a été refusée avant son exécution.',
      extensions: { code: 'BAD_USER_INPUT', reason: 'DOCUMENT_TOO_LARGE' },
    };
  }
  if (apolloCode && APOLLO_CODES[apolloCode]) {
    const mapped = APOLLO_CODES[apolloCode];
    // graphql-js's and Apollo's English is never passed on (SPEC §3: messages for people are French).
    return {
      ...base,
      message: mapped.say ? `${mapped.prefix} : ${mapped.say(formatted.message)}` : `${mapped.prefix}.`,
      extensions: { code: mapped.code, reason: mapped.reason },
    };
  }
  if (original instanceof GraphQLError && !original.originalError) {
    // Errors raised by graphql-js itself while executing (e.g. a variable of the wrong type).
    return { ...base, message: `Argument invalide : ${frenchDocumentMessage(formatted.message)}`, extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_ARGUMENT' } };
  }
  logger.error(`Unexpected error at ${formatted.path?.join('.') ?? '?'}: ${(original as Error)?.stack ?? String(original)}`);
  return {
    ...base,
    message: 'Une erreur interne est survenue. Veuillez réessayer plus tard.',
    extensions: { code: 'INTERNAL_SERVER_ERROR', reason: 'INTERNAL' },
  };
}

/**
 * A value graphql-js refused while coercing inputs (a variable, or a literal in the document): an
 * impossible date, an unknown enum value, a missing required field. Names the input field (the
 * path without the variable's name), keeps the scalar's own reason and says it in French.
 */
export function describeCoercion(message: string, error: unknown): { field: string | null; reason: string; message: string } | null {
  const variable = /^Variable "\$(\w+)" got invalid value .*?(?: at "([^"]+)")?; (.*)$/s.exec(message);
  const literal = /^Expected value of type "[^"]+", found (.*?); (.*)$/s.exec(message);
  if (!variable && !literal) {
    const missing = /^Variable "\$\w+" of required type "[^"]+" was not provided\.$/.exec(message);
    return missing ? { field: null, reason: 'INVALID_ARGUMENT', message: 'Une valeur obligatoire manque.' } : null;
  }
  const path = variable?.[2] ?? null;
  const field = path ? path.split('.').slice(1).join('.') || path : (variable?.[1] ?? null);
  const detail = variable ? variable[3] : literal![2];
  const inner = (error as GraphQLError)?.originalError as GraphQLError | undefined;
  const scalarReason = inner?.extensions?.reason as string | undefined;
  const where = field ? ` pour « ${field} »` : '';
  const enumValue = /Value "([^"]*)" does not exist in "(\w+)" enum/.exec(detail);
  if (enumValue) return { field, reason: 'INVALID_ENUM_VALUE', message: `« ${enumValue[1]} » n’est pas une valeur possible${where}.` };
  const missingField = /Field "(\w+)" of required type .* was not provided/.exec(detail);
  if (missingField) {
    const name = field && field !== variable?.[1] ? `${field}.${missingField[1]}` : missingField[1];
    return { field: name, reason: 'VALIDATION_FAILED', message: `« ${name} » est obligatoire.` };
  }
  if (/Expected non-nullable type/.test(detail)) {
    return { field, reason: 'VALIDATION_FAILED', message: `Valeur obligatoire manquante${where}.` };
  }
  // Our scalars already speak French (e.g. « Date invalide : … »); graphql-js's own messages do not.
  const french = /^(Date invalide|Valeur)/.test(detail) ? detail : `Valeur invalide${where}.`;
  return { field, reason: scalarReason ?? (/^Date invalide/.test(detail) ? 'INVALID_DATE' : 'INVALID_ARGUMENT'), message: french };
}

function httpStatusOf(err: unknown): number | null {
  const e = err as { getStatus?: () => number };
  return typeof e?.getStatus === 'function' ? e.getStatus() : null;
}

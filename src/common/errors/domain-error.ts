export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT' | 'TOO_MANY_REQUESTS' | 'INTERNAL_SERVER_ERROR';

/**
 * A refusal the user can understand: a code for machines (`extensions.code`), a stable upper-case
 * reason (`extensions.reason`), a French message for people, and optional details.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly reason: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badInput = (reason: string, message: string, details: Record<string, unknown> = {}) => new DomainError('BAD_USER_INPUT', reason, message, details);

export const invalidField = (field: string, message: string) => new DomainError('BAD_USER_INPUT', 'VALIDATION_FAILED', message, { field });

export const notFound = (what: string, message = `${what} introuvable.`) => new DomainError('NOT_FOUND', `${what.toUpperCase().replace(/[^A-Z]+/g, '_')}_NOT_FOUND`, message);

export const conflict = (reason: string, message: string, details: Record<string, unknown> = {}) => new DomainError('CONFLICT', reason, message, details);

export const unauthenticated = (reason = 'UNAUTHENTICATED', message = 'Veuillez vous connecter.') => new DomainError('UNAUTHENTICATED', reason, message);

export const forbidden = (reason = 'FORBIDDEN', message = 'Vous n’avez pas accès à cette opération.') => new DomainError('FORBIDDEN', reason, message);

export const tooManyRequests = (message = 'Trop de tentatives. Veuillez réessayer dans quelques minutes.') => new DomainError('TOO_MANY_REQUESTS', 'RATE_LIMITED', message);

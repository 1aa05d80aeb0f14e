import { GraphQLError } from 'graphql';
import { DomainError } from './domain-error';

/**
 * A domain refusal thrown from an Apollo plugin hook, before any resolver: Apollo answers it with
 * this HTTP status (500 otherwise) and formatGraphqlError gives it the DomainError's code, reason and
 * French message.
 */
export function refusedBeforeExecution(error: DomainError, status = 400): GraphQLError {
  return new GraphQLError(error.message, { originalError: error, extensions: { code: error.code, http: { status } } });
}

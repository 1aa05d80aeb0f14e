import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { DomainError } from './domain-error';

/**
 * A domain refusal thrown from Apollo's `didResolveOperation` hook, before any resolver: Apollo
 * answers it with this HTTP status (500 otherwise) and formatGraphqlError gives it the DomainError's
 * code, reason and French message.
 */
export function refusedBeforeExecution(error: DomainError, status = 400): GraphQLError {
  return new GraphQLError(error.message, { originalError: error, extensions: { code: error.code, http: { status } } });
}

/**
 * The body of a request refused before it reaches Apollo (Express middleware): the same shape and
 * fields as Apollo's answers, so that clients read one kind of error.
 */
export function graphqlShapedBody(error: DomainError): { errors: GraphQLFormattedError[] } {
  return { errors: [{ message: error.message, extensions: { code: error.code, reason: error.reason, ...error.details } }] };
}

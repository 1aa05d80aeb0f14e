import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { GqlArgumentsHost } from '@nestjs/graphql';
import type { Response } from 'express';
import { DomainError } from './domain-error';

const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
};

/**
 * For plain HTTP routes (PDF, bank notifications, health): domain errors become the matching status
 * with the same JSON shape as GraphQL extensions. In GraphQL the error is rethrown for formatError.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost) {
    if ((host.getType() as string) === 'graphql') {
      GqlArgumentsHost.create(host);
      throw exception;
    }
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof DomainError) {
      res.status(STATUS[exception.code] ?? 500).json({ code: exception.code, reason: exception.reason, message: exception.message });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // /health's report (terminus): each dependency's state, in its own words, is the answer.
      const body = exception.getResponse();
      if (status === 503 && typeof body === 'object' && body && 'details' in body) {
        res.status(status).json(body);
        return;
      }
      res.status(status).json({ code: status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', message: exception.message });
      return;
    }
    this.logger.error((exception as Error)?.stack ?? String(exception));
    res.status(500).json({ code: 'INTERNAL_SERVER_ERROR', message: 'Une erreur interne est survenue.' });
  }
}

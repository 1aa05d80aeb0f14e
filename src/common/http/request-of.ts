import { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';
import type { RequestContext } from '../context/request-context';

export type PortailRequest = Request & { ctx?: RequestContext };

/** The Express request behind an HTTP route or a GraphQL operation. */
export function requestOf(context: ExecutionContext): PortailRequest {
  if ((context.getType() as string) === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: PortailRequest }>().req;
  }
  return context.switchToHttp().getRequest<PortailRequest>();
}

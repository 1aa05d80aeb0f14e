import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Role } from './role';
import { requestOf } from '../http/request-of';
import { RequestContext } from '../context/request-context';

export const IS_PUBLIC = 'portail:isPublic';
export const ROLES = 'portail:roles';

/** Open to anonymous callers (login, activation, the commune's card…). Everything else needs a token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Restricts an operation to some roles. Without it any authenticated account may call it. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/** Injects the RequestContext built by the access guard. */
export const Ctx = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext => {
  return requestOf(context).ctx as RequestContext;
});

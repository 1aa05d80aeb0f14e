import type { NextFunction, Request, Response } from 'express';
import { badInput } from '../errors/domain-error';
import { graphqlShapedBody } from '../errors/refusal';

/** The media types of a body no simple form or `no-cors` request can send. */
const JSON_TYPES = new Set(['application/json', 'application/graphql-response+json']);

/** `application/json; charset=utf-8` → `application/json`; '' when there is no header. */
export const mediaTypeOf = (contentType: string | undefined) => (contentType ?? '').split(';')[0].trim().toLowerCase();

/**
 * Cross-site requests (SPEC §3): a page of another site can make a visitor's browser POST a form
 * (form-encoded, multipart, text/plain) or a type-less body to /graphql, which would send
 * password-reset mails or failed logins from the visitor's address. Such a POST is refused before
 * its body is read (HTTP 415, GraphQL-shaped, in French): nothing runs. GET queries stay (Apollo never
 * runs a mutation over GET).
 */
export function jsonOnlyGraphql(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== 'POST' || JSON_TYPES.has(mediaTypeOf(req.headers['content-type']))) return next();
  res.status(415).json(graphqlShapedBody(badInput('UNSUPPORTED_MEDIA_TYPE', 'Requête refusée : l’API GraphQL n’accepte en POST qu’un corps JSON (Content-Type: application/json).')));
}

import express, { NextFunction, Request, Response } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { badInput } from '../errors/domain-error';
import { graphqlShapedBody } from '../errors/refusal';

/** Express's own default, made explicit: far above any real operation (documents stop at 20 000 characters). */
export const BODY_LIMIT_BYTES = 100 * 1024;

interface BodyRefusal {
  status: number;
  reason: string;
  message: string;
}

/**
 * What to answer for an error of body-parser, or null for any other error. Both refusals use the
 * contract's BAD_USER_INPUT (clients already handle it) and tell them apart by `reason`:
 * PAYLOAD_TOO_LARGE (HTTP 413), MALFORMED_JSON (HTTP 400). The parser's own message (English,
 * quoting the body) is never passed on.
 */
export function bodyRefusalOf(err: unknown): BodyRefusal | null {
  const e = err as { type?: unknown; status?: unknown; code?: unknown; errno?: unknown };
  if (isCorruptCompression(e)) {
    return { status: 400, reason: 'MALFORMED_BODY', message: 'Requête illisible : le corps compressé (gzip, deflate ou br) est corrompu.' };
  }
  if (typeof e?.type !== 'string' || typeof e.status !== 'number') return null;
  if (e.type === 'entity.too.large' || e.type === 'parameters.too.many') {
    return { status: 413, reason: 'PAYLOAD_TOO_LARGE', message: `Requête trop volumineuse : ${BODY_LIMIT_BYTES / 1024} ko au plus.` };
  }
  if (e.type === 'entity.parse.failed') {
    return { status: 400, reason: 'MALFORMED_JSON', message: 'Requête illisible : le corps n’est pas un JSON valide.' };
  }
  if (e.status >= 400 && e.status < 500) {
    // Unsupported charset or encoding, aborted or truncated body…
    return { status: e.status, reason: 'BAD_REQUEST', message: 'Requête HTTP illisible.' };
  }
  return null;
}

/**
 * A gzip, deflate or br body that does not inflate: body-parser passes zlib's own error on (no
 * `type`, status 400, a `Z_…` or `ERR_…` code), which used to reach Nest as a 500.
 */
function isCorruptCompression(e: { type?: unknown; status?: unknown; code?: unknown; errno?: unknown } | undefined): boolean {
  return !!e && e.type === undefined && e.status === 400 && typeof e.errno === 'number' && typeof e.code === 'string' && /^(Z_|ERR_)/.test(e.code);
}

/**
 * Parses JSON and form bodies in place of Nest's default parsers (NestFactory.create with
 * `bodyParser: false`), so that their errors are answered here, in the shape of a GraphQL answer,
 * rather than reaching Nest's exception filter (500 for an oversized body, the parser's English for
 * malformed JSON). Installed before any route, so it also answers for the other routes.
 */
export function useBodyParsers(app: NestExpressApplication): void {
  app.use(express.json({ limit: BODY_LIMIT_BYTES }));
  app.use(express.urlencoded({ extended: true, limit: BODY_LIMIT_BYTES }));
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    const refusal = bodyRefusalOf(err);
    if (!refusal) return next(err);
    res.status(refusal.status).json(graphqlShapedBody(badInput(refusal.reason, refusal.message)));
  });
}

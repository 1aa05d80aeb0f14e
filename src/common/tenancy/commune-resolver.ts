import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { CommuneRef } from '../context/request-context';
import { DomainError, unauthenticated } from '../errors/domain-error';
import { communeHints } from './host-name';

/** Where communes are found: the communes module's directory (`CommuneDirectory`), bound in its module. */
export abstract class CommuneLookup {
  /** By the code a request names (an unknown code is the error), else by a declared host; null when neither. */
  abstract named(code: string | undefined, host?: string | null): Promise<CommuneRef | DomainError | null>;
  /** As `named`, else the only commune of the deployment; the error when there are several. */
  abstract resolve(code: string | undefined, host?: string | null): Promise<CommuneRef | DomainError>;
  abstract byId(id: string): Promise<CommuneRef | null>;
}

/**
 * Tenancy: which commune a request is for. A request names its commune by `X-Commune`, `?domaine=`
 * or the host it was sent to when a commune declares it (`communeHints`). A session belongs to one
 * commune: a request that names another is refused (WRONG_COMMUNE). With neither, the deployment's
 * only commune; else an error returned, not thrown (operations that need no commune still work).
 */
@Injectable()
export class CommuneResolver {
  constructor(private readonly communes: CommuneLookup) {}

  /** The commune a request names, null when it names none; an unknown code is the error. */
  named(req: Request): Promise<CommuneRef | DomainError | null> {
    const { code, host } = communeHints(req);
    return this.communes.named(code, host);
  }

  /** The commune a request acts for: the session's own (`sessionCommuneId`), else the one it names, else the only one. */
  async forRequest(req: Request, sessionCommuneId: string | null): Promise<CommuneRef | DomainError> {
    const named = await this.named(req);
    if (sessionCommuneId === null) return named ?? (await this.communes.resolve(undefined));
    const own = await this.communes.byId(sessionCommuneId);
    if (!own) throw unauthenticated();
    refuseOther(named, own.id);
    return own;
  }

  /** Throws WRONG_COMMUNE when the request names another commune than `communeId` (or an unknown one). */
  async refuseOtherCommune(req: Request, communeId: string): Promise<void> {
    refuseOther(await this.named(req), communeId);
  }
}

function refuseOther(named: CommuneRef | DomainError | null, communeId: string): void {
  if (named && (named instanceof DomainError || named.id !== communeId)) {
    throw unauthenticated('WRONG_COMMUNE', 'Votre session n’est pas valable pour cette commune.');
  }
}

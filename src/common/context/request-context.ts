import { DomainError, forbidden } from '../errors/domain-error';
import { Role } from '../auth/role';

export interface CommuneRef {
  id: string;
  code: string;
  name: string;
  timezone: string;
  publicUrl: string;
}

export interface Actor {
  accountId: string;
  role: Role;
  familyId: string | null;
  sessionId: string;
  /** Read with the session at each request: a change of address is seen at once. */
  emailVerified: boolean;
}

/**
 * Who acts, in which commune, from where. Built once per request by the access guard and passed
 * first to every service call; nothing reads "the current user" from a global.
 */
export class RequestContext {
  constructor(
    private readonly resolvedCommune: CommuneRef | DomainError,
    readonly actor: Actor | null,
    readonly ip: string,
    /** What triggered the work: `http`, or for system work the job or chore (`job:reservations.process`). */
    readonly origin: string = 'http',
  ) {}

  /** The request's commune; throws the resolution error (unknown code, none given) when there is none. */
  get commune(): CommuneRef {
    if (this.resolvedCommune instanceof DomainError) throw this.resolvedCommune;
    return this.resolvedCommune;
  }

  get communeId(): string {
    return this.commune.id;
  }

  get account(): Actor {
    if (!this.actor) throw new DomainError('UNAUTHENTICATED', 'UNAUTHENTICATED', 'Veuillez vous connecter.');
    return this.actor;
  }

  /** The acting family's id; staff have none. */
  get familyId(): string {
    const familyId = this.account.familyId;
    if (!familyId) throw forbidden('FAMILY_ONLY', 'Cette opération est réservée aux familles.');
    return familyId;
  }

  get isStaff(): boolean {
    return this.actor?.role === Role.STAFF || this.actor?.role === Role.ADMIN;
  }

  /**
   * For work no person triggered (jobs, scheduled runs, bank notifications, the CLI): it acts as
   * the system, with no account; in one commune when given (else `commune` throws).
   */
  static system(origin: string, commune?: CommuneRef): RequestContext {
    const none = new DomainError('FORBIDDEN', 'NO_COMMUNE', `Aucune commune pour ce travail système (${origin}).`);
    return new RequestContext(commune ?? none, null, 'system', origin);
  }
}

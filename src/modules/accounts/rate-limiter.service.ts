import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module';
import { AppConfig } from '../../config/app-config';
import { tooManyRequests } from '../../common/errors/domain-error';
import { UnitOfWork } from '../../database/unit-of-work';
import { AuthStore } from './auth.store';
import { hashToken } from './link-token';

/** At most `max` events on `key` in any `windowSeconds`. */
export interface Limit {
  key: string;
  max: number;
  windowSeconds: number;
}

/** Attempts counted in advance, given back if they succeed. */
export interface Reservation {
  eventIds: string[];
}

/**
 * SPEC §3 from RATE_LIMIT_MAX and RATE_LIMIT_WINDOW_SECONDS (10 in 15 minutes for one person from one
 * address): a client address alone gets ten times as much, because a school or a town hall puts many
 * families behind one address; an account gets ten times as much from all addresses together, over
 * four windows (100 an hour), so that nobody locks a family out from elsewhere before that.
 */
const SHARED_ADDRESS_FACTOR = 10;
const ACCOUNT_FACTOR = 10;
const ACCOUNT_WINDOWS = 4;

/**
 * Sliding-window limits in PostgreSQL, shared by every API process: each counted attempt is a
 * timestamped event, and a limit counts the events of its last window, so there is no fresh
 * allowance at a clock boundary. Only failures (and requests that send mail) are counted, so a
 * family that logs in normally never meets a limit.
 *
 * Kept rather than rate-limiter-flexible (issue 17): its stores, RateLimiterPostgres and
 * RateLimiterRedis alike, count in a fixed window that starts at the first point and resets at its
 * `expire` (a `key, points, expire` row; "enhanced fixed window" in its README), which gives the 2×
 * burst SPEC §3 forbids; and RateLimiterUnion consumes on every limiter even when one refuses, so a
 * blocked address would still spend the account's hourly allowance (reserve is all or nothing).
 */
@Injectable()
export class RateLimiter {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: AuthStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Failed logins: per account and address together, per address alone, per account from all
   * addresses. `who` names the account, or the identifier typed when no account has it, so that an
   * unknown identifier is limited exactly like a known one.
   */
  loginLimits(ip: string, who: { accountId: string } | { communeId: string; unknownIdentifier: string }): Limit[] {
    const { max, windowSeconds } = this.config.rateLimit;
    // Hashed: people sometimes type their password in the identifier field.
    const account = 'accountId' in who ? who.accountId : `unknown:${who.communeId}:${hashToken(who.unknownIdentifier)}`;
    const address = addressKey(ip);
    return [
      { key: `login:pair:${address}:${account}`, max, windowSeconds },
      { key: `login:address:${address}`, max: max * SHARED_ADDRESS_FACTOR, windowSeconds },
      { key: `login:account:${account}`, max: max * ACCOUNT_FACTOR, windowSeconds: windowSeconds * ACCOUNT_WINDOWS },
    ];
  }

  /** Wrong current passwords (password or e-mail change): only someone logged in types them, so per account is enough. */
  passwordCheckLimits(accountId: string): Limit[] {
    const { max, windowSeconds } = this.config.rateLimit;
    return [{ key: `password:account:${accountId}`, max, windowSeconds }];
  }

  /** Reset requests mail the address's owner: per client address and per address asked for (that is, per account). */
  resetRequestLimits(ip: string, communeId: string, email: string): Limit[] {
    const { max, windowSeconds } = this.config.rateLimit;
    return [
      { key: `reset:address:${addressKey(ip)}`, max: max * SHARED_ADDRESS_FACTOR, windowSeconds },
      { key: `reset:email:${communeId}:${hashToken(email)}`, max, windowSeconds },
    ];
  }

  /**
   * E-mail-change requests mail the address asked for, whether taken or free: per client address,
   * per account asking, and per address mailed (whoever asks, and in any commune).
   */
  emailChangeLimits(ip: string, accountId: string, email: string): Limit[] {
    const { max, windowSeconds } = this.config.rateLimit;
    return [
      { key: `email-change:address:${addressKey(ip)}`, max: max * SHARED_ADDRESS_FACTOR, windowSeconds },
      { key: `email-change:account:${accountId}`, max, windowSeconds },
      { key: `email-change:to:${hashToken(email)}`, max, windowSeconds },
    ];
  }

  /**
   * Counts an attempt on every limit before its password is checked, all or nothing: over any limit,
   * nothing is counted and TOO_MANY_REQUESTS is thrown (concurrent attempts are settled by the
   * store's locks: AuthStore.recordAttempts). A successful attempt is given back with `release`, a
   * failed one stays counted; requests limited whether or not they succeed never release theirs.
   * Called outside any transaction: it is one of its own.
   */
  async reserve(limits: Limit[]): Promise<Reservation> {
    const byKey = new Map(limits.map((l) => [l.key, l]));
    return this.uow.run(async (tx) => {
      const eventIds = await this.store.recordAttempts(tx, [...byKey.values()]);
      if (!eventIds.length) throw tooManyRequests();
      return { eventIds };
    });
  }

  /** Gives a reserved attempt back: it succeeded. */
  async release(reservation: Reservation): Promise<void> {
    await this.uow.autocommit((tx) => this.store.deleteAttempts(tx, reservation.eventIds));
  }

  /** Events older than the longest window count for nothing. */
  async purgeExpired(): Promise<void> {
    await this.uow.autocommit((tx) => this.store.deleteAttemptsOlderThan(tx, this.config.rateLimit.windowSeconds * ACCOUNT_WINDOWS));
  }
}

/**
 * The client's address as a limit key. An IPv6 host is given a whole /64 and can rotate inside it:
 * its addresses count as one (IPv4 and IPv4-mapped addresses are kept whole). Keys stay short
 * whatever a forged header says.
 */
export function addressKey(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (v4) return v4[1];
  if (!ip.includes(':')) return ip.slice(0, 64);
  const [head, tail = ''] = ip.toLowerCase().split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`.slice(0, 64);
}

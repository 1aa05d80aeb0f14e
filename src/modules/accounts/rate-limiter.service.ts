import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../config/config.module';
import { AppConfig } from '../../config/app-config';
import { tooManyRequests } from '../../common/errors/domain-error';

/** One attempt counted in advance on some keys, given back if the attempt succeeds. */
export interface Reservation {
  keys: string[];
  windowStart: Date;
}

/**
 * Fixed-window counters in PostgreSQL, shared by every API process. Only failures (and reset
 * requests) are counted, so a family that logs in normally never meets the limit.
 */
@Injectable()
export class RateLimiter {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private windowStart(): Date {
    const w = this.config.rateLimit.windowSeconds * 1000;
    return new Date(Math.floor(Date.now() / w) * w);
  }

  /**
   * Counts an attempt before its password is checked, atomically, so that attempts arriving together
   * cannot all pass a check-then-count (at most `max` per key and window, however concurrent).
   * Over the limit the attempt is given back and TOO_MANY_REQUESTS thrown; a successful attempt is
   * given back with `release`, a failed one stays counted. Requests limited whether or not they
   * succeed (password-reset requests) simply never release theirs.
   */
  async reserve(keys: string[]): Promise<Reservation> {
    const reservation = { keys: [...new Set(keys)].sort(), windowStart: this.windowStart() };
    // Rows locked in key order: concurrent reservations on overlapping keys cannot deadlock.
    const rows = (await this.dataSource.query(
      `INSERT INTO rate_limit_counter (key, window_start, count)
       SELECT k, $2, 1 FROM unnest($1::varchar[]) AS k ORDER BY k
       ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counter.count + 1
       RETURNING count`,
      [reservation.keys, reservation.windowStart],
    )) as Array<{ count: number }>;
    if (rows.some((r) => r.count > this.config.rateLimit.max)) {
      await this.release(reservation);
      throw tooManyRequests();
    }
    return reservation;
  }

  /** Gives a reserved attempt back (one key at a time: no two row locks held together). */
  async release(reservation: Reservation): Promise<void> {
    for (const key of reservation.keys) {
      await this.dataSource.query(
        `UPDATE rate_limit_counter SET count = count - 1 WHERE key = $1 AND window_start = $2 AND count > 0`,
        [key, reservation.windowStart],
      );
    }
  }

  async purgeExpired(): Promise<void> {
    await this.dataSource.query(`DELETE FROM rate_limit_counter WHERE window_start < $1`, [this.windowStart()]);
  }
}

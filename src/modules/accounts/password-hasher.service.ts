import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import bcrypt from 'bcrypt';
import { APP_CONFIG } from '../../config/config.module';
import { AppConfig } from '../../config/app-config';
import { badInput } from '../../common/errors/domain-error';
import { passwordProblem } from './password-policy';

/**
 * bcrypt with the configured cost. An unknown identifier is checked against a dummy hash of that
 * cost, and known accounts' hashes are brought to it at their next login (`needsRehash`), so that
 * neither answers in a time of its own.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummy: Promise<string> | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onModuleInit() {
    // Made at start: the first unknown identifier would otherwise pay for it twice. One check
    // against it gives the typical duration that older-cost hashes are padded to.
    void this.dummyHash().then(async (dummy) => {
      const started = performance.now();
      await bcrypt.compare('portail-famille-calibration', dummy);
      this.learn(performance.now() - started);
    });
  }

  /** Validates the policy, then hashes. */
  async hashNew(password: string, field = 'password'): Promise<string> {
    const problem = passwordProblem(password);
    if (problem) throw badInput('WEAK_PASSWORD', problem, { field });
    return this.hash(password);
  }

  /** Hashes a password already accepted (a rehash at login: the policy may have changed since). */
  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.config.bcryptCost);
  }

  /** Whether a stored hash was made at another cost than the configured one (or is not bcrypt). */
  needsRehash(hash: string): boolean {
    try {
      return bcrypt.getRounds(hash) !== this.config.bcryptCost;
    } catch {
      return true;
    }
  }

  /** What an unknown identifier's password is checked against. */
  dummyHash(): Promise<string> {
    this.dummy ??= bcrypt.hash('portail-famille-dummy-password', this.config.bcryptCost);
    return this.dummy;
  }

  async verify(password: string, hash: string | null | undefined): Promise<boolean> {
    const started = performance.now();
    if (!hash) {
      await bcrypt.compare(password, await this.dummyHash());
      this.learn(performance.now() - started);
      return false;
    }
    const ok = await bcrypt.compare(password, hash);
    const elapsed = performance.now() - started;
    if (!this.needsRehash(hash)) this.learn(elapsed);
    else if (!ok) {
      // A hash of an older, cheaper cost (an account that has not logged in since the cost was
      // raised) would answer a wrong password sooner than an unknown identifier does: pad it.
      const wait = this.paddingFor(hash, elapsed);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    return ok;
  }

  /** How long to wait after checking `hash` so that the check lasts what one at the configured cost does. */
  paddingFor(hash: string, elapsedMs: number): number {
    let rounds: number;
    try {
      rounds = bcrypt.getRounds(hash);
    } catch {
      rounds = 0;
    }
    if (rounds >= this.config.bcryptCost || this.typicalMs === null) return 0;
    return Math.max(0, Math.round(this.typicalMs - elapsedMs));
  }

  /** The typical duration of a check at the configured cost, learnt from the checks themselves. */
  private typicalMs: number | null = null;
  private learn(ms: number): void {
    this.typicalMs = this.typicalMs === null ? ms : this.typicalMs * 0.8 + ms * 0.2;
  }
}

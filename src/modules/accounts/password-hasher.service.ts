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
    // Made at start: the first unknown identifier would otherwise pay for it twice.
    void this.dummyHash();
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
    if (!hash) {
      await bcrypt.compare(password, await this.dummyHash());
      return false;
    }
    return bcrypt.compare(password, hash);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import bcrypt from 'bcrypt';
import { APP_CONFIG } from '../../config/config.module';
import { AppConfig } from '../../config/app-config';
import { badInput } from '../../common/errors/domain-error';
import { passwordProblem } from './password-policy';

/** bcrypt with the configured cost. A dummy hash keeps unknown logins as slow as known ones. */
@Injectable()
export class PasswordHasher {
  private dummy: Promise<string> | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Validates the policy, then hashes. */
  async hashNew(password: string, field = 'password'): Promise<string> {
    const problem = passwordProblem(password);
    if (problem) throw badInput('WEAK_PASSWORD', problem, { field });
    return bcrypt.hash(password, this.config.bcryptCost);
  }

  async verify(password: string, hash: string | null | undefined): Promise<boolean> {
    if (!hash) {
      this.dummy ??= bcrypt.hash('portail-famille-dummy-password', this.config.bcryptCost);
      await bcrypt.compare(password, await this.dummy);
      return false;
    }
    return bcrypt.compare(password, hash);
  }
}

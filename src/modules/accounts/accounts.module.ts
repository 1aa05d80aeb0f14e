import { Module, OnModuleInit } from '@nestjs/common';
import { PeriodicTasks } from '../../queue/periodic-tasks.service';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { APP_CONFIG } from '../../config/config.module';
import { AppConfig } from '../../config/app-config';
import { NotificationsModule } from '../notifications/notifications.module';
import { AccountMails } from './account-mails.service';
import { AccountTokensService } from './account-tokens.service';
import { AccountsResolver } from './accounts.resolver';
import { AccountsService } from './accounts.service';
import { AccountsStore } from './accounts.store';
import { AccessGuard } from './auth/access.guard';
import { JWT_ALGORITHM, JwtStrategy } from './auth/jwt.strategy';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { AuthStore } from './auth.store';
import { SessionController } from './auth/session.controller';
import { PasswordResetRequestJob } from './jobs/password-reset-request.job';
import { PasswordHasher } from './password-hasher.service';
import { RateLimiter } from './rate-limiter.service';
import { SessionsService } from './sessions.service';
import { StaffAccountsService } from './staff-accounts.service';

@Module({
  imports: [
    NotificationsModule,
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.jwtSecret,
        signOptions: { algorithm: JWT_ALGORITHM },
        verifyOptions: { algorithms: [JWT_ALGORITHM] },
      }),
    }),
  ],
  controllers: [SessionController],
  providers: [
    AccountsStore,
    AuthStore,
    AccountsService,
    StaffAccountsService,
    AuthService,
    SessionsService,
    AccountTokensService,
    AccountMails,
    PasswordHasher,
    RateLimiter,
    JwtStrategy,
    PasswordResetRequestJob,
    AccountsResolver,
    AuthResolver,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AccountsService, AccountsStore, PasswordHasher],
})
export class AccountsModule implements OnModuleInit {
  constructor(
    private readonly rateLimiter: RateLimiter,
    private readonly periodic: PeriodicTasks,
  ) {}

  onModuleInit() {
    this.periodic.every('rate-limit-purge', 15 * 60_000, () => this.rateLimiter.purgeExpired());
  }
}

import { Inject, Module, OnApplicationShutdown, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module';
import { AppConfig } from '../../config/app-config';
import { SendMailJob } from './jobs/send-mail.job';
import { MailService } from './mail.service';
import { FileMailTransport } from './transports/file.transport';
import { MAIL_TRANSPORT, MailTransport } from './transports/mail-transport';
import { SmtpMailTransport } from './transports/smtp.transport';

@Module({
  providers: [
    MailService,
    SendMailJob,
    {
      provide: MAIL_TRANSPORT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): MailTransport =>
        config.smtpUrl ? new SmtpMailTransport(config.smtpUrl) : new FileMailTransport(config.mailDir),
    },
  ],
  exports: [MailService],
})
export class NotificationsModule implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly sendMail: SendMailJob,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
  ) {}

  onModuleInit() {
    if (this.config.role === 'api') return;
    this.sweeper = setInterval(() => void this.sendMail.sweep().catch(() => undefined), 60_000);
    this.sweeper.unref();
  }

  onModuleDestroy() {
    if (this.sweeper) clearInterval(this.sweeper);
  }

  /** After the queues have stopped (they close at application shutdown): no mail is cut mid-send. */
  onApplicationShutdown() {
    this.transport.close();
  }
}

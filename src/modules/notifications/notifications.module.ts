import { Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { PeriodicTasks } from '../../queue/periodic-tasks.service';
import { APP_CONFIG } from '../../config/config.module';
import { AppConfig } from '../../config/app-config';
import { SendMailJob } from './jobs/send-mail.job';
import { MailService } from './mail.service';
import { NotificationsStore } from './notifications.store';
import { FileMailTransport } from './transports/file.transport';
import { MAIL_TRANSPORT, MailTransport } from './transports/mail-transport';
import { SmtpMailTransport } from './transports/smtp.transport';

@Module({
  providers: [
    NotificationsStore,
    MailService,
    SendMailJob,
    {
      provide: MAIL_TRANSPORT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): MailTransport => (config.smtpUrl ? new SmtpMailTransport(config.smtpUrl) : new FileMailTransport(config.mailDir)),
    },
  ],
  exports: [MailService],
})
export class NotificationsModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly sendMail: SendMailJob,
    private readonly periodic: PeriodicTasks,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
  ) {}

  onModuleInit() {
    // Mails whose job was lost (crash between commit and enqueue, restart of in-process queues).
    this.periodic.every('mail-sweeper', 60_000, () => this.sendMail.sweep(), { atStart: true });
  }

  /** After the queues have stopped (they close at application shutdown): no mail is cut mid-send. */
  onApplicationShutdown() {
    this.transport.close();
  }
}

import nodemailer, { Transporter } from 'nodemailer';
import { MailTransport, OutgoingMail } from './mail-transport';

export class SmtpMailTransport implements MailTransport {
  private readonly transporter: Transporter;
  constructor(smtpUrl: string) {
    // Pooled: one connection reused for many mails instead of a TCP + SMTP handshake each.
    const url = new URL(smtpUrl);
    if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
    this.transporter = nodemailer.createTransport(url.toString());
  }
  async send(mail: OutgoingMail): Promise<void> {
    await this.transporter.sendMail({ ...mail, messageId: mail.messageId });
  }
  close(): void {
    this.transporter.close();
  }
}

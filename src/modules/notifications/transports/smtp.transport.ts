import nodemailer, { Transporter } from 'nodemailer';
import { MailTransport, OutgoingMail } from './mail-transport';

export class SmtpMailTransport implements MailTransport {
  private readonly transporter: Transporter;
  constructor(smtpUrl: string) {
    this.transporter = nodemailer.createTransport(smtpUrl);
  }
  async send(mail: OutgoingMail): Promise<void> {
    await this.transporter.sendMail({ ...mail, messageId: mail.messageId });
  }
}

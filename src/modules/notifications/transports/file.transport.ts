import { Logger } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { MailTransport, OutgoingMail } from './mail-transport';

/**
 * Embedded defaults: each mail becomes an .eml file, and its links are printed so that a newcomer can
 * follow the activation and reset flows without a mail server. Never used when SMTP_URL is set.
 */
export class FileMailTransport implements MailTransport {
  private readonly logger = new Logger('Mail');
  private readonly transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(private readonly dir: string) {}

  close(): void {}

  async send(mail: OutgoingMail): Promise<void> {
    const info = await this.transporter.sendMail(mail);
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.messageId.replace(/[^a-z0-9-]/gi, '')}.eml`);
    await writeFile(file, info.message as Buffer);
    const links = [...new Set(mail.text.match(/https?:\/\/\S+/g) ?? [])];
    this.logger.log(`Mail « ${mail.subject} » pour ${mail.to} écrit dans ${file}${links.map((l) => `\n    lien : ${l}`).join('')}`);
  }
}

import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

/** A local SMTP server that keeps every mail the portal sends, for tests to read. */
export class Mailbox {
  readonly mails: CapturedMail[] = [];
  private server!: SMTPServer;
  port = 0;

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            for (const rcpt of session.envelope.rcptTo) {
              this.mails.push({
                to: rcpt.address.toLowerCase(),
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                html: typeof parsed.html === 'string' ? parsed.html : '',
                messageId: parsed.messageId ?? '',
              });
            }
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  to(address: string): CapturedMail[] {
    return this.mails.filter((m) => m.to === address.toLowerCase());
  }

  /** Waits for the n-th mail to an address (1-based) and returns it. */
  async waitFor(address: string, n = 1, timeoutMs = 30_000): Promise<CapturedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.to(address);
      if (found.length >= n) return found[n - 1];
      if (Date.now() > deadline) throw new Error(`no mail #${n} to ${address} within ${timeoutMs} ms (got ${found.length})`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** The token of the first portal link in a mail (`…?token=…`). */
  static token(mail: CapturedMail): string {
    const m = mail.text.match(/[?&]token=([A-Za-z0-9_%-]+)/);
    if (!m) throw new Error(`no token link in mail "${mail.subject}"`);
    return decodeURIComponent(m[1]);
  }

  /**
   * The portal pages a mail links to, as `origin + path` (whatever query a link carries), each the
   * same in the text part and as an `href` in the HTML part.
   */
  static pages(mail: CapturedMail): string[] {
    const page = (u: string) => {
      const url = new URL(u.replace(/&amp;/g, '&'));
      return `${url.origin}${url.pathname}`;
    };
    const inText = [...mail.text.matchAll(/https?:\/\/[^\s)>\]"]+/g)].map((m) => page(m[0]));
    const inHtml = [...mail.html.matchAll(/href="(https?:[^"]+)"/g)].map((m) => page(m[1]));
    if ([...new Set(inText)].sort().join() !== [...new Set(inHtml)].sort().join()) {
      throw new Error(`mail "${mail.subject}": the text links ${inText.join(', ')} are not the HTML ones ${inHtml.join(', ')}`);
    }
    return [...new Set(inText)];
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

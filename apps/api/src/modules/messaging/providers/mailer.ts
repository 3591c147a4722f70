import nodemailer, { type Transporter } from 'nodemailer';

/** Email over SMTP with nodemailer (the sandbox's SMTP sink locally, any relay in production). */
export class Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    timeoutMs: number,
  ) {
    const url = new URL(smtpUrl);
    this.transport = nodemailer.createTransport({
      host: url.hostname,
      port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 587)),
      secure: url.protocol === 'smtps:',
      auth: url.username
        ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
        : undefined,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
  }

  /** Returns the Message-ID the relay accepted. */
  async send(to: string, subject: string, text: string): Promise<string> {
    const info = await this.transport.sendMail({ from: this.from, to, subject, text });
    return info.messageId;
  }

  close(): void {
    this.transport.close();
  }
}

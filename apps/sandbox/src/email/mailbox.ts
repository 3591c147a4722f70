import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface StoredEmail {
  id: string;
  messageId: string | null;
  /** The From header as text, e.g. `"Sokoni" <no-reply@sokoni.test>`. */
  from: string | null;
  fromAddress: string | null;
  to: string[];
  cc: string[];
  subject: string | null;
  text: string | null;
  html: string | null;
  date: string | null;
  envelope: { mailFrom: string | null; rcptTo: string[] };
  receivedAt: string;
}

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return list.flatMap((group) =>
    group.value.map((a) => a.address?.toLowerCase()).filter((a): a is string => Boolean(a)),
  );
}

/**
 * A mail sink: a real SMTP server (no TLS, AUTH optional and any credentials accepted) that parses
 * each message and keeps it for GET /__admin/email/messages. Nothing is relayed anywhere.
 */
export class Mailbox {
  private readonly messages: StoredEmail[] = [];
  private server: SMTPServer | null = null;
  private address: AddressInfo | null = null;

  constructor(private readonly onError: (error: Error) => void) {}

  async listen(port: number, host: string): Promise<AddressInfo> {
    const server = new SMTPServer({
      banner: 'Sokoni sandbox mail sink',
      logger: false,
      secure: false,
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      allowInsecureAuth: true,
      size: MAX_MESSAGE_BYTES,
      closeTimeout: 1_000,
      onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'sandbox' }),
      onData: (stream, session, callback) => {
        simpleParser(stream).then(
          (parsed) => {
            if (stream.sizeExceeded)
              return callback(Object.assign(new Error('Message exceeds the 10 MB limit'), { responseCode: 552 }));
            const from = parsed.from;
            this.messages.push({
              id: randomUUID(),
              messageId: parsed.messageId ?? null,
              from: from?.text ?? null,
              fromAddress: from?.value[0]?.address?.toLowerCase() ?? null,
              to: addresses(parsed.to),
              cc: addresses(parsed.cc),
              subject: parsed.subject ?? null,
              text: parsed.text ?? null,
              html: typeof parsed.html === 'string' ? parsed.html : null,
              date: parsed.date?.toISOString() ?? null,
              envelope: {
                mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address.toLowerCase() : null,
                rcptTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              },
              receivedAt: new Date().toISOString(),
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve, reject) => {
      const failed = (error: Error) => reject(error);
      server.once('error', failed);
      server.listen(port, host, () => {
        server.off('error', failed);
        resolve();
      });
    });
    server.on('error', (error) => this.onError(error));
    this.server = server;
    this.address = server.server.address() as AddressInfo;
    return this.address;
  }

  status(): { listening: boolean; host: string | null; port: number | null } {
    return { listening: this.server !== null, host: this.address?.address ?? null, port: this.address?.port ?? null };
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.address = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  list(to?: string): StoredEmail[] {
    if (!to) return [...this.messages];
    const wanted = to.trim().toLowerCase();
    return this.messages.filter(
      (m) => m.to.includes(wanted) || m.cc.includes(wanted) || m.envelope.rcptTo.includes(wanted),
    );
  }

  clear(): void {
    this.messages.length = 0;
  }
}

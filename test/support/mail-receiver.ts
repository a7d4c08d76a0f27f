import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface ReceivedMail {
  envelopeTo: string[];
  parsed: ParsedMail;
  /** The X-SRDI-Delivery header: the outbox message id, the same on every attempt. */
  deliveryId: string | undefined;
}

/** A real SMTP server on localhost that keeps every message it accepts; `rejectNext` makes the next N messages fail with a temporary error. */
export class MailReceiver {
  readonly received: ReceivedMail[] = [];
  rejectNext = 0;
  private readonly server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (this.rejectNext > 0) {
          this.rejectNext -= 1;
          callback(Object.assign(new Error('mailbox busy, try again later'), { responseCode: 451 }));
          return;
        }
        simpleParser(Buffer.concat(chunks)).then(
          (parsed) => {
            const header = parsed.headers.get('x-srdi-delivery');
            this.received.push({
              envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              parsed,
              deliveryId: typeof header === 'string' ? header : undefined,
            });
            callback(null);
          },
          (error: Error) => callback(error),
        );
      });
    },
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

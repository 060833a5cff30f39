import { createServer, IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message the sink accepted, parsed. */
export interface ReceivedMail {
  readonly id: number;
  readonly messageId: string | null;
  readonly from: string;
  /** Envelope recipients (RCPT TO). */
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly receivedAt: string;
}

/**
 * A real SMTP server that keeps what it receives (Mailpit's job, without Docker): for `npm start`
 * (port 1025, messages readable at GET http://127.0.0.1:1080/messages) and for tests, which stop
 * and start it to play an SMTP outage.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  private smtp?: SMTPServer;
  private http?: HttpServer;

  constructor(
    readonly smtpPort = 1025,
    readonly httpPort?: number,
  ) {}

  async start(): Promise<void> {
    this.smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.received.push({
              id: this.received.length + 1,
              messageId: mail.messageId ?? null,
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : null,
              headers: Object.fromEntries([...mail.headers].map(([key, value]) => [key, String(value)])),
              receivedAt: new Date().toISOString(),
            });
            callback();
          })
          .catch(callback);
      },
    });
    const smtp = this.smtp;
    await new Promise<void>((resolve, reject) => {
      smtp.once('error', reject);
      smtp.listen(this.smtpPort, '127.0.0.1', () => resolve());
    });
    if (this.httpPort !== undefined) await this.startHttp(this.httpPort);
  }

  /** Closes the SMTP port (connections are refused until start again); keeps what was received. */
  async stop(): Promise<void> {
    const smtp = this.smtp;
    const http = this.http;
    this.smtp = undefined;
    this.http = undefined;
    if (smtp) await new Promise<void>((resolve) => smtp.close(() => resolve()));
    if (http) await new Promise<void>((resolve) => http.close(() => resolve()));
  }

  /** Messages whose envelope names this recipient. */
  to(recipient: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to.includes(recipient));
  }

  private async startHttp(port: number): Promise<void> {
    this.http = createServer((request: IncomingMessage, response: ServerResponse) => {
      if (request.url?.startsWith('/messages') && request.method === 'DELETE') {
        this.received.length = 0;
        response.writeHead(204).end();
      } else if (request.url?.startsWith('/messages')) {
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ items: this.received }));
      } else {
        response.writeHead(404).end();
      }
    });
    const http = this.http;
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, '127.0.0.1', () => resolve());
    });
  }
}

import { simpleParser } from 'mailparser';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** How the receiver answers a mail: take it, a temporary refusal (451) or a permanent one (550). */
export type SmtpAnswer = 'accept' | 451 | 550;

export interface ReceivedMail {
  /** The envelope's recipients (RCPT TO). */
  to: string[];
  from: string;
  messageId: string;
  subject: string;
  text: string;
  /** The HTML part ('' when none). */
  html: string;
  /** The top-level Content-Type, e.g. `multipart/alternative` or `text/plain`. */
  contentType: string;
  headers: Map<string, unknown>;
}

/**
 * A real SMTP server on loopback (port 0: a free one), plain SMTP without TLS or authentication, whose answer to
 * each mail the test decides from its first recipient and how many mails that recipient was sent so far (1-based,
 * refused ones included). Accepted mails are parsed and kept; every try is counted.
 */
export async function startSmtpReceiver(answer: (to: string, n: number) => SmtpAnswer = () => 'accept') {
  const received: ReceivedMail[] = [];
  const tries = new Map<string, number>();
  let behaviour = answer;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        const n = (tries.get(to[0]) ?? 0) + 1;
        tries.set(to[0], n);
        const decision = behaviour(to[0], n);
        if (decision !== 'accept') {
          const refusal = decision === 451 ? 'Temporary local problem, try again later' : 'Mailbox unavailable';
          return callback(Object.assign(new Error(refusal), { responseCode: decision }));
        }
        simpleParser(Buffer.concat(chunks))
          .then((mail) => {
            received.push({
              to, from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              messageId: mail.messageId ?? '', subject: mail.subject ?? '', text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              contentType: (mail.headers.get('content-type') as { value?: string } | undefined)?.value ?? '', headers: mail.headers,
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** How many mails were offered to `to`, accepted or not. */
    triesOf: (to: string) => tries.get(to.toLowerCase()) ?? 0,
    /** The accepted mails to `to`. */
    to: (address: string) => received.filter((m) => m.to.includes(address.toLowerCase())),
    answerWith: (next: (to: string, n: number) => SmtpAnswer) => (behaviour = next),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

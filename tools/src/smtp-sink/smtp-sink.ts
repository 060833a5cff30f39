// `npm start`'s SMTP server: takes every email the services send and shows them at
// GET http://127.0.0.1:${SMTP_SINK_HTTP_PORT:-1080}/messages. Not for production: point SMTP_HOST
// and SMTP_PORT at a real mail server there.
import { SmtpSink } from '@inventory/testing';

const sink = new SmtpSink(
  Number(process.env.SMTP_PORT ?? 1025),
  Number(process.env.SMTP_SINK_HTTP_PORT ?? 1080),
);

sink
  .start()
  .then(() =>
    console.log(
      `[smtp-sink] SMTP on 127.0.0.1:${sink.smtpPort}; received mail at http://127.0.0.1:${sink.httpPort}/messages`,
    ),
  )
  .catch((error: Error) => {
    console.error(`[smtp-sink] cannot start: ${error.message}`);
    process.exit(1);
  });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void sink.stop().then(() => process.exit(0)));
}

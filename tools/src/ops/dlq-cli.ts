/**
 * `npm run dlq -- <command>`: look into a dead-letter topic and send a message back to its topic.
 * Connection from the environment like the services (KAFKA_BROKERS, KAFKA_SSL, KAFKA_SASL_*).
 *
 *   npm run dlq -- list orders.v1                 the dead letters of orders.v1 (orders.v1.dlq)
 *   npm run dlq -- redrive orders.v1 --offset 12 --partition 3
 *
 * A re-driven message goes back to its original topic with its original key, value and headers,
 * so every consumer group sees it again: groups that applied it skip it (their inbox knows its
 * event id); the group that dead-lettered it tries it again.
 */
import { deadLetterTopicOf } from '@inventory/contracts';
import { DLQ_HEADER, kafkaConnectionFromEnv } from '@inventory/messaging';
import { Command, InvalidArgumentError } from 'commander';
import { Kafka } from 'kafkajs';
import { readTopic } from '../kafka/read-topic';

const connect = () => new Kafka(kafkaConnectionFromEnv('dlq-cli'));
const integer = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('must be a whole number ≥ 0');
  return parsed;
};

const program = new Command('dlq').description('Dead-letter topics: list, re-drive');

program
  .command('list')
  .argument('<topic>', 'the original topic, e.g. orders.v1')
  .option('--limit <n>', 'the last n letters', integer, 50)
  .description('print the dead letters: where they failed, which group, why')
  .action(async (topic: string, options: { limit: number }) => {
    const letters = await readTopic(connect(), deadLetterTopicOf(topic));
    console.log(`${letters.length} dead letter(s) on ${deadLetterTopicOf(topic)}`);
    for (const { partition, message, headers } of letters.slice(-options.limit)) {
      console.log(
        [
          `partition ${partition} offset ${message.offset}`,
          `  key ${message.key?.toString() ?? '-'}  type ${headers['event-type'] ?? '-'}  event ${headers['event-id'] ?? '-'}`,
          `  group ${headers[DLQ_HEADER.consumerGroup]}  reason ${headers[DLQ_HEADER.reason]}  attempts ${headers[DLQ_HEADER.attempts]}  at ${headers[DLQ_HEADER.failedAt]}`,
          `  from ${headers[DLQ_HEADER.originalTopic]}[${headers[DLQ_HEADER.originalPartition]}]@${headers[DLQ_HEADER.originalOffset]}`,
          `  error ${headers[DLQ_HEADER.error]}`,
        ].join('\n'),
      );
    }
  });

program
  .command('redrive')
  .argument('<topic>', 'the original topic, e.g. orders.v1')
  .requiredOption('--partition <n>', 'the letter’s partition on the DLQ topic', integer)
  .requiredOption('--offset <n>', 'the letter’s offset on the DLQ topic', integer)
  .description('publish one dead letter again to its original topic')
  .action(async (topic: string, options: { partition: number; offset: number }) => {
    const client = connect();
    const letter = (await readTopic(client, deadLetterTopicOf(topic))).find(
      (l) => l.partition === options.partition && Number(l.message.offset) === options.offset,
    );
    if (!letter)
      throw new InvalidArgumentError(`no letter at partition ${options.partition} offset ${options.offset}`);
    const original = Object.fromEntries(
      Object.entries(letter.headers).filter(
        ([key]) => !(Object.values(DLQ_HEADER) as string[]).includes(key),
      ),
    );
    const producer = client.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [{ key: letter.message.key, value: letter.message.value, headers: original }],
    });
    await producer.disconnect();
    console.log(
      `re-driven to ${topic}: key ${letter.message.key?.toString() ?? '-'}, event ${original['event-id'] ?? '-'}`,
    );
  });

program.parseAsync().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});

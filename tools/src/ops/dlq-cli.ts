/**
 * `npm run dlq -- <command>`: look into a dead-letter topic and send a message back to its topic.
 * Connection from the environment like the services (KAFKA_BROKERS, KAFKA_SSL, KAFKA_SASL_*).
 *
 *   npm run dlq -- list orders.v1                 the dead letters of orders.v1 (orders.v1.dlq)
 *   npm run dlq -- redrive orders.v1 --offset 12 --partition 3
 *
 * A re-driven message goes back to its original topic with its original key, value and headers
 * (see redriveMessage). The services answer the same over HTTP: GET /dead-letters, POST
 * /dead-letters/redrive (the console's DLQ page).
 */
import { deadLetterTopicOf } from '@inventory/contracts';
import {
  KafkaPublisher,
  kafkaConnectionFromEnv,
  readTopic,
  topicNamespaceFromEnv,
  redriveMessage,
  toDeadLetterView,
} from '@inventory/messaging';
import { Command, InvalidArgumentError } from 'commander';
import { Kafka } from 'kafkajs';

const connect = () => new Kafka(kafkaConnectionFromEnv('dlq-cli'));
/** The system's topics on the broker (KAFKA_TOPIC_PREFIX, as the services have it). */
const namespace = topicNamespaceFromEnv();
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
    const letters = await readTopic(connect(), namespace.physical(deadLetterTopicOf(topic)));
    console.log(`${letters.length} dead letter(s) on ${deadLetterTopicOf(topic)}`);
    for (const stored of letters.slice(-options.limit)) {
      const letter = toDeadLetterView(stored);
      console.log(
        [
          `partition ${letter.partition} offset ${letter.offset}`,
          `  key ${letter.key ?? '-'}  type ${letter.eventType ?? '-'}  event ${letter.eventId ?? '-'}`,
          `  group ${letter.consumerGroup}  reason ${letter.reason}  attempts ${letter.attempts}  at ${letter.failedAt}`,
          `  from ${letter.topic}[${letter.originalPartition}]@${letter.originalOffset}`,
          `  error ${letter.error}`,
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
    const letter = (await readTopic(client, namespace.physical(deadLetterTopicOf(topic)))).find(
      (l) => l.partition === options.partition && Number(l.offset) === options.offset,
    );
    if (!letter)
      throw new InvalidArgumentError(`no letter at partition ${options.partition} offset ${options.offset}`);
    const message = redriveMessage(letter);
    const publisher = new KafkaPublisher(client, namespace);
    await publisher.publish([message]);
    await publisher.disconnect();
    console.log(
      `re-driven to ${topic}: key ${message.key || '-'}, event ${message.headers['event-id'] ?? '-'}`,
    );
  });

program.parseAsync().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});

import { randomUUID } from 'node:crypto';
import { IHeaders, Kafka } from 'kafkajs';

export interface TopicMessage {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Record<string, string>;
}

const headersOf = (headers: IHeaders | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([key, value]) => [key, String(value)]));

/**
 * Every message on the topic up to its end as it is now, read once from the start by a throwaway
 * consumer group that commits nothing (so the broker forgets it), in partition and offset order.
 */
export async function readTopic(kafka: Kafka, topic: string): Promise<TopicMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const remaining = new Map(
    ends.filter((e) => Number(e.high) > Number(e.low)).map((e) => [e.partition, e.high]),
  );
  const messages: TopicMessage[] = [];
  if (!remaining.size) return messages;
  const consumer = kafka.consumer({ groupId: `read-topic-${randomUUID()}`, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          if (!remaining.has(partition)) return;
          messages.push({
            partition,
            offset: message.offset,
            key: message.key?.toString() ?? null,
            value: message.value?.toString() ?? null,
            headers: headersOf(message.headers),
          });
          if (Number(message.offset) + 1 >= Number(remaining.get(partition))) remaining.delete(partition);
          if (!remaining.size) resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return messages.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
}

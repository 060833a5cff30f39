import { Logger } from '@nestjs/common';
import { Consumer, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { deadLetterMessage } from '../consumer/dead-letter';
import { EventConsumerRunner, EventSubscription, RunningConsumer } from '../consumer/event-subscription';
import { ReceivedMessage, processMessage } from '../consumer/process-message';
import { MessagePublisher } from '../message-bus';

function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined)
      result[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return result;
}

const nextOffset = (offset: string) => (BigInt(offset) + 1n).toString();

export interface KafkaConsumerOptions {
  /** New groups read topics from the start: projections need every event, consumers are idempotent. */
  readonly fromBeginning?: boolean;
  /** Appended to every group id, so tests can run beside a developer's system on one broker. */
  readonly groupSuffix?: string;
}

class KafkaRunningConsumer implements RunningConsumer {
  private readonly logger: Logger;
  private joined = false;
  private crashed = false;
  private stopping = false;

  constructor(
    private readonly consumer: Consumer,
    private readonly subscription: EventSubscription,
    private readonly deadLetters: MessagePublisher,
    readonly groupId: string,
  ) {
    this.logger = new Logger(`Consumer:${groupId}`);
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.joined = true;
      this.crashed = false;
    });
    consumer.on(consumer.events.CRASH, (event) => {
      this.crashed = true;
      this.logger.error(
        `Consumer crashed (restart: ${event.payload.restart}): ${event.payload.error?.message}`,
      );
    });
  }

  isReady(): boolean {
    return this.joined && !this.crashed && !this.stopping;
  }

  async start(fromBeginning: boolean): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...this.subscription.topics], fromBeginning });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        for (const message of batch.messages) {
          if (!isRunning() || isStale()) break;
          await this.process(batch.topic, batch.partition, message, isRunning);
          resolveOffset(message.offset);
          // Commit after the effect: a crash before this line re-delivers, and handlers are idempotent.
          await this.consumer.commitOffsets([
            { topic: batch.topic, partition: batch.partition, offset: nextOffset(message.offset) },
          ]);
          await heartbeat();
        }
      },
    });
  }

  private async process(topic: string, partition: number, message: KafkaMessage, isRunning: () => boolean) {
    const received: ReceivedMessage = {
      position: { topic, partition, offset: message.offset, key: message.key?.toString() ?? null },
      value: message.value,
      headers: headersToStrings(message.headers),
    };
    const outcome = await processMessage(received, this.subscription, {
      sendToDeadLetter: (letter) => this.deadLetters.publish([deadLetterMessage(letter)]),
      onRetry: (attempt, error) =>
        this.logger.warn(
          `${topic}[${partition}]@${message.offset} attempt ${attempt} failed: ${String(error)}`,
        ),
      isRunning: () => isRunning() && !this.stopping,
    });
    if (outcome.kind === 'dead-lettered') {
      const { letter } = outcome;
      this.logger.error(
        `${topic}[${partition}]@${message.offset} dead-lettered (${letter.reason}): ${letter.error}`,
      );
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    // disconnect() waits for the batch in hand to finish before leaving the group.
    await this.consumer.disconnect();
  }
}

/** Runs each subscription as its own kafkajs consumer with manual, per-message offset commits. */
export class KafkaConsumerRunner implements EventConsumerRunner {
  constructor(
    private readonly kafka: Kafka,
    private readonly deadLetters: MessagePublisher,
    private readonly options: KafkaConsumerOptions = {},
  ) {}

  async run(subscription: EventSubscription): Promise<RunningConsumer> {
    const groupId = `${subscription.groupId}${this.options.groupSuffix ?? ''}`;
    // A short fetch wait lets disconnect() on shutdown return within about a second.
    const consumer = this.kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 30_000,
      maxWaitTimeInMs: 1_000,
    });
    const running = new KafkaRunningConsumer(consumer, subscription, this.deadLetters, groupId);
    await running.start(this.options.fromBeginning ?? true);
    return running;
  }
}

import { KafkaConfig, SASLOptions, logLevel } from 'kafkajs';

export interface KafkaConnectionOptions {
  readonly clientId: string;
  readonly brokers: readonly string[];
}

/**
 * kafkajs settings from the environment: KAFKA_BROKERS (comma separated, default
 * 127.0.0.1:9092), KAFKA_SSL=true, KAFKA_SASL_MECHANISM (plain | scram-sha-256 | scram-sha-512)
 * with KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD.
 */
export function kafkaConnectionFromEnv(clientId: string, env: NodeJS.ProcessEnv = process.env): KafkaConfig {
  const brokers = (env.KAFKA_BROKERS ?? '127.0.0.1:9092')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  const mechanism = env.KAFKA_SASL_MECHANISM?.toLowerCase();
  const sasl =
    mechanism && env.KAFKA_SASL_USERNAME
      ? ({
          mechanism,
          username: env.KAFKA_SASL_USERNAME,
          password: env.KAFKA_SASL_PASSWORD ?? '',
        } as SASLOptions)
      : undefined;
  return {
    clientId,
    brokers,
    ssl: env.KAFKA_SSL === 'true',
    sasl,
    connectionTimeout: 3_000,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 10 },
  };
}

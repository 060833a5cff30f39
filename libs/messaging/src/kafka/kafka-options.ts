import { readFileSync } from 'node:fs';
import { ConnectionOptions } from 'node:tls';
import { KafkaConfig, SASLOptions, logLevel } from 'kafkajs';

export interface KafkaConnectionOptions {
  readonly clientId: string;
  readonly brokers: readonly string[];
}

const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

/**
 * kafkajs settings from the environment:
 * - KAFKA_BROKERS: comma separated, default 127.0.0.1:9092
 * - TLS: KAFKA_SSL=true, with KAFKA_SSL_CA_FILE, KAFKA_SSL_CERT_FILE / KAFKA_SSL_KEY_FILE (client
 *   certificate) and KAFKA_SSL_REJECT_UNAUTHORIZED=false (self-signed brokers, tests only)
 * - SASL: KAFKA_SASL_MECHANISM (plain | scram-sha-256 | scram-sha-512) with KAFKA_SASL_USERNAME /
 *   KAFKA_SASL_PASSWORD
 * A setting that cannot work stops start-up naming the variable.
 */
export function kafkaConnectionFromEnv(clientId: string, env: NodeJS.ProcessEnv = process.env): KafkaConfig {
  const brokers = (env.KAFKA_BROKERS ?? '127.0.0.1:9092')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  return {
    clientId,
    brokers,
    ssl: tlsFromEnv(env),
    sasl: saslFromEnv(env),
    connectionTimeout: 3_000,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 10 },
  };
}

function saslFromEnv(env: NodeJS.ProcessEnv): SASLOptions | undefined {
  const mechanism = env.KAFKA_SASL_MECHANISM?.toLowerCase();
  if (!mechanism) return undefined;
  if (!(SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
    throw new Error(`KAFKA_SASL_MECHANISM must be one of ${SASL_MECHANISMS.join(', ')}, not "${mechanism}"`);
  }
  if (!env.KAFKA_SASL_USERNAME) throw new Error('KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM');
  return {
    mechanism,
    username: env.KAFKA_SASL_USERNAME,
    password: env.KAFKA_SASL_PASSWORD ?? '',
  } as SASLOptions;
}

function tlsFromEnv(env: NodeJS.ProcessEnv): boolean | ConnectionOptions {
  const files = {
    ca: env.KAFKA_SSL_CA_FILE,
    cert: env.KAFKA_SSL_CERT_FILE,
    key: env.KAFKA_SSL_KEY_FILE,
  };
  const given = Object.entries(files).flatMap(([name, file]) => (file ? [[name, file] as const] : []));
  if (env.KAFKA_SSL !== 'true') {
    if (given.length)
      throw new Error(`KAFKA_SSL must be true when KAFKA_SSL_${given[0][0].toUpperCase()}_FILE is set`);
    return false;
  }
  if (Boolean(files.cert) !== Boolean(files.key)) {
    throw new Error(
      'KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together (a client certificate and its key)',
    );
  }
  const options: ConnectionOptions = {
    rejectUnauthorized: env.KAFKA_SSL_REJECT_UNAUTHORIZED !== 'false',
    ...Object.fromEntries(
      given.map(([name, file]) => [name, readTlsFile(`KAFKA_SSL_${name.toUpperCase()}_FILE`, file)]),
    ),
  };
  return options;
}

function readTlsFile(variable: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${variable}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
}

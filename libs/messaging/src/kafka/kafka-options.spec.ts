import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { kafkaConnectionFromEnv } from './kafka-options';

describe('kafkaConnectionFromEnv', () => {
  it('connects in plain text to the local broker by default', () => {
    expect(kafkaConnectionFromEnv('svc', {})).toMatchObject({
      clientId: 'svc',
      brokers: ['127.0.0.1:9092'],
      ssl: false,
      sasl: undefined,
    });
  });

  it('passes SASL/SCRAM credentials through', () => {
    const config = kafkaConnectionFromEnv('svc', {
      KAFKA_BROKERS: 'a:9096, b:9096',
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'inventory',
      KAFKA_SASL_PASSWORD: 'secret',
    });
    expect(config.brokers).toEqual(['a:9096', 'b:9096']);
    expect(config.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'inventory', password: 'secret' });
  });

  it('reads the TLS files it is given', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kafka-tls-'));
    const file = (name: string) => {
      writeFileSync(path.join(dir, name), `-----${name}-----`);
      return path.join(dir, name);
    };
    const config = kafkaConnectionFromEnv('svc', {
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: file('ca.pem'),
      KAFKA_SSL_CERT_FILE: file('client.pem'),
      KAFKA_SSL_KEY_FILE: file('client.key'),
    });
    expect(config.ssl).toEqual({
      rejectUnauthorized: true,
      ca: '-----ca.pem-----',
      cert: '-----client.pem-----',
      key: '-----client.key-----',
    });
    expect(kafkaConnectionFromEnv('svc', { KAFKA_SSL: 'true' }).ssl).toEqual({ rejectUnauthorized: true });
  });

  it('refuses settings that cannot work, naming the variable', () => {
    expect(() =>
      kafkaConnectionFromEnv('svc', { KAFKA_SASL_MECHANISM: 'kerberos', KAFKA_SASL_USERNAME: 'u' }),
    ).toThrow(/KAFKA_SASL_MECHANISM must be one of plain, scram-sha-256, scram-sha-512/);
    expect(() => kafkaConnectionFromEnv('svc', { KAFKA_SASL_MECHANISM: 'plain' })).toThrow(
      /KAFKA_SASL_USERNAME/,
    );
    expect(() => kafkaConnectionFromEnv('svc', { KAFKA_SSL_CA_FILE: '/ca.pem' })).toThrow(
      /KAFKA_SSL must be true/,
    );
    expect(() =>
      kafkaConnectionFromEnv('svc', { KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/nowhere/ca.pem' }),
    ).toThrow(/KAFKA_SSL_CA_FILE: cannot read \/nowhere\/ca.pem \(ENOENT\)/);
    expect(() => kafkaConnectionFromEnv('svc', { KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: '/c.pem' })).toThrow(
      /go together/,
    );
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';

/** docker-compose.yml is not run by CI (no Docker engine): its safety rules are checked here. */
describe('docker-compose.yml', () => {
  const compose = readFileSync(path.join(__dirname, '../../docker-compose.yml'), 'utf8');

  it('publishes every port on 127.0.0.1 only (PostgreSQL trusts all, Kafka has no authentication)', () => {
    const published = [...compose.matchAll(/ports:\s*\[([^\]]*)\]/g)].flatMap((match) =>
      match[1].split(',').map((port) => port.trim().replace(/'/g, '')),
    );
    expect(published.length).toBeGreaterThan(5);
    expect(published.filter((port) => !port.startsWith('127.0.0.1:'))).toEqual([]);
  });

  it('takes the notification secret from the operator, never a default', () => {
    expect(compose).toMatch(/NOTIFICATION_SECRET: \$\{NOTIFICATION_SECRET:\?/);
  });
});

import { Parser } from '@asyncapi/parser';
import Ajv from 'ajv';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_EXAMPLES, EVENT_FORMATS, EVENT_SCHEMAS, EventType, createEvent } from '@inventory/contracts';
import { ASYNCAPI_PATH, SCHEMAS_DIRECTORY, asyncApiDocument, eventSchemaFiles } from './contract-documents';

const root = join(__dirname, '..', '..', '..');
const read = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8'));
const REGENERATE = 'run `npm run contracts:docs` and commit the result';

describe('the published contract documents', () => {
  it(`are current: docs/asyncapi.json and docs/schemas/ say what libs/contracts says (else ${REGENERATE})`, () => {
    expect(read(ASYNCAPI_PATH)).toEqual(JSON.parse(JSON.stringify(asyncApiDocument())));
    const files = eventSchemaFiles();
    expect(readdirSync(join(root, SCHEMAS_DIRECTORY)).sort()).toEqual([...files.keys()].sort());
    for (const [name, schema] of files) expect(read(`${SCHEMAS_DIRECTORY}/${name}`)).toEqual(schema);
  });

  it('describe every event type on its topic, and pass the AsyncAPI parser without an error', async () => {
    const document = read(ASYNCAPI_PATH);
    const { diagnostics } = await new Parser().parse(JSON.stringify(document));
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 0);
    expect(errors.map((error) => `${error.path.join('.')}: ${error.message}`)).toEqual([]);
    for (const [type, { topic }] of Object.entries(EVENT_SCHEMAS)) {
      const channel = Object.values<{ address: string; messages: object }>(document.channels).find(
        (candidate) => candidate.address === topic,
      );
      expect({ type, on: Object.keys(channel?.messages ?? {}).includes(type) }).toEqual({ type, on: true });
    }
  });

  it('accept each example with a plain JSON Schema validator, as other languages would read them', () => {
    // Another language's validator knows nothing of our formats: it treats them as annotations.
    const ajv = new Ajv({ strict: false });
    for (const format of Object.keys(EVENT_FORMATS)) ajv.addFormat(format, true);
    for (const [type, { version }] of Object.entries(EVENT_SCHEMAS) as [EventType, { version: number }][]) {
      const validate = ajv.compile(read(`${SCHEMAS_DIRECTORY}/${type}.v${version}.schema.json`));
      const event = JSON.parse(
        JSON.stringify(createEvent(type, EVENT_EXAMPLES[type] as never, { source: 'spec' })),
      );
      expect({ type, valid: validate(event), errors: validate.errors ?? null }).toEqual({
        type,
        valid: true,
        errors: null,
      });
    }
  });
});

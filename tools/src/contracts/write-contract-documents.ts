import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ASYNCAPI_PATH, SCHEMAS_DIRECTORY, asyncApiDocument, eventSchemaFiles } from './contract-documents';

/** `npm run contracts:docs`: writes docs/asyncapi.json and docs/schemas/ from libs/contracts. */
const root = process.cwd();
const asJson = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

writeFileSync(join(root, ASYNCAPI_PATH), asJson(asyncApiDocument()));
const directory = join(root, SCHEMAS_DIRECTORY);
mkdirSync(directory, { recursive: true });
const files = eventSchemaFiles();
// A schema of an event version that no longer exists goes away with it.
for (const name of readdirSync(directory)) if (!files.has(name)) rmSync(join(directory, name));
for (const [name, schema] of files) writeFileSync(join(directory, name), asJson(schema));
console.log(`wrote ${ASYNCAPI_PATH} and ${files.size} schemas in ${SCHEMAS_DIRECTORY}/`);

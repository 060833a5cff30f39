import {
  EVENT_EXAMPLES,
  EVENT_FORMATS,
  EVENT_SCHEMAS,
  EventType,
  HEADER,
  JsonSchema,
  TOPICS,
  TOPIC_ROUTES,
  Topic,
  contractDefinitions,
  eventJsonSchema,
} from '@inventory/contracts';

/** Where the generated documents live in the repository, relative to its root. */
export const ASYNCAPI_PATH = 'docs/asyncapi.json';
export const SCHEMAS_DIRECTORY = 'docs/schemas';

const TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];

/** Every `$ref` target name (`#/definitions/<name>`) a schema uses, followed through `definitions`. */
function referencedDefinitions(root: unknown, definitions: Record<string, JsonSchema>): Set<string> {
  const found = new Set<string>();
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const name = value.slice(value.lastIndexOf('/') + 1);
        if (!found.has(name)) {
          found.add(name);
          visit(definitions[name]);
        }
      } else if (key !== 'definitions') visit(value);
    }
  };
  visit(root);
  return found;
}

/** Rewrites `#/definitions/X` to another place (AsyncAPI keeps schemas in components). */
function withRefsTo<T>(node: T, prefix: string): T {
  return JSON.parse(JSON.stringify(node).replaceAll('"#/definitions/', `"${prefix}`)) as T;
}

const fileOf = (type: EventType) => `${type}.v${EVENT_SCHEMAS[type].version}.schema.json`;

/** One standalone JSON Schema (draft-07) per event version: the whole message, envelope included. */
export function eventSchemaFiles(): Map<string, JsonSchema> {
  const definitions = contractDefinitions();
  return new Map(
    TYPES.map((type) => {
      const { definitions: _all, ...schema } = eventJsonSchema(type, definitions);
      const used = [...referencedDefinitions(schema, definitions)].sort();
      return [
        fileOf(type),
        { ...schema, definitions: Object.fromEntries(used.map((n) => [n, definitions[n]])) },
      ];
    }),
  );
}

/** The channel's id in the document: the topic's name in TOPICS (`orders`, `catalog`, ...). */
const channelId = (topic: Topic) => Object.entries(TOPICS).find(([, name]) => name === topic)?.[0] ?? topic;

/**
 * The AsyncAPI 3 description of every topic and event version, generated from the contracts (the
 * classes the services validate with), for integrators of any language.
 */
export function asyncApiDocument(): Record<string, unknown> {
  const definitions = contractDefinitions();
  const typesOn = (topic: Topic) => TYPES.filter((type) => EVENT_SCHEMAS[type].topic === topic);
  const topics = Object.values(TOPICS) as Topic[];
  const messages = Object.fromEntries(
    TYPES.map((type) => {
      const { definitions: _all, $schema: _draft, ...payload } = eventJsonSchema(type, definitions);
      const { topic, version } = EVENT_SCHEMAS[type];
      return [
        type,
        {
          name: type,
          title: `${type} v${version}`,
          summary: `On ${topic}, keyed by ${TOPIC_ROUTES[topic].key}.`,
          contentType: 'application/json',
          headers: {
            type: 'object',
            description: 'Repeat envelope fields, so tools can filter without parsing the value.',
            properties: {
              [HEADER.eventType]: { type: 'string', const: type },
              [HEADER.eventId]: { type: 'string', format: 'uuid' },
              [HEADER.correlationId]: { type: 'string' },
            },
          },
          payload: withRefsTo(payload, '#/components/schemas/'),
          examples: [
            {
              name: `${type}-example`,
              headers: {
                [HEADER.eventType]: type,
                [HEADER.eventId]: '0b7f1f9e-3c1e-4d8a-9a43-5f2d1c0e7a11',
                [HEADER.correlationId]: '0b7f1f9e-3c1e-4d8a-9a43-5f2d1c0e7a11',
              },
              payload: {
                eventId: '0b7f1f9e-3c1e-4d8a-9a43-5f2d1c0e7a11',
                type,
                version,
                occurredAt: '2026-11-23T10:00:00.000Z',
                correlationId: '0b7f1f9e-3c1e-4d8a-9a43-5f2d1c0e7a11',
                causationId: null,
                source: TOPIC_ROUTES[topic].writtenBy,
                data: EVENT_EXAMPLES[type],
              },
            },
          ],
        },
      ];
    }),
  );
  const channels = Object.fromEntries(
    topics.map((topic) => {
      const route = TOPIC_ROUTES[topic];
      return [
        channelId(topic),
        {
          address: topic,
          title: topic,
          description: `Written by ${route.writtenBy}; read by ${route.readBy.length ? route.readBy.map((g) => `\`${g}\``).join(', ') : 'no service of the platform'}. Keyed by ${route.key}. Poison messages go to \`${topic}.dlq\`.`,
          messages: Object.fromEntries(
            typesOn(topic).map((type) => [type, { $ref: `#/components/messages/${type}` }]),
          ),
        },
      ];
    }),
  );
  const operations = Object.fromEntries(
    topics.flatMap((topic) => {
      const id = channelId(topic);
      const channelMessages = typesOn(topic).map((type) => ({ $ref: `#/channels/${id}/messages/${type}` }));
      const route = TOPIC_ROUTES[topic];
      return [
        [
          `send-${id}`,
          {
            action: 'send',
            channel: { $ref: `#/channels/${id}` },
            summary: `${route.writtenBy} publishes`,
            messages: channelMessages,
          },
        ],
        ...(route.readBy.length
          ? [
              [
                `receive-${id}`,
                {
                  action: 'receive',
                  channel: { $ref: `#/channels/${id}` },
                  summary: `Consumer groups ${route.readBy.join(', ')}`,
                  messages: channelMessages,
                },
              ],
            ]
          : []),
      ];
    }),
  );
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Inventory platform events',
      version: '1.0.0',
      description: [
        'Every Kafka topic and event version of the inventory platform (catalog-inventory, reservation, fulfillment, notification, replenishment).',
        'Each message value is a JSON envelope {eventId, type, version, occurredAt, correlationId, causationId, source, data}.',
        'Generated from libs/contracts by `npm run contracts:docs`; `npm test` fails when it is not current.',
        `Formats beyond JSON Schema's own: ${Object.entries(EVENT_FORMATS)
          .map(([name, meaning]) => `\`${name}\`: ${meaning}`)
          .join('; ')}.`,
      ].join('\n\n'),
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description: 'The broker `npm start` runs (tests use 9094).',
      },
    },
    channels,
    operations,
    components: { messages, schemas: withRefsTo(definitions, '#/components/schemas/') },
  };
}

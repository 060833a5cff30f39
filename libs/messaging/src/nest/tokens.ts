export const KAFKA = Symbol('KAFKA');
/** The TopicNamespace the service's topics live in (KAFKA_TOPIC_PREFIX). */
export const TOPIC_NAMESPACE = Symbol('TOPIC_NAMESPACE');
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

import { createHmac, timingSafeEqual } from 'node:crypto';

/** The token of a subscription's unsubscribe link: only this service can make one. */
export const unsubscribeToken = (secret: string, subscriptionId: string): string =>
  createHmac('sha256', secret).update(`unsubscribe:${subscriptionId}`).digest('base64url');

export function isUnsubscribeToken(secret: string, subscriptionId: string, token: string): boolean {
  const expected = Buffer.from(unsubscribeToken(secret, subscriptionId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const unsubscribeUrl = (publicUrl: string, secret: string, subscriptionId: string): string =>
  `${publicUrl}/stock-alert-subscriptions/${subscriptionId}/unsubscribe?token=${unsubscribeToken(secret, subscriptionId)}`;

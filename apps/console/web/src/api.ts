/** The services, as the console server proxies them. */
export type Service = 'catalog' | 'reservation' | 'fulfillment' | 'notification';

const KEY = 'inventory-console-api-key';

export const apiKey = {
  get: () => sessionStorage.getItem(KEY) ?? '',
  set: (key: string) => sessionStorage.setItem(KEY, key),
  clear: () => sessionStorage.removeItem(KEY),
};

/** A field the service refused, as its error body names it (`address.city`, `items.0.quantity`). */
export interface FieldError {
  readonly field: string;
  readonly problems: readonly string[];
}

/** A refusal from a service: its code, message and the fields it names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: readonly FieldError[] = [],
  ) {
    super(message);
  }

  /** The problems of one field (and of the fields inside it), for the message next to it. */
  problemsOf(field: string): string[] {
    return this.fields
      .filter((error) => error.field === field || error.field.startsWith(`${field}.`))
      .flatMap((error) => error.problems);
  }
}

/** Calls a service's route with the merchant's key; a refusal becomes an ApiError. */
export async function call<T>(service: Service, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/api/${service}${path}`, {
    method,
    headers: {
      'x-api-key': apiKey.get(),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    throw new ApiError(
      response.status,
      json?.code ?? `http_${response.status}`,
      json?.message ?? response.statusText,
      json?.errors,
    );
  }
  return json as T;
}

import { ModuleRef } from '@nestjs/core';

/**
 * A provider some services have and others not (the event store, parked events), looked up
 * app-wide: the runtime's controllers live in a module that cannot see the service's own.
 */
export function optionalProvider<T>(
  moduleRef: ModuleRef,
  token: symbol | (abstract new (...args: never[]) => T),
) {
  try {
    return moduleRef.get<T>(token as symbol, { strict: false });
  } catch {
    return undefined;
  }
}

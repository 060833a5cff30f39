export default async function globalTeardown(): Promise<void> {
  const containers = globalThis.__INVENTORY_CONTAINERS__ ?? [];
  globalThis.__INVENTORY_CONTAINERS__ = undefined;
  await Promise.all(containers.map((container) => container.stop()));
}

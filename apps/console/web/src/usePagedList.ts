import { useCallback, useEffect, useState } from 'react';
import { Service, call } from './api';

/**
 * A page of a list route that answers `{items, total}` (`?limit=&offset=` added to `route`).
 * A new `route` (another filter) starts again at the first page.
 */
export function usePagedList<T>(service: Service, route: string, pageSize: number) {
  const [items, setItems] = useState<T[]>([]);
  const [total, setTotal] = useState(0);
  const [offset, setOffset] = useState(0);
  const [failure, setFailure] = useState('');
  useEffect(() => setOffset(0), [route]);

  const reload = useCallback(async () => {
    try {
      const separator = route.includes('?') ? '&' : '?';
      const page = await call<{ items: T[]; total: number }>(
        service,
        'GET',
        `${route}${separator}limit=${pageSize}&offset=${offset}`,
      );
      setItems(page.items);
      setTotal(page.total);
      setFailure('');
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    }
  }, [service, route, pageSize, offset]);
  useEffect(() => void reload(), [reload]);

  return { items, total, offset, setOffset, failure, reload };
}

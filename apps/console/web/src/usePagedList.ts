import { useCallback, useEffect, useState } from 'react';
import { Service, call, messageOf } from './api';

/**
 * A page of a list route that answers `{items, total}` (`?limit=&offset=` added to `route`).
 * A new `route` (another filter) starts again at the first page.
 */
export function usePagedList<T>(service: Service, route: string, pageSize: number) {
  const [items, setItems] = useState<T[]>([]);
  const [total, setTotal] = useState(0);
  const [position, setPosition] = useState({ route, offset: 0 });
  const [failure, setFailure] = useState('');
  const offset = position.route === route ? position.offset : 0;
  const setOffset = useCallback((next: number) => setPosition({ route, offset: next }), [route]);

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
      setFailure(messageOf(error));
    }
  }, [service, route, pageSize, offset]);
  useEffect(() => void reload(), [reload]);

  return { items, total, offset, setOffset, failure, reload };
}

import { parseSourceItemRow } from './source-item-row';

const known = (code: string) => code === 'default';

describe('parseSourceItemRow', () => {
  it('reads a valid row, trimming cells, with or without notify_stock_qty', () => {
    expect(
      parseSourceItemRow(
        { sku: ' HDB-001 ', source_code: 'default', quantity: '12.5', status: 'in_stock' },
        2,
        known,
      ),
    ).toEqual({
      item: {
        sku: 'HDB-001',
        sourceCode: 'default',
        quantity: 12.5,
        status: 'in_stock',
        notifyStockQty: null,
      },
    });
    expect(
      parseSourceItemRow(
        { sku: 'A', source_code: 'default', quantity: '0', status: 'out_of_stock', notify_stock_qty: '3' },
        3,
        known,
      ),
    ).toMatchObject({ item: { quantity: 0, notifyStockQty: 3 } });
  });

  it('names every bad cell with its line', () => {
    const result = parseSourceItemRow(
      { sku: '', source_code: 'moon', quantity: '1.23456', status: 'gone' },
      7,
      known,
    );
    expect(result).toEqual({
      errors: [
        { line: 7, field: 'sku', message: 'is empty' },
        { line: 7, field: 'source_code', message: 'source "moon" does not exist' },
        {
          line: 7,
          field: 'quantity',
          message: '"1.23456" is not a quantity (a number with at most 4 decimals)',
        },
        { line: 7, field: 'status', message: 'must be one of in_stock, out_of_stock' },
      ],
    });
  });

  it('refuses negative, non-numeric and huge quantities', () => {
    for (const quantity of ['-1', 'ten', '1e3', '', '2000000000']) {
      const result = parseSourceItemRow(
        { sku: 'A', source_code: 'default', quantity, status: 'in_stock' },
        2,
        known,
      );
      expect('errors' in result && result.errors[0].field).toBe('quantity');
    }
  });
});

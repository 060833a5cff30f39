/** One key for a (SKU, source) pair: the NUL cannot occur in either code. */
export const pairKey = (sku: string, sourceCode: string) => `${sku}\u0000${sourceCode}`;

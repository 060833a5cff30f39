import { pairKey } from '@inventory/contracts';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { ApiError } from '@inventory/service-runtime';
import { DataSource } from 'typeorm';
import { linkedSources, sourceStock } from '../catalog-view/catalog-view';
import { assertShippable, requireOrder } from '../orders/order-access';
import { toShip } from '@inventory/order-lines';
import { readOrderLines } from '../orders/order-store';
import { PlaceIndex } from './places';
import { Coordinates, SourceSelectionAlgorithm } from './source-selection';
import {
  AlgorithmView,
  ShippingAddress,
  SourceSelectionRequest,
  SourceSelectionView,
} from './source-selection.dto';

/** The algorithms on offer (listed in app.module.ts, where a merchant adds their own). */
export const SOURCE_SELECTION_ALGORITHMS = Symbol('SOURCE_SELECTION_ALGORITHMS');
export const PLACES = Symbol('PLACES');

/** Magento's message when the distance algorithm has nowhere to measure from. */
export const NO_DESTINATION = 'No destination address was provided in the request';

@Injectable()
export class SourceSelectionService {
  private readonly algorithms: ReadonlyMap<string, SourceSelectionAlgorithm>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SOURCE_SELECTION_ALGORITHMS) algorithms: readonly SourceSelectionAlgorithm[],
    @Inject(PLACES) private readonly places: PlaceIndex,
  ) {
    this.algorithms = new Map(algorithms.map((algorithm) => [algorithm.code, algorithm]));
  }

  list(): AlgorithmView[] {
    return [...this.algorithms.values()].map(({ code, title, description, needsDestination }) => ({
      code,
      title,
      description,
      needsDestination,
    }));
  }

  /** Recommends the sources to ship what is left of the order from; changes nothing. */
  async select(orderId: string, request: SourceSelectionRequest): Promise<SourceSelectionView> {
    const algorithm = this.algorithm(request.algorithm);
    const destination = algorithm.needsDestination ? this.destination(request.shippingAddress) : undefined;
    const tx = this.dataSource.manager;
    const order = await requireOrder(tx, orderId);
    assertShippable(order);
    const lines = [...(await readOrderLines(tx, orderId)).values()]
      .map((line) => ({ sku: line.sku, qty: toShip(line) }))
      .filter((line) => line.qty > 0);
    const stock = await sourceStock(
      tx,
      lines.map((line) => line.sku),
    );
    const result = algorithm.select({
      lines,
      sources: await linkedSources(tx, order.stock_id),
      destination,
      available: (sku, sourceCode) => {
        const item = stock.get(pairKey(sku, sourceCode));
        return item?.status === 'in_stock' ? item.onHand : undefined;
      },
    });
    return { orderId, algorithm: algorithm.code, ...(destination ? { destination } : {}), ...result };
  }

  private algorithm(code: string): SourceSelectionAlgorithm {
    const algorithm = this.algorithms.get(code);
    if (algorithm) return algorithm;
    const known = [...this.algorithms.keys()].join(', ');
    throw ApiError.forFields(
      HttpStatus.BAD_REQUEST,
      'unknown_algorithm',
      'Unknown source selection algorithm',
      [{ field: 'algorithm', problems: [`"${code}" is not one of ${known}`] }],
    );
  }

  private destination(address: ShippingAddress | undefined): Coordinates {
    if (!address) {
      throw ApiError.forFields(HttpStatus.BAD_REQUEST, 'no_destination', NO_DESTINATION, [
        { field: 'shippingAddress', problems: ['is required by this algorithm'] },
      ]);
    }
    const placed = this.places.place(address);
    if (placed) return placed;
    const tried = [
      address.postcode && `postcode "${address.postcode}"`,
      address.city && `city "${address.city}"`,
    ]
      .filter(Boolean)
      .join(' nor ');
    throw ApiError.forFields(
      HttpStatus.BAD_REQUEST,
      'address_not_placed',
      'The shipping address could not be placed',
      [
        {
          field: 'shippingAddress',
          problems: [
            tried
              ? `neither coordinates nor a known place: ${tried}${address.country ? ` in ${address.country}` : ''} is not in the offline table`
              : 'needs latitude and longitude, or a country with a postcode or city',
          ],
        },
      ],
    );
  }
}

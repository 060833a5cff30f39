import { SourceSelectionAlgorithm, byPriority, fillInOrder } from './source-selection';

/** Magento's "Source Priority": the stock's sources in the order of their link priorities. */
export const priorityAlgorithm: SourceSelectionAlgorithm = {
  code: 'priority',
  title: 'Source priority',
  description: "Takes from the stock's sources in the order of their priority on the stock",
  needsDestination: false,
  select: (input) => fillInOrder(input, [...input.sources].sort(byPriority)),
};

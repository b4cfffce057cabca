/**
 * The datasets the lab offers, written once: their names, class names and what one item is called.
 * Plain data (no tfjs): the data script writes it into each manifest, the page and the CLI read it here.
 */

export type DatasetId = 'mnist' | 'fashion';

export interface DatasetInfo {
  /** Human name, e.g. "Fashion-MNIST". */
  title: string;
  classNames: readonly string[];
  /** What one image shows, for sentences: "Test digit #3", "Another item". */
  item: string;
}

export const DATASETS: Readonly<Record<DatasetId, DatasetInfo>> = {
  mnist: { title: 'MNIST', classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], item: 'digit' },
  fashion: {
    title: 'Fashion-MNIST',
    classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
    item: 'item',
  },
};

/** Every dataset, in menu order. */
export const DATASET_IDS = Object.keys(DATASETS) as DatasetId[];

/** True when `value` names a dataset (for parsing untrusted input). */
export function isDatasetId(value: unknown): value is DatasetId {
  return typeof value === 'string' && Object.hasOwn(DATASETS, value);
}

/** Every on-demand query the worker answers, one row each. */
import type { QueryKind } from '../protocol';
import { decodeLatentQuery } from './decodeLatent';
import { decodeScatterQuery } from './decodeScatter';
import type { QueryModule } from './types';

export const QUERY_MODULES: { [K in QueryKind]: QueryModule<K> } = {
  decodeLatent: decodeLatentQuery,
  decodeScatter: decodeScatterQuery,
};

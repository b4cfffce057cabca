/** Opens a view while the panel's box is on screen (and `enabled`): the worker computes nothing for panels out of sight. */
import { useRef } from 'react';
import { useOnScreen, useView } from '../../state/useView';
import type { ViewKind, ViewRequests, ViewResult } from '../../worker/protocol';

export function useOpenView<K extends ViewKind>(kind: K, request: NonNullable<ViewRequests[K]> | null, enabled = true) {
  const ref = useRef<HTMLDivElement>(null);
  const onScreen = useOnScreen(ref);
  const result: ViewResult<K> | null = useView(kind, request, onScreen && enabled);
  return { ref, result };
}

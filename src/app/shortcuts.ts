/** The lab's keyboard shortcuts (lecture mode): what each key does, in one list the "?" dialog shows too. */
import { useMemo, type RefObject } from 'react';
import { LESSON } from '../lessons';
import { MODEL_FAMILIES, MODEL_KINDS } from '../ml/models/family';
import type { LabStore } from '../state/labStore';
import type { Shortcut } from './useShortcuts';

export function useLabShortcuts(store: LabStore, lesson: number | null, dialog: RefObject<HTMLDialogElement | null>): Shortcut[] {
  return useMemo(() => {
    const list: Shortcut[] = [
      { key: ' ', label: 'Space', description: 'Train / pause', run: store.toggleTraining },
      { key: 'ArrowRight', label: '→', description: 'Train one step', run: store.step },
      { key: 'r', label: 'R', description: 'Reset to fresh weights', run: store.reset },
      { key: 'l', label: 'L', description: 'Load the trained model', run: store.loadTrained },
      { key: 'n', label: 'N', description: 'Next lesson step', run: () => store.openLesson(Math.min(LESSON.length, (lesson ?? 0) + 1)) },
      { key: 'p', label: 'P', description: 'Previous lesson step', run: () => lesson !== null && store.openLesson(Math.max(1, lesson - 1)) },
      ...MODEL_KINDS.map((kind) => ({
        key: MODEL_FAMILIES[kind].shortcut,
        label: MODEL_FAMILIES[kind].shortcut,
        description: `Switch to the ${MODEL_FAMILIES[kind].title}`,
        run: () => store.selectModel(kind),
      })),
      { key: '?', label: '?', description: 'List these shortcuts', run: () => dialog.current?.showModal() },
    ];
    return list;
  }, [store, lesson, dialog]);
}

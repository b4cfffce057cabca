/** Lecture-mode keyboard shortcuts, ignored while the focus is in a text field, a menu or on a control. */
import { useEffect } from 'react';

export interface Shortcut {
  /** The key as KeyboardEvent.key reports it (" " for Space). */
  key: string;
  /** How the shortcuts list names the key. */
  label: string;
  description: string;
  run(): void;
}

/** True when a key press belongs to the focused element (typing, choosing, pressing a focused button). */
export function keyBelongsToFocus(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  return target.closest('input, select, textarea, button, summary, a[href], [contenteditable="true"], [role="menu"], [role="listbox"], dialog') !== null;
}

/** Listens for the shortcuts while `enabled`. */
export function useShortcuts(shortcuts: readonly Shortcut[], enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || keyBelongsToFocus(event.target)) return;
      const shortcut = shortcuts.find((candidate) => candidate.key.toLowerCase() === event.key.toLowerCase());
      if (!shortcut) return;
      event.preventDefault();
      shortcut.run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shortcuts, enabled]);
}

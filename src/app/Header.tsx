/** The page's header: title, the Lessons menu, lecture mode, a shareable link and the shortcuts list. */
import { useState } from 'react';
import { LessonsMenu } from './LessonPanel';
import type { Shortcut } from './useShortcuts';

export interface HeaderProps {
  lesson: number | null;
  present: boolean;
  shortcuts: readonly Shortcut[];
  /** The shortcuts list, opened by its button and by "?". */
  shortcutsDialog: React.RefObject<HTMLDialogElement | null>;
  onLesson(step: number): void;
  onPresent(on: boolean): void;
}

/** Copies the page's link (settings and lesson step included) and says so; shows the link to copy by hand if the clipboard refuses. */
function CopyLink() {
  const [message, setMessage] = useState<string | null>(null);
  const copy = async () => {
    const link = window.location.href;
    try {
      await navigator.clipboard.writeText(link);
      setMessage('Link copied');
    } catch {
      setMessage(`Copy this link: ${link}`);
    }
    window.setTimeout(() => setMessage(null), 4000);
  };
  return (
    <span className="copy-link">
      <button type="button" onClick={() => void copy()}>
        Copy link
      </button>
      <span role="status" className="copy-link-message">
        {message}
      </span>
    </span>
  );
}

export function ShortcutsDialog({ shortcuts, dialogRef }: { shortcuts: readonly Shortcut[]; dialogRef: React.RefObject<HTMLDialogElement | null> }) {
  return (
    <dialog ref={dialogRef} className="shortcuts-dialog" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">Keyboard shortcuts (lecture mode)</h2>
      <dl>
        {shortcuts.map((shortcut) => (
          <div key={shortcut.label}>
            <dt>
              <kbd>{shortcut.label}</kbd>
            </dt>
            <dd>{shortcut.description}</dd>
          </div>
        ))}
      </dl>
      <p className="hint">They do nothing while you type in a field or use a menu.</p>
      <form method="dialog">
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
}

export function Header({ lesson, present, shortcuts, shortcutsDialog, onLesson, onPresent }: HeaderProps) {
  return (
    <header className="app-header">
      <h1>VAE Lab</h1>
      <p className="pitch">Train autoencoders — AE, denoising, masked, VAE / β-VAE, VQ-VAE — live in your browser and watch them learn.</p>
      <nav className="header-tools" aria-label="Lab tools">
        <LessonsMenu current={lesson} onGo={onLesson} />
        <button type="button" aria-pressed={present} onClick={() => onPresent(!present)} title="Large type, high contrast and keyboard shortcuts for a projector">
          Lecture mode
        </button>
        <CopyLink />
        <button type="button" onClick={() => shortcutsDialog.current?.showModal()}>
          Shortcuts
        </button>
      </nav>
      <ShortcutsDialog shortcuts={shortcuts} dialogRef={shortcutsDialog} />
    </header>
  );
}

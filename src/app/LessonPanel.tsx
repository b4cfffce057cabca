/**
 * The open lesson step: what to do and what to look at, a question to answer before the reveal, and
 * Previous / Next. The panel the step is about is highlighted and scrolled into view.
 */
import { useEffect, useId, useState } from 'react';
import { LESSON, PATH_LENGTH } from '../lessons';
import './Lesson.css';

export interface LessonPanelProps {
  /** 1-based step number. */
  step: number;
  revealed: boolean;
  onGo(step: number): void;
  onReveal(): void;
  onClose(): void;
}

/** Marks the panel a step is about and brings it into view; undone when the step changes. */
function useHighlight(panelId: string): void {
  useEffect(() => {
    const element = document.getElementById(panelId);
    if (!element) return;
    element.classList.add('lesson-highlight');
    element.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
    return () => element.classList.remove('lesson-highlight');
  }, [panelId]);
}

export function LessonPanel({ step, revealed, onGo, onReveal, onClose }: LessonPanelProps) {
  const lesson = LESSON[step - 1];
  const [choice, setChoice] = useState<string | null>(null);
  const [minimised, setMinimised] = useState(false);
  const [shownStep, setShownStep] = useState(step);
  const questionId = useId();
  if (shownStep !== step) {
    setShownStep(step);
    setChoice(null);
  }
  useHighlight(lesson.highlight);
  const { question } = lesson;
  if (minimised) {
    return (
      <section className="lesson lesson-minimised card" aria-label="Lesson">
        <button type="button" onClick={() => setMinimised(false)}>
          Lesson step {step} of {LESSON.length}: {lesson.title}
        </button>
      </section>
    );
  }
  return (
    <section className="lesson card" aria-label="Lesson">
      <header className="lesson-header">
        <p className="lesson-progress">
          Lesson · step {step} of {LESSON.length}
        </p>
        <h2>{lesson.title}</h2>
        <div className="lesson-window">
          <button type="button" onClick={() => setMinimised(true)} aria-label="Minimise the lesson">
            –
          </button>
          <button type="button" onClick={onClose} aria-label="Close the lesson">
            ×
          </button>
        </div>
      </header>
      <p className="lesson-body">{lesson.body}</p>
      <div className="lesson-question" role="group" aria-labelledby={questionId}>
        <p id={questionId}>
          <strong>Predict:</strong> {question.prompt}
        </p>
        {question.choices && (
          <div className="lesson-choices">
            {question.choices.map((text) => (
              <button key={text} type="button" aria-pressed={choice === text} onClick={() => setChoice(text)} disabled={revealed}>
                {text}
              </button>
            ))}
          </div>
        )}
        {revealed ? (
          <p className="lesson-answer" role="status">
            {choice && <em>You said: {choice}. </em>}
            {question.answer}
          </p>
        ) : (
          <button type="button" className="primary" onClick={onReveal}>
            Reveal
          </button>
        )}
      </div>
      <nav className="lesson-nav" aria-label="Lesson steps">
        <button type="button" onClick={() => onGo(step - 1)} disabled={step <= 1}>
          Previous
        </button>
        <button type="button" className="primary" onClick={() => onGo(step + 1)} disabled={step >= LESSON.length}>
          Next
        </button>
      </nav>
    </section>
  );
}

/** The "Lessons" menu: every step, to start from or jump to. */
export function LessonsMenu({ current, onGo }: { current: number | null; onGo(step: number): void }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="lessons-menu">
      <button type="button" aria-expanded={open} aria-haspopup="true" onClick={() => setOpen(!open)}>
        Lessons
      </button>
      {open && (
        <div className="lessons-list">
          {[
            { title: 'The lecture path', first: 0, steps: LESSON.slice(0, PATH_LENGTH) },
            { title: 'Going further', first: PATH_LENGTH, steps: LESSON.slice(PATH_LENGTH) },
          ].map((group) => (
            <section key={group.title} aria-label={group.title}>
              <h3>{group.title}</h3>
              <ol start={group.first + 1} aria-label={`${group.title}: lesson steps to open`}>
                {group.steps.map((lesson, index) => (
                  <li key={lesson.id}>
                    <button
                      type="button"
                      aria-current={current === group.first + index + 1 ? 'step' : undefined}
                      onClick={() => {
                        setOpen(false);
                        onGo(group.first + index + 1);
                      }}
                    >
                      {group.first + index + 1}. {lesson.title}
                    </button>
                  </li>
                ))}
              </ol>
            </section>
          ))}
        </div>
      )}
    </div>
  );
}

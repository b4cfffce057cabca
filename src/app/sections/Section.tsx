/** A titled group of panels below the first screen, laid out in a responsive grid. */
import type { ReactNode } from 'react';

export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="lab-section" aria-labelledby={`${id}-section-title`}>
      <h2 id={`${id}-section-title`} className="section-title">
        {title}
      </h2>
      <div className="section-grid">{children}</div>
    </section>
  );
}

/** A titled panel; deliberately not a named region, so its title never shadows a control's label (e.g. the "Interpolation" slider). */
import type { ReactNode } from 'react';

export interface CardProps {
  /** Anchor of the heading (page.html#latent-title). */
  id: string;
  title: string;
  /** One-line plain-English subtitle under the heading. */
  subtitle?: ReactNode;
  className?: string;
  testId?: string;
  actions?: ReactNode;
  children: ReactNode;
}

export function Card({ id, title, subtitle, className, testId, actions, children }: CardProps) {
  return (
    <section className={className ? `card ${className}` : 'card'} data-testid={testId}>
      <header className="card-header">
        <div>
          <h2 id={`${id}-title`}>{title}</h2>
          {subtitle && <p className="card-subtitle">{subtitle}</p>}
        </div>
        {actions && <div className="card-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

/**
 * A titled panel. Not a named region unless asked (`region`): a region's name would shadow a control with
 * the same label (e.g. the "Interpolation" slider). Views whose names tests and screen readers rely on
 * ("Latent grid", "Bound ladder" …) ask for it.
 */
import { useEffect, useState, type ReactNode } from 'react';

export interface CardProps {
  /** Anchor of the heading (page.html#latent-title). */
  id: string;
  title: string;
  /** One-line plain-English subtitle under the heading. */
  subtitle?: ReactNode;
  className?: string;
  testId?: string;
  actions?: ReactNode;
  /** A named region (landmark) titled by its heading. */
  region?: boolean;
  children: ReactNode;
}

export function Card({ id, title, subtitle, className, testId, actions, region = false, children }: CardProps) {
  const [expanded, setExpanded] = useState(false);
  useEffect(() => {
    if (!expanded) return;
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setExpanded(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [expanded]);
  const classes = ['card', className, expanded ? 'expanded' : null].filter(Boolean).join(' ');
  return (
    <section id={id} className={classes} data-testid={testId} {...(region ? { role: 'region', 'aria-labelledby': `${id}-title` } : {})}>
      <header className="card-header">
        <div>
          <h2 id={`${id}-title`}>{title}</h2>
          {subtitle && <p className="card-subtitle">{subtitle}</p>}
        </div>
        <div className="card-actions">
          {actions}
          <button type="button" className="expand" aria-pressed={expanded} aria-label={expanded ? `Close ${title}` : 'Expand'} onClick={() => setExpanded(!expanded)}>
            {expanded ? 'Close' : 'Expand'}
          </button>
        </div>
      </header>
      {children}
    </section>
  );
}

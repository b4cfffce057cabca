/** KaTeX-typeset TeX; a typo shows as red source text instead of breaking the page (throwOnError false). */
import { useLayoutEffect, useMemo, useRef } from 'react';
import katex from 'katex';
import 'katex/dist/katex.min.css';

export interface MathProps {
  tex: string;
  /** Block (centred, larger) rather than inline. */
  displayMode?: boolean;
  className?: string;
}

export function Math({ tex, displayMode = false, className }: MathProps) {
  const html = useMemo(() => katex.renderToString(tex, { throwOnError: false, displayMode, output: 'htmlAndMathml' }), [tex, displayMode]);
  const classes = className ? `math ${className}` : 'math';
  if (!displayMode) return <span className={classes} dangerouslySetInnerHTML={{ __html: html }} />;
  return <DisplayMath html={html} className={classes} />;
}

/**
 * A display formula that scrolls sideways when wider than its box, and is then focusable so keyboards can scroll
 * it. The width is read only in ResizeObserver callbacks, which run after layout and before paint, so the check
 * never forces a layout (live numbers re-render these formulas at every snapshot). The observer watches the box and
 * KaTeX's inline-block runs (the children of `.katex-html`), whose widths change with new numbers and when web
 * fonts arrive; it is set up in a layout effect, so a new formula is checked before it is first painted.
 */
function DisplayMath({ html, className }: { html: string; className: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const box = ref.current;
    if (!box) return;
    const observer = new ResizeObserver(() => {
      if (box.scrollWidth > box.clientWidth + 1) box.tabIndex = 0;
      else box.removeAttribute('tabindex');
    });
    observer.observe(box);
    for (const run of box.querySelectorAll('.katex-html > *')) observer.observe(run);
    return () => observer.disconnect();
  }, [html]);
  return <div ref={ref} className={`${className} math-display`} dangerouslySetInnerHTML={{ __html: html }} />;
}

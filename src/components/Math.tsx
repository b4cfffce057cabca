/** KaTeX-typeset TeX; a typo shows as red source text instead of breaking the page (throwOnError false). */
import { useEffect, useMemo, useRef, useState } from 'react';
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
 * A display formula that scrolls sideways when wider than its box, and is then focusable so keyboards
 * can scroll it. Widths are read in ResizeObserver callbacks and at the next animation frame (after
 * layout), never synchronously: live numbers re-render these formulas several times a second.
 */
function DisplayMath({ html, className }: { html: string; className: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollable, setScrollable] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const measure = () => setScrollable(box.scrollWidth > box.clientWidth + 1);
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    // New numbers can widen the formula without resizing its box: measure once more at the next frame (after layout).
    const frame = requestAnimationFrame(measure);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [html]);
  return <div ref={ref} className={`${className} math-display`} tabIndex={scrollable ? 0 : undefined} dangerouslySetInnerHTML={{ __html: html }} />;
}

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
 * it. The width is checked as soon as the formula changes (a layout effect, before the browser paints: live numbers
 * can widen it at any snapshot), when its box is resized and when web fonts finish loading; the tabindex is set on
 * the element directly, so the check costs no re-render.
 */
function DisplayMath({ html, className }: { html: string; className: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const box = ref.current;
    if (!box) return;
    const update = () => {
      if (box.scrollWidth > box.clientWidth + 1) box.tabIndex = 0;
      else box.removeAttribute('tabindex');
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(box);
    // KaTeX's web fonts arriving later change the formula's width, not its box's.
    document.fonts.addEventListener('loadingdone', update);
    return () => {
      observer.disconnect();
      document.fonts.removeEventListener('loadingdone', update);
    };
  }, [html]);
  return <div ref={ref} className={`${className} math-display`} dangerouslySetInnerHTML={{ __html: html }} />;
}

/** KaTeX-typeset TeX; a typo shows as red source text instead of breaking the page (throwOnError false). */
import { useMemo } from 'react';
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
  const Tag = displayMode ? 'div' : 'span';
  return <Tag className={className ? `math ${className}` : 'math'} dangerouslySetInnerHTML={{ __html: html }} />;
}

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { familiesUsed, trimKatexCss } from './katexFonts';

const katexCss = readFileSync(createRequire(import.meta.url).resolve('katex/dist/katex.min.css'), 'utf8');

/** The font files an @font-face-bearing stylesheet refers to. */
function fontUrls(css: string): string[] {
  return [...css.matchAll(/url\(([^)]+)\)/g)].map((match) => match[1]).filter((url) => /\.(woff2?|ttf)$/.test(url));
}

describe('familiesUsed', () => {
  it('finds a family through its command, in raw strings and in escaped ones, but not in longer words', () => {
    expect([...familiesUsed([String.raw`\mathcal{N}(0, I)`])]).toEqual(['KaTeX_Caligraphic']);
    expect([...familiesUsed(["'\\\\mathfrak{g}'"])]).toEqual(['KaTeX_Fraktur']);
    expect([...familiesUsed([String.raw`\sfrac \ttext \mathrm{KL}`])]).toEqual([]);
  });
});

describe('trimKatexCss', () => {
  it('keeps woff2 only, and drops the optional families nobody uses', () => {
    const trimmed = trimKatexCss(katexCss, new Set(['KaTeX_Caligraphic']));
    const urls = fontUrls(trimmed);
    expect(fontUrls(katexCss).length).toBe(60);
    expect(urls.every((url) => url.endsWith('.woff2'))).toBe(true);
    expect(urls.some((url) => url.includes('Caligraphic'))).toBe(true);
    for (const family of ['Fraktur', 'Script', 'SansSerif', 'Typewriter']) expect(urls.some((url) => url.includes(family))).toBe(false);
    for (const family of ['Main-Regular', 'Math-Italic', 'AMS-Regular', 'Size1-Regular', 'Size4-Regular']) {
      expect(urls.some((url) => url.includes(family))).toBe(true);
    }
    expect(urls.length).toBe(13);
  });
});

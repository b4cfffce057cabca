/**
 * Vite plugin: KaTeX's stylesheet with woff2 fonts only, and only the font families the app's TeX can
 * use. Every browser that runs the lab reads woff2, so the woff and ttf fallbacks are dropped from each
 * @font-face (and so never reach dist/). Families that only a command selects (\mathcal → Caligraphic …)
 * are kept when that command appears somewhere in src/; the rest (Main, Math, AMS, Size1–4) always.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

/** Font families that appear only through these commands. */
const FAMILY_COMMANDS: Readonly<Record<string, readonly string[]>> = {
  KaTeX_Caligraphic: ['mathcal', 'cal'],
  KaTeX_Fraktur: ['mathfrak', 'frak'],
  KaTeX_Script: ['mathscr'],
  KaTeX_SansSerif: ['mathsf', 'textsf', 'sf'],
  KaTeX_Typewriter: ['mathtt', 'texttt', 'tt', 'verb'],
};

/** Every .ts/.tsx file under `dir`, read. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), 'utf8'));
}

/** The optional families whose commands some source file uses (written `\cmd` or, in a plain string, `\\cmd`). */
export function familiesUsed(sourceTexts: readonly string[]): Set<string> {
  const used = new Set<string>();
  for (const [family, commands] of Object.entries(FAMILY_COMMANDS)) {
    const pattern = new RegExp(`\\\\(${commands.join('|')})(?![A-Za-z])`);
    if (sourceTexts.some((text) => pattern.test(text))) used.add(family);
  }
  return used;
}

/** KaTeX's CSS with woff2-only @font-face rules, minus the optional families not in `used`. */
export function trimKatexCss(css: string, used: ReadonlySet<string>): string {
  return css.replace(/@font-face\{[^}]*\}/g, (rule) => {
    const family = /font-family:\s*"?([\w-]+)/.exec(rule)?.[1] ?? '';
    if (family in FAMILY_COMMANDS && !used.has(family)) return '';
    return rule.replace(/,\s*url\([^)]*\.(?:woff|ttf)\)\s*format\("(?:woff|truetype)"\)/g, '');
  });
}

/** The plugin; `srcDir` is scanned once per build for TeX commands. */
export function katexFonts(srcDir: string): Plugin {
  let used: Set<string> | null = null;
  return {
    name: 'vae-lab:katex-fonts',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]katex[\\/]dist[\\/]katex(\.min)?\.css(\?|$)/.test(id)) return null;
      used ??= familiesUsed(sources(srcDir));
      return { code: trimKatexCss(code, used), map: null };
    },
  };
}

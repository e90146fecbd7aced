/**
 * Text in the PDFs printed as it was typed. PDFKit draws each run of text in one font and has no
 * fallback of its own, so a character DejaVu Sans lacks (an emoji, a flag) would print as an
 * empty box. Here text is cut into runs: each grapheme (a whole emoji sequence, a letter with its
 * accents) in DejaVu Sans when it has every glyph, else in Noto Emoji (monochrome, from the
 * @expo-google-fonts/noto-emoji package), else each character neither font has is written as its
 * code point, "⟦U+4E2D⟧", so nothing vanishes or prints as a box.
 *
 * Invisible characters that change how text reads (right-to-left marks, embeddings, overrides
 * and isolates, zero-width spaces) are never applied: each is printed visibly, "⟦U+202E⟧", so a
 * record cannot be made to read differently from what was stored. (PDFKit does no bidirectional
 * reordering: text prints in the order it was typed and stored.)
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Fontkit from 'fontkit';

const require = createRequire(import.meta.url);
const DEJAVU = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const NOTO_EMOJI = join(
  dirname(require.resolve('@expo-google-fonts/noto-emoji')),
  '400Regular',
  'NotoEmoji_400Regular.ttf',
);

export const REGULAR = 'DejaVu';
export const BOLD = 'DejaVu-Bold';
export const EMOJI = 'NotoEmoji';
export type TextFont = typeof REGULAR | typeof BOLD;

export const FONT_FILES: Record<TextFont | typeof EMOJI, string> = {
  [REGULAR]: join(DEJAVU, 'DejaVuSans.ttf'),
  [BOLD]: join(DEJAVU, 'DejaVuSans-Bold.ttf'),
  [EMOJI]: NOTO_EMOJI,
};

interface Coverage {
  hasGlyphForCodePoint(codePoint: number): boolean;
}
const coverage = new Map<string, Coverage>();
function fontOf(name: TextFont | typeof EMOJI): Coverage {
  let font = coverage.get(name);
  if (!font) {
    // loaded on the first PDF, not at start: fontkit and its tables are some 20 MB of a server
    // that may never print one (bench/RESULTS.md, session 19); PDFKit requires this same copy
    const fontkit = require('fontkit') as typeof Fontkit;
    font = fontkit.openSync(FONT_FILES[name]);
    coverage.set(name, font);
  }
  return font;
}

/** Direction controls and other invisible characters that could make text read otherwise. */
const INVISIBLE =
  /[\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0]/gu;

const codePoint = (char: string) =>
  `⟦U+${(char.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}⟧`;

/** Each invisible character that could change how the text reads, written as its code point. */
export function showInvisible(text: string): string {
  return text.replace(INVISIBLE, codePoint);
}

/** Joiners, variation selectors and line breaks: the layout's business, no glyph of their own. */
const LAYOUT_ONLY = new Set([0x09, 0x0a, 0x0d, 0x200c, 0x200d, 0xfe0e, 0xfe0f]);
const PICTOGRAPHIC = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3|\ufe0f/u;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

export interface Run {
  text: string;
  font: TextFont | typeof EMOJI;
  /** graphemes in the run, for measuring emoji runs */
  count: number;
}

/** The text as runs, each in a font that has every glyph of it. */
export function runsOf(text: string, font: TextFont = REGULAR): Run[] {
  const runs: Run[] = [];
  const push = (piece: string, inFont: Run['font']) => {
    const last = runs.at(-1);
    if (last && last.font === inFont) {
      last.text += piece;
      last.count += 1;
    } else runs.push({ text: piece, font: inFont, count: 1 });
  };
  const has = (name: Run['font'], chars: string) =>
    [...chars].every((c) => {
      const cp = c.codePointAt(0) as number;
      return LAYOUT_ONLY.has(cp) || fontOf(name).hasGlyphForCodePoint(cp);
    });
  for (const { segment } of graphemes.segment(showInvisible(text))) {
    if (PICTOGRAPHIC.test(segment) && has(EMOJI, segment)) push(segment, EMOJI);
    else if (has(font, segment)) push(segment, font);
    else if (has(EMOJI, segment)) push(segment, EMOJI);
    else {
      for (const char of segment) {
        if (has(font, char)) push(char, font);
        else if (has(EMOJI, char)) push(char, EMOJI);
        else push(codePoint(char), font);
      }
    }
  }
  return runs;
}

type Doc = PDFKit.PDFDocument;
type Options = PDFKit.Mixins.TextOptions;

/** Writes text at (x, y) as `doc.text` would, each run in the font that has it. */
export function write(doc: Doc, text: string, font: TextFont, x: number, y: number, o: Options) {
  const runs = runsOf(text, font);
  if (runs.length === 0) return doc.font(font).text('', x, y, o);
  runs.forEach((run, i) => {
    const options = { ...o, continued: i < runs.length - 1 };
    doc.font(run.font);
    if (i === 0) doc.text(run.text, x, y, options);
    else doc.text(run.text, options);
  });
  return doc.font(font);
}

/** The height `write` takes: an emoji measured as the widest letter, which it is about as wide as. */
export function measure(doc: Doc, text: string, font: TextFont, o: Options): number {
  const shown = runsOf(text, font)
    .map((run) => (run.font === EMOJI ? 'W'.repeat(run.count) : run.text))
    .join('');
  return doc.font(font).heightOfString(shown, o);
}

import { describe, expect, it } from 'vitest';
import { BOLD, EMOJI, REGULAR, runsOf, showInvisible } from './pdf-text.js';

describe('text for the PDFs', () => {
  it('shows every direction control and invisible character as its code point', () => {
    expect(showInvisible('a\u202eb\u200fc\u202bd\u202ce\u2066f\u2069g\u200bh\ufeffi\u061cj')).toBe(
      'a⟦U+202E⟧b⟦U+200F⟧c⟦U+202B⟧d⟦U+202C⟧e⟦U+2066⟧f⟦U+2069⟧g⟦U+200B⟧h⟦U+FEFF⟧i⟦U+061C⟧j',
    );
    // joiners that shape scripts and emoji are left to the layout
    expect(showInvisible('👩\u200d🍼 \u200c')).toBe('👩\u200d🍼 \u200c');
  });

  it('puts each emoji sequence whole in Noto Emoji and the rest in DejaVu Sans', () => {
    expect(runsOf('Zoë 👩🏽‍🍼 and 🇬🇧 1️⃣ ✓ é')).toEqual([
      { text: 'Zoë ', font: REGULAR, count: 4 },
      { text: '👩🏽‍🍼', font: EMOJI, count: 1 },
      { text: ' and ', font: REGULAR, count: 5 },
      { text: '🇬🇧', font: EMOJI, count: 1 },
      { text: ' ', font: REGULAR, count: 1 },
      { text: '1️⃣', font: EMOJI, count: 1 },
      { text: ' ✓ é', font: REGULAR, count: 4 },
    ]);
    expect(runsOf('Bold 🦄', BOLD).map((r) => r.font)).toEqual([BOLD, EMOJI]);
  });

  it('names a character neither font has, and keeps line breaks as they are', () => {
    expect(runsOf('中\n文\u0085')).toEqual([
      { text: '⟦U+4E2D⟧\n⟦U+6587⟧⟦U+0085⟧', font: REGULAR, count: 4 },
    ]);
  });
});

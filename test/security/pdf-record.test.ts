/**
 * The PDF case record prints what was typed (issue 19): emoji and flags in a font that has them
 * (Noto Emoji beside DejaVu Sans), a character neither font has as its code point, and the
 * invisible direction controls (U+202E, U+200F, U+202B, U+202C, ...) shown as their code points
 * rather than applied or dropped, in every text that reaches the record: the child, every part
 * of the disagreement, a discussion, and the names of the people, agencies and partnership.
 */
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonSummary } from '../../src/services/people.js';
import { Agent, givePasswords } from '../pages/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let raiser: PersonSummary;
let other: PersonSummary;

const CONTROLS = ['\u202e', '\u200f', '\u202b', '\u202c', '\u2067', '\u200b'];
const EMOJI = ['👩🏽‍🍼', '🇬🇧', '🦄', '1️⃣'];
/** Every hostile piece at once: direction controls, emoji, a character no embedded font has. */
const hostile = (what: string) =>
  `${what} \u202eexe.evil\u202c \u200fمرحبا \u202bembedded\u202c \u2067iso\u2069 zero\u200bwidth ${EMOJI.join(' ')} ✓ 中`;

async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  // lines wrap anywhere in a long text: compare without the spaces
  return text.replace(/\s+/g, '');
}
const squeeze = (text: string) => text.replace(/\s+/g, '');

beforeAll(async () => {
  t = await createTestApp();
  raiser = t.person('frontline', 'Hillcrest');
  other = t.person('frontline', "Bromley Children's Social Care");
  await givePasswords(t.store, [raiser]);
  // the names the directory holds reach the record too
  await t.store.db
    .updateTable('people')
    .set({ name: hostile('Alex Raiser') })
    .where('id', '=', raiser.id)
    .execute();
  await t.store.db
    .updateTable('agencies')
    .set({ name: hostile('Bromley') })
    .where('id', '=', other.agency?.id as string)
    .execute();
  await t.store.db
    .updateTable('partnerships')
    .set({ name: hostile('Partnership') })
    .where('key', '=', raiser.partnership)
    .execute();
});
afterAll(async () => t.close());

describe('the PDF case record', () => {
  it('prints every text as typed: emoji in a font that has them, direction controls shown, never applied', async () => {
    const raised = await t.api(raiser, 'POST', '/api/v1/cases', {
      children: [{ name: hostile('Child'), dateOfBirth: '2021-05-14', caseNumber: hostile('C') }],
      agencies: [other.agency?.id],
      category: 'communication',
      disagreement: hostile('Disagreement'),
      evidence: { nature: hostile('Nature'), source: hostile('Source') },
      actionsToDate: hostile('Actions'),
      outcomeSought: hostile('Outcome'),
      immediateRisk: false,
    });
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    const id = raised.body.id as string;
    const discussed = await t.api(raiser, 'POST', `/api/v1/cases/${id}/commands`, {
      type: 'record-discussion',
      expectedVersion: raised.body.version,
      when: '2026-11-02T09:00:00Z',
      how: 'phone',
      participants: [hostile('Participant')],
      summary: hostile('Summary'),
      outcome: hostile('Discussion outcome'),
    });
    expect(discussed.status, JSON.stringify(discussed.body)).toBe(200);

    const browser = new Agent(t.app);
    await browser.signIn(raiser);
    const answer = await t.app.inject({
      url: `/cases/${id}/record.pdf`,
      headers: { cookie: browser.cookie as string },
    });
    expect(answer.statusCode).toBe(200);
    const raw = answer.rawPayload.toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoEmoji/);
    const text = await pdfText(answer.rawPayload);

    for (const what of [
      'Child',
      'Disagreement',
      'Nature',
      'Source',
      'Actions',
      'Outcome',
      'Participant',
      'Summary',
      'Discussion outcome',
      'Alex Raiser',
      'Bromley',
      'Partnership',
    ]) {
      expect(text, what).toContain(squeeze(`${what} ⟦U+202E⟧exe.evil⟦U+202C⟧`));
    }
    for (const shown of ['⟦U+200F⟧مرحبا', '⟦U+202B⟧embedded⟦U+202C⟧', '⟦U+2067⟧iso⟦U+2069⟧']) {
      expect(text).toContain(shown);
    }
    expect(text).toContain('zero⟦U+200B⟧width');
    // a character neither embedded font has is named, not boxed or dropped
    expect(text).toContain('✓⟦U+4E2D⟧');
    for (const emoji of EMOJI) expect(text, emoji).toContain(emoji);
    // no direction control is left to act on the text
    for (const control of CONTROLS) expect(text, control).not.toContain(control);
  }, 60_000);
});

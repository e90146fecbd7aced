/**
 * The raise journey's questions but the children: each shows one thing, parses its answer with
 * the shared RaiseCommand schema (so the messages are the API's), and saves it in the answers.
 */
import { DateTime } from 'luxon';
import { RaiseCommand } from '../../../domain/case/index.js';
import { riskGuidance } from '../../../services/immediate-risk.js';
import type { RaiseContext } from '../../../services/raise-context.js';
import { CATEGORY_HINTS, CATEGORY_LABELS, ROLE_LABELS } from '../../../words.js';
import {
  dateInput,
  dateParts,
  type FormBody,
  type FormErrors,
  formErrors,
  list,
  text,
  zodErrors,
} from '../../forms.js';
import type { RaiseAnswers } from './answers.js';

export type Saved =
  | { ok: true; answers: RaiseAnswers }
  | { ok: false; errors: FormErrors; values: Record<string, unknown> };

export interface Question {
  key: string;
  template: string;
  /** what the page shows: the saved answer as the form's values, and what the question needs */
  view(a: RaiseAnswers, ctx: RaiseContext): Record<string, unknown>;
  save(body: FormBody, a: RaiseAnswers, ctx: RaiseContext, now: Date): Saved;
}

const shape = RaiseCommand.shape;

function textQuestion(
  key: string,
  field: 'disagreement' | 'actionsToDate' | 'outcomeSought',
  heading: string,
  hint: string,
): Question {
  return {
    key,
    template: 'raise/text.njk',
    view: (a) => ({ heading, hint, values: { answer: a[field] ?? '' } }),
    save(body, a) {
      const parsed = shape[field].safeParse(text(body, 'answer'));
      if (parsed.success) return { ok: true, answers: { ...a, [field]: parsed.data } };
      return {
        ok: false,
        errors: zodErrors(parsed.error, { '': 'answer' }),
        values: { heading, hint, values: { answer: text(body, 'answer') } },
      };
    },
  };
}

const consultation: Question = {
  key: 'consultation',
  template: 'raise/consultation.njk',
  view: (_a, ctx) => ({
    consultation: ctx.policy.consultation,
    withWhom: (ctx.policy.consultation?.with ?? []).map((r) => ROLE_LABELS[r] ?? r).join(' or '),
  }),
  save: (_body, a) => ({ ok: true, answers: { ...a, consulted: true } }),
};

const agencies: Question = {
  key: 'agencies',
  template: 'raise/agencies.njk',
  view: (a, ctx) => ({ agencies: ctx.agencies, values: { agencies: a.agencies ?? [] } }),
  save(body, a, ctx) {
    const chosen = list(body, 'agencies');
    const parsed = shape.agencies.safeParse(chosen);
    const known = new Set(ctx.agencies.map((x) => x.id));
    if (parsed.success && parsed.data.every((id) => known.has(id))) {
      return { ok: true, answers: { ...a, agencies: parsed.data } };
    }
    const errors = parsed.success
      ? formErrors([{ field: 'agencies', message: 'Select the agency you disagree with' }])
      : zodErrors(parsed.error, { '': 'agencies' });
    return { ok: false, errors, values: { agencies: ctx.agencies, values: { agencies: chosen } } };
  },
};

const category: Question = {
  key: 'category',
  template: 'raise/category.njk',
  view: (a, ctx) => ({
    categories: ctx.policy.categories.map((c) => ({
      value: c,
      text: CATEGORY_LABELS[c] ?? c,
      hint: CATEGORY_HINTS[c],
    })),
    values: { category: a.category },
  }),
  save(body, a, ctx) {
    const parsed = shape.category.safeParse(text(body, 'category'));
    if (parsed.success && ctx.policy.categories.includes(parsed.data)) {
      return { ok: true, answers: { ...a, category: parsed.data } };
    }
    const errors = formErrors([
      { field: 'category', message: 'Select what the disagreement is about' },
    ]);
    return { ok: false, errors, values: category.view({ ...a, category: undefined }, ctx) };
  },
};

const evidence: Question = {
  key: 'evidence',
  template: 'raise/evidence.njk',
  view: (a) => ({ values: a.evidence ?? {} }),
  save(body, a) {
    const values = { nature: text(body, 'nature'), source: text(body, 'source') };
    const parsed = shape.evidence.safeParse(values);
    if (parsed.success) return { ok: true, answers: { ...a, evidence: parsed.data } };
    const errors = zodErrors(parsed.error, { nature: 'nature', source: 'source' });
    return { ok: false, errors, values: { values } };
  },
};

const yesNo = (value: string) => (value === 'yes' ? true : value === 'no' ? false : undefined);

const immediateRisk: Question = {
  key: 'immediate-risk',
  template: 'raise/immediate-risk.njk',
  view: (a) => ({ values: { immediateRisk: a.immediateRisk } }),
  save(body, a) {
    const parsed = shape.immediateRisk.safeParse(yesNo(text(body, 'immediateRisk')));
    if (parsed.success) {
      const seen = parsed.data === a.immediateRisk ? a.riskInstructionSeen : false;
      return { ok: true, answers: { ...a, immediateRisk: parsed.data, riskInstructionSeen: seen } };
    }
    return {
      ok: false,
      errors: zodErrors(parsed.error, { '': 'immediateRisk' }),
      values: { values: {} },
    };
  },
};

const riskAction: Question = {
  key: 'immediate-risk-action',
  template: 'raise/immediate-risk-action.njk',
  view(_a, ctx) {
    const risk = riskGuidance(ctx.policy, ctx.role, ctx.hubPhone);
    const { contacts } = ctx.policy;
    const hub = contacts.hub && { ...contacts.hub, phone: risk.phone ?? undefined };
    return {
      risk,
      contacts: [ctx.policy.immediateRisk.referral.contact, hub, contacts.businessUnit].filter(
        (c) => c !== undefined,
      ),
    };
  },
  save: (_body, a) => ({ ok: true, answers: { ...a, riskInstructionSeen: true } }),
};

/** The child-protective deadline falls at the policy's due time on the date given. */
export function deadlineInstant(date: string, dueTime: string): string {
  return DateTime.fromISO(`${date}T${dueTime}`, { zone: 'Europe/London' }).toISO({
    suppressMilliseconds: true,
  }) as string;
}

/** One optional date: blank means the policy's timescales protect the child. */
const deadline: Question = {
  key: 'deadline',
  template: 'raise/deadline.njk',
  view: (a, ctx) => ({
    dueTime: ctx.policy.dueTime,
    values: { date: dateParts(a.deadline?.date) },
  }),
  save(body, a, ctx, now) {
    const date = dateInput(body, 'deadline', 'The deadline');
    const values = {
      dueTime: ctx.policy.dueTime,
      values: {
        date: {
          day: text(body, 'deadline-day'),
          month: text(body, 'deadline-month'),
          year: text(body, 'deadline-year'),
        },
      },
    };
    const refuse = (message: string): Saved => ({
      ok: false,
      errors: formErrors([{ field: 'deadline-day', message }]),
      values,
    });
    if (!date.ok) return refuse(date.message);
    if (date.iso === undefined) return { ok: true, answers: { ...a, deadline: { wanted: false } } };
    const instant = deadlineInstant(date.iso, ctx.policy.dueTime);
    if (Date.parse(instant) <= now.getTime()) return refuse('The deadline must be in the future');
    const parsed = shape.childProtectiveDeadline.safeParse(instant);
    if (!parsed.success) return refuse(parsed.error.issues[0]?.message ?? 'Enter a real date');
    return { ok: true, answers: { ...a, deadline: { wanted: true, date: date.iso } } };
  },
};

export const QUESTIONS: Question[] = [
  consultation,
  agencies,
  category,
  textQuestion(
    'disagreement',
    'disagreement',
    'What exactly do you disagree about?',
    'Be specific: the decision, action or inaction of the other agency, and why you think it leaves the child unsafe.',
  ),
  evidence,
  textQuestion(
    'actions-to-date',
    'actionsToDate',
    'What has been done so far?',
    'Include referrals, calls and meetings, with dates, and who you spoke to.',
  ),
  textQuestion(
    'outcome',
    'outcomeSought',
    'What outcome are you seeking?',
    'For example, a strategy discussion within two working days.',
  ),
  immediateRisk,
  riskAction,
  deadline,
];

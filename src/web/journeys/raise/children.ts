/** The children the disagreement is about: one page per child, then "add another child". */
import { ChildInput } from '../../../domain/case/index.js';
import {
  dateInput,
  dateParts,
  type FormBody,
  type FormErrors,
  formErrors,
  list,
  optional,
  text,
  zodErrors,
} from '../../forms.js';
import type { ChildAnswer, RaiseAnswers } from './answers.js';

const FIELDS = {
  name: 'name',
  dateOfBirth: 'dob-day',
  caseNumber: 'caseNumber',
  cpChairEmail: 'cpChairEmail',
  iroEmail: 'iroEmail',
};

export function childView(child: Partial<ChildAnswer> | undefined, n: number) {
  const flags = [
    child?.childProtectionPlan ? 'childProtectionPlan' : '',
    child?.lookedAfter ? 'lookedAfter' : '',
    child?.childInNeed ? 'childInNeed' : '',
  ].filter(Boolean);
  return {
    n,
    values: {
      name: child?.name ?? '',
      dob: dateParts(child?.dateOfBirth),
      caseNumber: child?.caseNumber ?? '',
      flags,
      cpChairEmail: child?.cpChairEmail ?? '',
      iroEmail: child?.iroEmail ?? '',
    },
  };
}

function bodyView(body: FormBody, n: number) {
  return {
    n,
    values: {
      name: text(body, 'name'),
      dob: {
        day: text(body, 'dob-day'),
        month: text(body, 'dob-month'),
        year: text(body, 'dob-year'),
      },
      caseNumber: text(body, 'caseNumber'),
      flags: list(body, 'flags'),
      cpChairEmail: text(body, 'cpChairEmail'),
      iroEmail: text(body, 'iroEmail'),
    },
  };
}

export type ChildSaved =
  | { ok: true; answers: RaiseAnswers }
  | { ok: false; errors: FormErrors; values: Record<string, unknown> };

export function saveChild(body: FormBody, a: RaiseAnswers, n: number, now: Date): ChildSaved {
  const flags = new Set(list(body, 'flags'));
  const dob = dateInput(body, 'dob', 'Date of birth');
  // both read whatever the flags, so that either sent twice is refused (forms.ts `text`)
  const cpChairEmail = optional(body, 'cpChairEmail');
  const iroEmail = optional(body, 'iroEmail');
  const child = {
    name: text(body, 'name'),
    dateOfBirth: dob.ok ? dob.iso : undefined,
    caseNumber: optional(body, 'caseNumber'),
    childProtectionPlan: flags.has('childProtectionPlan'),
    lookedAfter: flags.has('lookedAfter'),
    childInNeed: flags.has('childInNeed'),
    // an e-mail is kept only with the flag that needs it
    cpChairEmail: flags.has('childProtectionPlan') ? cpChairEmail : undefined,
    iroEmail: flags.has('lookedAfter') ? iroEmail : undefined,
  };
  const parsed = ChildInput.safeParse(child);
  const dateMessage = !dob.ok
    ? dob.message
    : dob.iso && Date.parse(dob.iso) > now.getTime()
      ? 'Date of birth must be today or in the past'
      : undefined;
  if (parsed.success && !dateMessage) {
    const children = [...a.children];
    const adding = n === children.length + 1;
    children[n - 1] = parsed.data;
    return { ok: true, answers: { ...a, children, addAnother: adding ? undefined : a.addAnother } };
  }
  const issues = parsed.success ? [] : zodErrors(parsed.error, FIELDS).summary;
  const list2 = [
    ...issues.map((i) => ({ field: i.href.slice(1), message: i.text })),
    ...(dateMessage ? [{ field: 'dob-day', message: dateMessage }] : []),
  ].sort((x, y) => order(x.field) - order(y.field));
  return { ok: false, errors: formErrors(list2), values: bodyView(body, n) };
}

const order = (field: string) => Object.values(FIELDS).indexOf(field);

export function saveAddAnother(body: FormBody, a: RaiseAnswers): ChildSaved {
  const answer = text(body, 'addAnother');
  if (answer === 'yes' || answer === 'no') {
    return { ok: true, answers: { ...a, addAnother: answer } };
  }
  return {
    ok: false,
    errors: formErrors([
      { field: 'addAnother', message: 'Select yes if you need to add another child' },
    ]),
    values: { children: a.children },
  };
}

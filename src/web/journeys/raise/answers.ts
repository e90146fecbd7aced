/**
 * The raise journey's answers, kept in the session until the disagreement is raised, and the
 * order of its questions: a question can be visited only when every question before it has an
 * answer, so no step can be skipped by typing its address.
 */
import type { Category, Policy } from '../../../domain/policy/schema.js';
import type { Session } from '../../../services/sessions.js';

export interface ChildAnswer {
  name: string;
  dateOfBirth?: string;
  caseNumber?: string;
  childProtectionPlan: boolean;
  lookedAfter: boolean;
  childInNeed: boolean;
  cpChairEmail?: string;
  iroEmail?: string;
}

export interface RaiseAnswers {
  consulted?: boolean;
  children: ChildAnswer[];
  /** the answer to "Do you need to add another child?" */
  addAnother?: 'yes' | 'no';
  agencies?: string[];
  category?: Category;
  disagreement?: string;
  evidence?: { nature: string; source: string };
  actionsToDate?: string;
  outcomeSought?: string;
  immediateRisk?: boolean;
  riskInstructionSeen?: boolean;
  deadline?: { wanted: boolean; date?: string };
}

const JOURNEY = 'raise';

export function answersOf(session: Session): RaiseAnswers {
  const saved = session.data.journeys?.[JOURNEY] as RaiseAnswers | undefined;
  return saved ?? { children: [] };
}

export function keepAnswers(session: Session, answers: RaiseAnswers | undefined): void {
  const journeys = { ...session.data.journeys };
  if (answers) journeys[JOURNEY] = answers;
  else delete journeys[JOURNEY];
  session.data.journeys = journeys;
}

interface Step {
  key: string;
  applies?: (a: RaiseAnswers, policy: Policy) => boolean;
  done: (a: RaiseAnswers) => boolean;
}

const filled = (value: string | undefined) => value !== undefined && value !== '';

/** The questions in order; `children` stands for the child pages and "add another". */
export const STEPS: Step[] = [
  {
    key: 'consultation',
    applies: (_a, p) => p.consultation !== undefined,
    done: (a) => !!a.consulted,
  },
  { key: 'children', done: (a) => a.children.length > 0 && a.addAnother === 'no' },
  { key: 'agencies', done: (a) => (a.agencies?.length ?? 0) > 0 },
  { key: 'category', done: (a) => a.category !== undefined },
  { key: 'disagreement', done: (a) => filled(a.disagreement) },
  { key: 'evidence', done: (a) => a.evidence !== undefined },
  { key: 'actions-to-date', done: (a) => filled(a.actionsToDate) },
  { key: 'outcome', done: (a) => filled(a.outcomeSought) },
  { key: 'immediate-risk', done: (a) => a.immediateRisk !== undefined },
  {
    key: 'immediate-risk-action',
    applies: (a) => a.immediateRisk === true,
    done: (a) => !!a.riskInstructionSeen,
  },
  // Asked only after "a child is at immediate risk": that question already asks whether the
  // child could be harmed before the policy's timescales run out, which is when a sooner
  // deadline is needed. Otherwise the policy's timescales stand (the API can still set one).
  {
    key: 'deadline',
    applies: (a) => a.immediateRisk === true,
    done: (a) => a.deadline !== undefined,
  },
];

const applicable = (a: RaiseAnswers, policy: Policy) =>
  STEPS.filter((s) => s.applies?.(a, policy) ?? true);

/** The path (under /cases/new/) of the first question without an answer, else 'check'. */
export function nextPath(a: RaiseAnswers, policy: Policy): string {
  const step = applicable(a, policy).find((s) => !s.done(a));
  if (!step) return 'check';
  if (step.key !== 'children') return step.key;
  return a.children.length === 0 || a.addAnother === 'yes'
    ? `child/${a.children.length + 1}`
    : 'children';
}

/** Whether every question before `key` has an answer (and `key` applies). */
export function mayVisit(key: string, a: RaiseAnswers, policy: Policy): boolean {
  const steps = applicable(a, policy);
  const index = key === 'check' ? steps.length : steps.findIndex((s) => s.key === key);
  return index >= 0 && steps.slice(0, index).every((s) => s.done(a));
}

/** Child n (1-based) may be edited, or added next when the person asked to add another. */
export function mayVisitChild(n: number, a: RaiseAnswers, policy: Policy): boolean {
  if (!mayVisit('children', a, policy) || !Number.isInteger(n) || n < 1) return false;
  if (n <= a.children.length) return true;
  return n === a.children.length + 1 && (a.children.length === 0 || a.addAnother === 'yes');
}

/** Where the Back link of a question goes: the question before it. */
export function backPath(key: string, a: RaiseAnswers, policy: Policy): string {
  const steps = applicable(a, policy);
  const index = steps.findIndex((s) => s.key === key);
  if (index <= 0) return '/cases';
  const before = steps[index - 1] as Step;
  return `/cases/new/${before.key === 'children' ? 'children' : before.key}`;
}

/** Where Check your answers' Back link goes: the last question this person answered. */
export function lastQuestionPath(a: RaiseAnswers, policy: Policy): string {
  const last = applicable(a, policy).at(-1) as Step;
  return `/cases/new/${last.key}`;
}

/** The pages a step shows: the children step is a page per child, then "add another". */
function pagesOf(step: Step, a: RaiseAnswers, childShown: number): number {
  return step.key === 'children' ? Math.max(a.children.length, childShown, 1) + 1 : 1;
}

export interface Progress {
  number: number;
  total: number;
}

/**
 * "Question 4 of 10" for the page of `key` (for a child page, `child` is its number): counted
 * over the pages this person will see, given their answers so far (a child at immediate risk
 * adds the instruction and the deadline; each child added, a page).
 */
export function progressOf(
  key: string,
  a: RaiseAnswers,
  policy: Policy,
  child?: number,
): Progress | undefined {
  const steps = applicable(a, policy);
  const stepKey = key === 'child' ? 'children' : key;
  const index = steps.findIndex((s) => s.key === stepKey);
  if (index < 0) return undefined;
  const shown = child ?? 0;
  const before = steps.slice(0, index).reduce((sum, s) => sum + pagesOf(s, a, shown), 0);
  const total = steps.reduce((sum, s) => sum + pagesOf(s, a, shown), 0);
  const within =
    key === 'child' ? shown : key === 'children' ? pagesOf(steps[index] as Step, a, shown) : 1;
  return { number: before + within, total };
}

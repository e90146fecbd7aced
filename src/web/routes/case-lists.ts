/**
 * The wider case lists: the team view (/cases/team: a manager's reports, anywhere down the line,
 * and a DSL's agency) and the partnership view (/cases/all: the partnership team and the chair,
 * with filters and pages). Thin: parse with the list's one schema, call the service, render.
 */
import type { FastifyInstance } from 'fastify';
import { isPartnershipWide } from '../../services/access.js';
import {
  CASES_PER_PAGE,
  hasTeam,
  type ListedCase,
  OVERDUE_COUNTED,
  partnershipCases,
  teamCases,
} from '../../services/case-lists.js';
import type { CaseServiceDeps } from '../../services/cases/index.js';
import { filterOptions } from '../../services/oversight.js';
import { CATEGORY_LABELS, dueWords, STATUS_LABELS } from '../../words.js';
import { CASE_STATUSES, CaseListQuery, caseListSearch } from '../case-list-query.js';
import { type FormBody, formErrors, text } from '../forms.js';
import { paths } from '../paths.js';
import { reach } from '../route-access.js';
import { pageActor } from './guard.js';

/** The rows as the tables show them. */
export function caseRows(cases: ListedCase[], now: Date) {
  return cases.map((c) => ({
    ...c,
    category: CATEGORY_LABELS[c.category] ?? c.category,
    status: STATUS_LABELS[c.status] ?? c.status,
    due: c.dueAt ? dueWords(c.dueAt, now) : 'No due time',
  }));
}

/** GOV.UK pagination: the first, the last, and the pages either side of this one. */
export function pagination(page: number, pages: number, href: (page: number) => string) {
  if (pages <= 1) return undefined;
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = [];
  for (let n = 1; n <= pages; n++) {
    if (n === 1 || n === pages || Math.abs(n - page) <= 1) {
      items.push({ number: n, href: href(n), current: n === page });
    } else if (!('ellipsis' in (items.at(-1) ?? {}))) {
      items.push({ ellipsis: true });
    }
  }
  return {
    items,
    previous: page > 1 ? { href: href(page - 1) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
  };
}

/** The form's field for each filter, so a message links to what to change. */
const FIELDS: Record<string, string> = {
  status: 'status',
  stage: 'stage',
  overdue: 'overdue',
  agency: 'agency',
  category: 'category',
  page: 'status',
};

export async function caseListRoutes(app: FastifyInstance, deps: CaseServiceDeps): Promise<void> {
  app.get(paths.teamCases.pattern, reach('signed-in'), async (request, reply) => {
    const actor = pageActor(request, reply);
    if (!actor) return reply;
    const page = CaseListQuery.shape.page.safeParse(text(request.query as FormBody, 'page'));
    if (isPartnershipWide(actor))
      return reply.render('case-lists/team.njk', { partnershipWide: true });
    if (!(await hasTeam(deps.db, actor)))
      return reply.render('case-lists/team.njk', { noTeam: true });
    if (!page.success) {
      return reply.code(400).render('case-lists/team.njk', {
        badPage: page.error.issues[0]?.message,
        isDsl: actor.role === 'dsl',
      });
    }
    const shown = await teamCases(deps, actor, page.data);
    if (shown.cases.length === 0 && page.data > 1) {
      return reply.code(400).render('case-lists/team.njk', {
        badPage: `There is no page ${page.data} of your team's open cases`,
        isDsl: actor.role === 'dsl',
      });
    }
    const href = (n: number) => `${paths.teamCases()}${n > 1 ? `?page=${n}` : ''}`;
    return reply.render('case-lists/team.njk', {
      isDsl: actor.role === 'dsl',
      cases: caseRows(shown.cases, deps.now()),
      overdue: shown.overdue,
      overdueCapped: shown.overdue >= OVERDUE_COUNTED,
      page: shown.page,
      pagination:
        shown.more || shown.page > 1
          ? {
              previous: shown.page > 1 ? { href: href(shown.page - 1) } : undefined,
              next: shown.more ? { href: href(shown.page + 1) } : undefined,
            }
          : undefined,
    });
  });

  app.get(paths.allCases.pattern, reach('oversight'), async (request, reply) => {
    const actor = pageActor(request, reply);
    if (!actor) return reply;
    // the partnership team and chair only; to anyone else the page does not exist, as for
    // the partnership dashboard
    if (!isPartnershipWide(actor)) return reply.code(404).render('404.njk');
    const raw = request.query as FormBody;
    const form = Object.fromEntries(
      ['status', 'stage', 'overdue', 'agency', 'category', 'page'].map((k) => [k, text(raw, k)]),
    );
    const options = await filterOptions(deps, actor);
    const choices = {
      ...options,
      statuses: CASE_STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s] ?? s })),
      overdue: [
        { value: 'true', text: 'Overdue now' },
        { value: 'false', text: 'Not overdue' },
      ],
    };
    // the page reads only its own fields (a stray one is ignored); the API refuses strays
    const parsed = CaseListQuery.safeParse(form);
    const problems = parsed.success
      ? [
          ...(parsed.data.agency && !options.agencies.some((a) => a.value === parsed.data.agency)
            ? [{ field: 'agency', message: 'Choose an agency from the list' }]
            : []),
          ...(parsed.data.stage !== undefined &&
          !options.stages.some((s) => s.value === String(parsed.data.stage))
            ? [{ field: 'stage', message: 'Choose a stage from the list' }]
            : []),
        ]
      : parsed.error.issues.map((issue) => ({
          field: FIELDS[String(issue.path[0])] ?? 'status',
          message: sentence(issue.message),
        }));
    if (!parsed.success || problems.length > 0) {
      const errors = formErrors(problems);
      return reply.code(400).render('case-lists/all.njk', {
        options: choices,
        form,
        errors,
        errorSummary: errors.summary,
      });
    }
    const { page, ...filters } = parsed.data;
    const shown = await partnershipCases(deps, actor, filters, page);
    if (page > 1 && page > shown.pages) {
      const errors = formErrors([
        {
          field: 'status',
          message:
            shown.pages === 0
              ? `There is no page ${page}: no cases match these filters`
              : `There is no page ${page}: the list has ${shown.pages} page${shown.pages === 1 ? '' : 's'}`,
        },
      ]);
      return reply.code(400).render('case-lists/all.njk', {
        options: choices,
        form,
        errors,
        errorSummary: errors.summary,
      });
    }
    const filtered = caseListSearch(filters) !== '';
    return reply.render('case-lists/all.njk', {
      options: choices,
      form,
      filtered,
      cases: caseRows(shown.cases, deps.now()),
      total: shown.total,
      overdue: shown.overdue,
      page,
      pages: shown.pages,
      first: (page - 1) * CASES_PER_PAGE + 1,
      last: (page - 1) * CASES_PER_PAGE + shown.cases.length,
      pagination: pagination(
        page,
        shown.pages,
        (n) => `${paths.allCases()}${caseListSearch(filters, n)}`,
      ),
    });
  });
}

/** The schema's messages start lower case (the API's style); a page's start with a capital. */
const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

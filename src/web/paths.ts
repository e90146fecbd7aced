/**
 * Every address the service answers, typed: each is a pattern the router registers
 * (`paths.caseShow.pattern`) and a function that builds a link from its parameters
 * (`paths.caseShow({ id })`), so a link cannot drift from its route. Pages built from
 * templates get the same links from the view data their route gives them.
 */

/** The names of a pattern's `:parameters`: "/cases/:id/:action" gives "id" | "action". */
type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

export type PathParams<P extends string> = { [K in ParamNames<P>]: string };

export interface Path<P extends string> {
  (...params: ParamNames<P> extends never ? [] : [PathParams<P>]): string;
  readonly pattern: P;
}

function path<P extends string>(pattern: P): Path<P> {
  const build = (params?: Record<string, string>) =>
    pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params?.[name] ?? ''));
  return Object.assign(build, { pattern }) as unknown as Path<P>;
}

export const paths = {
  start: path('/'),
  signIn: path('/sign-in'),
  signOut: path('/sign-out'),
  signedOut: path('/signed-out'),
  signInCode: path('/sign-in/code'),
  signInSetUp: path('/sign-in/set-up'),
  signInRecoveryCodes: path('/sign-in/recovery-codes'),
  account: path('/account'),
  myCases: path('/cases'),
  teamCases: path('/cases/team'),
  allCases: path('/cases/all'),
  raise: path('/cases/new'),
  caseShow: path('/cases/:id'),
  caseRaised: path('/cases/:id/raised'),
  caseRecordPdf: path('/cases/:id/record.pdf'),
  caseAccessLog: path('/cases/:id/access-log'),
  caseAction: path('/cases/:id/:action'),
  partnership: path('/partnership'),
  partnershipTable: path('/partnership/tables/:file'),
  partnershipCasesCsv: path('/partnership/cases.csv'),
  partnershipReport: path('/partnership/report'),
  partnershipReportPdf: path('/partnership/report.pdf'),
  api: {
    cases: path('/api/v1/cases'),
    case: path('/api/v1/cases/:id'),
    caseTurn: path('/api/v1/cases/:id/turn'),
    caseCommands: path('/api/v1/cases/:id/commands'),
    caseRecord: path('/api/v1/cases/:id/record'),
    caseRecordPdf: path('/api/v1/cases/:id/record.pdf'),
    caseNotifications: path('/api/v1/cases/:id/notifications'),
    caseAccessLog: path('/api/v1/cases/:id/access-log'),
    people: path('/api/v1/people'),
    agencies: path('/api/v1/agencies'),
    policies: path('/api/v1/policies'),
    policy: path('/api/v1/policies/:id'),
    directory: path('/api/v1/directory'),
    partnershipFigures: path('/api/v1/partnership/figures'),
    partnershipTable: path('/api/v1/partnership/tables/:file'),
    partnershipCasesCsv: path('/api/v1/partnership/cases.csv'),
    openapi: path('/api/v1/openapi.json'),
  },
} as const;

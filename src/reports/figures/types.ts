import type { Category, Sector } from '../../domain/policy/schema.js';
import type { Period } from '../period.js';

export interface Scope {
  /** absent: every partnership */
  partnershipId?: string;
}

export interface Filters {
  period: Period;
  agencyId?: string;
  sector?: Sector;
  category?: Category;
  /** only cases that reached this stage number or a later one */
  reachedStage?: number;
}

export interface StageCount {
  stage: number;
  key: string;
  name: string;
  count: number;
}

export interface OverdueCase {
  id: string;
  reference: string;
  stageName: string;
  dueAt: string;
  raisingAgency: string;
  category: string;
}

export interface MonthCount {
  /** YYYY-MM (UK) */
  month: string;
  label: string;
  immediateRisk: number;
  other: number;
  total: number;
}

export interface CategoryCount {
  category: string;
  label: string;
  count: number;
}

export interface AgencyPair {
  raisingAgencyId: string;
  raisingAgency: string;
  otherAgencyId: string;
  otherAgency: string;
  count: number;
}

export interface OutcomeCount {
  /** resolved, chair-decision, panel-decision or withdrawn */
  outcome: string;
  stage: number;
  /** the stage as the case's own policy version names it */
  key: string;
  name: string;
  label: string;
  count: number;
}

export interface StageFigures {
  stage: number;
  key: string;
  name: string;
  /** spells that began in the period */
  entered: number;
  /** of those, ended (escalated, resolved, decided, withdrawn) */
  closed: number;
  /** closed and held to a due time */
  closedWithTimescale: number;
  closedInTime: number;
  /** past their due time: ended after it, or still open after it */
  late: number;
  /** closedInTime / closedWithTimescale; null when no closed spell had a due time */
  timeliness: number | null;
  /** days from entering to leaving, closed spells only; null when none closed */
  medianDays: number | null;
  p90Days: number | null;
}

export interface Figures {
  period: Period;
  now: string;
  totals: {
    openNow: number;
    overdueNow: number;
    raised: number;
    closed: number;
    immediateRisk: number;
    lateStages: number;
  };
  openByStage: StageCount[];
  overdue: { count: number; cases: OverdueCase[] };
  raisedPerMonth: MonthCount[];
  categories: CategoryCount[];
  agencyPairs: AgencyPair[];
  outcomes: OutcomeCount[];
  stages: StageFigures[];
}

/** How many overdue cases the dashboard lists (the count covers them all). */
export const OVERDUE_LISTED = 50;

export interface ReadOptions {
  /**
   * Count everything from the projections, never the roll-ups (tests compare the two; the
   * roll-ups serve only the unfiltered views, whatever this says).
   */
  direct?: boolean;
}

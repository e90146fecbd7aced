/** What every case use case is given, and the case as it answers it. */
import type {
  CaseState,
  Holders,
  PlanAction,
  StageAcknowledgement,
} from '../../domain/case/index.js';
import type { Db } from '../../store/database.js';
import type { OutboxStatus } from '../../store/schema.js';

export interface CaseServiceDeps {
  db: Db;
  now: () => Date;
}

export type { Via } from '../../store/schema.js';

/** The case as the API answers it (docs/architecture.md "HTTP"). */
export interface CaseView {
  id: string;
  reference: string;
  version: number;
  policy: { id: string; version: number; title: string };
  status: CaseState['status'];
  stage: {
    number: number;
    key: string;
    name: string;
    dueAt: string | null;
    holders: Holders;
    /**
     * the other side's acknowledgement the stage asks for: by when, when and by whom once done,
     * and whether it is overdue now (issue 18); absent when the stage asks for none
     */
    acknowledgement?: StageAcknowledgement & { overdue: boolean };
  };
  overdue: boolean;
  /**
   * the agreed action plan (issue 18 item 8): each action, whether done and whether overdue now
   * (due time passed, not done, the case not withdrawn); open after resolution too
   */
  planActions: (PlanAction & { overdue: boolean })[];
  nextStep: { text: string; dueAt: string | null };
  raisedAt: string;
  raisedBy: string;
  raisingAgencyId: string;
  otherAgencyIds: string[];
  category: string;
  immediateRisk: boolean;
  children: CaseState['children'];
  /** the Resolution Panel, once convened: its members and the decision put to them */
  panel: CaseState['panel'];
  record: ({ seq: number; type: string; at: string; by: string } & Record<string, unknown>)[];
  notifications: {
    to: string;
    reason: string;
    status: OutboxStatus;
    rule: string;
    sentAt: string | null;
    error: string | null;
  }[];
}

export const isoNow = (deps: CaseServiceDeps) => deps.now().toISOString();

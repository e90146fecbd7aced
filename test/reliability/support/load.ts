/**
 * A load of concurrent commands through the JSON API: each worker raises a case, records a
 * discussion and escalates it, naming the version it saw, again and again until told to stop.
 * Every 2xx answer is kept as an acknowledgement: the record the server said it holds. A request
 * that fails in the network (refused or reset: the server was killed) has an unknown outcome: it
 * is an unacknowledged write, counted as a network failure, never an error of the run.
 */
import type { Raiser } from './harness.js';

export interface RecordEntry {
  seq: number;
  type: string;
  at: string;
  by: string;
}

/** A 2xx answer: the case at that version, and its record as the server answered it. */
export interface Ack {
  caseId: string;
  version: number;
  record: RecordEntry[];
}

export interface LoadResult {
  acks: Ack[];
  /** answers that were neither 2xx nor a network failure: each one is a bug */
  unexpected: { status: number; detail: string }[];
  networkFailures: number;
}

export function raiseBody(otherAgencyId: string) {
  return {
    children: [
      {
        name: 'Child R (fictional)',
        childProtectionPlan: true,
        lookedAfter: false,
        // escalating to stage 2 notifies the Child Protection Chair (seed 002, 2.5)
        cpChairEmail: 'cp-chair@csc-demo.example',
      },
    ],
    agencies: [otherAgencyId],
    category: 'need-for-action',
    disagreement: 'The school believes a strategy discussion is needed.',
    evidence: { nature: 'Repeated bruising seen by staff', source: 'Class teacher records' },
    actionsToDate: 'Referral made; telephone call with the duty social worker.',
    outcomeSought: 'A strategy discussion within two working days.',
    immediateRisk: false,
  };
}

export function discussionBody(expectedVersion: number) {
  return {
    type: 'record-discussion',
    expectedVersion,
    when: new Date(Date.now() - 60_000).toISOString(),
    how: 'phone',
    participants: ['Class teacher', 'Duty social worker'],
    summary: 'Discussed the concern and the closure of the referral.',
    outcome: 'Not agreed.',
  };
}

export function escalateBody(expectedVersion: number) {
  return {
    type: 'escalate',
    expectedVersion,
    reason: 'Not resolved professional to professional.',
  };
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** One API call; a network failure (refused, reset) resolves to status 0. */
export async function api(
  base: string,
  token: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<Answer> {
  try {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {} };
  } catch {
    return { status: 0, body: {} };
  }
}

const toAck = (body: Record<string, unknown>): Ack => ({
  caseId: body.id as string,
  version: body.version as number,
  record: (body.record as RecordEntry[]).map(({ seq, type, at, by }) => ({ seq, type, at, by })),
});

/**
 * Runs `workers` loops until `stop()` is true or a request fails in the network; `pick` says
 * which server (base URL) each request goes to, so load can be spread across instances.
 */
export async function runLoad(options: {
  raisers: Raiser[];
  workers: number;
  pick: () => string;
  stop: () => boolean;
  /** keep going after a network failure (several instances: another one answers) */
  survive?: boolean;
  /** told of each acknowledgement as it comes */
  onAck?: () => void;
}): Promise<LoadResult> {
  const result: LoadResult = { acks: [], unexpected: [], networkFailures: 0 };
  const worker = async (n: number) => {
    const raiser = options.raisers[n % options.raisers.length] as Raiser;
    const call = (method: 'GET' | 'POST', path: string, body?: unknown) =>
      api(options.pick(), raiser.token, method, path, body);
    const accept = (answer: Answer, ok: number): boolean => {
      if (answer.status === ok) {
        result.acks.push(toAck(answer.body));
        options.onAck?.();
        return true;
      }
      if (answer.status === 0) result.networkFailures++;
      else result.unexpected.push({ status: answer.status, detail: String(answer.body.detail) });
      return false;
    };
    while (!options.stop()) {
      const raised = await call('POST', '/api/v1/cases', raiseBody(raiser.otherAgencyId));
      if (!accept(raised, 201)) {
        if (raised.status === 0 && !options.survive) return;
        continue;
      }
      let version = raised.body.version as number;
      const path = `/api/v1/cases/${raised.body.id}/commands`;
      for (const body of [discussionBody, escalateBody]) {
        if (options.stop()) return;
        const answer = await call('POST', path, body(version));
        if (!accept(answer, 200)) {
          if (answer.status === 0 && !options.survive) return;
          break;
        }
        version = answer.body.version as number;
      }
    }
  };
  await Promise.all(Array.from({ length: options.workers }, (_, n) => worker(n)));
  return result;
}

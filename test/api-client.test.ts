/**
 * The TypeScript client generated from the API's OpenAPI document (clients/typescript,
 * openapi-typescript types and openapi-fetch calls) compiles, and drives a disagreement end to
 * end against a started app over HTTP, as a partnership's case system would (issue 25): raise,
 * read, record a discussion, escalate, read the record (JSON and PDF), see who was told.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEscalateClient, type EscalateClient } from '../clients/typescript/index.js';
import type { PersonSummary } from '../src/services/people.js';
import { createTestApp, type TestApp } from './support/app.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');

let t: TestApp;
let baseUrl: string;

beforeAll(async () => {
  t = await createTestApp({ now: new Date('2026-11-02T09:30:00Z') });
  baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => t.close());

describe('the generated API client', () => {
  it('compiles on its own, strictly, with the types of openapi-fetch it is used with', async () => {
    const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
    await expect(
      run(tsc, ['-p', join(ROOT, 'clients', 'typescript', 'tsconfig.json')], { timeout: 60_000 }),
    ).resolves.toBeDefined();
  }, 90_000);

  describe('drives a disagreement through the API of a started app', () => {
    let teacher: PersonSummary;
    let client: EscalateClient;
    let id: string;
    let version: number;

    beforeAll(async () => {
      teacher = t.person('frontline', 'Hillcrest Primary School');
      client = createEscalateClient(baseUrl, await t.token(teacher));
    });

    it('raises a disagreement (201, with where to read it)', async () => {
      const { data: agencies } = await client.GET('/api/v1/agencies');
      const socialCare = agencies?.agencies.find((a) => a.sector === 'childrens-social-care');
      expect(socialCare).toBeDefined();
      const { data, error, response } = await client.POST('/api/v1/cases', {
        body: {
          children: [{ name: 'Child A (fictional)', dateOfBirth: '2021-05-14' }],
          agencies: [socialCare?.id as string],
          category: 'need-for-action',
          disagreement: 'The school believes a strategy discussion is needed.',
          evidence: { nature: 'Repeated bruising seen by staff', source: 'Class teacher' },
          actionsToDate: 'Referral made; telephone call with the duty social worker.',
          outcomeSought: 'A strategy discussion within two working days.',
          immediateRisk: false,
        },
      });
      expect(error).toBeUndefined();
      expect(response.status).toBe(201);
      if (!data) throw new Error('no case');
      expect(response.headers.get('location')).toBe(`/api/v1/cases/${data.id}`);
      expect(data.possibleDuplicates).toEqual([]);
      id = data.id;
      version = data.version;
    });

    it('reads it back, and sees it is the raising side', async () => {
      const { data } = await client.GET('/api/v1/cases/{id}', { params: { path: { id } } });
      expect(data?.status).toBe('open');
      expect(data?.stage.number).toBe(1);
      const { data: turn } = await client.GET('/api/v1/cases/{id}/turn', {
        params: { path: { id } },
      });
      expect(turn?.side).toBe('raising');
      expect(turn?.actions).toEqual(expect.arrayContaining(['record-discussion', 'escalate']));
    });

    it('records a discussion, then escalates to stage 2', async () => {
      const discussed = await client.POST('/api/v1/cases/{id}/commands', {
        params: { path: { id } },
        body: {
          type: 'record-discussion',
          expectedVersion: version,
          when: '2026-11-02T11:00:00+00:00',
          how: 'phone',
          participants: ['Class teacher', 'Duty social worker'],
          summary: 'Discussed the bruising and the closed referral.',
          outcome: 'Not agreed.',
        },
      });
      expect(discussed.error).toBeUndefined();
      version = discussed.data?.version as number;
      const escalated = await client.POST('/api/v1/cases/{id}/commands', {
        params: { path: { id } },
        body: {
          type: 'escalate',
          expectedVersion: version,
          reason: 'Not resolved professional to professional.',
        },
      });
      expect(escalated.error).toBeUndefined();
      expect(escalated.data?.stage.number).toBe(2);
    });

    it('is told, as a typed Problem, when its version is stale', async () => {
      const { error, response } = await client.POST('/api/v1/cases/{id}/commands', {
        params: { path: { id } },
        body: { type: 'withdraw', expectedVersion: version, reason: 'Sent twice.' },
      });
      expect(response.status).toBe(409);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(error?.currentVersion).toBeGreaterThan(version);
    });

    it("reads the record for the child's file, as JSON and as the PDF, and who was told", async () => {
      const { data: record } = await client.GET('/api/v1/cases/{id}/record', {
        params: { path: { id } },
      });
      expect(record?.stages.map((s) => s.title)).toHaveLength(2);
      expect(record?.integrity).toMatch(/verified/);
      const pdf = await client.GET('/api/v1/cases/{id}/record.pdf', {
        params: { path: { id } },
        parseAs: 'arrayBuffer',
      });
      expect(pdf.response.headers.get('content-type')).toBe('application/pdf');
      expect(
        Buffer.from(pdf.data as ArrayBuffer)
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
      const { data: told } = await client.GET('/api/v1/cases/{id}/notifications', {
        params: { path: { id } },
      });
      expect(told?.reference).toBe(record?.reference);
      expect(told?.notifications.length).toBeGreaterThan(0);
    });
  });
});

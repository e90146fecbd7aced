/** The case id in an address: a malformed one is no case, answered as any unknown case (404). */
import { z } from 'zod';
import { CaseNotFound } from '../services/cases/index.js';

const CaseId = z.uuid();

export function caseIdParam(params: { id: string }): string {
  const id = CaseId.safeParse(params.id);
  if (!id.success) throw new CaseNotFound();
  return id.data;
}

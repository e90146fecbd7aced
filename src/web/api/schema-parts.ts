/** The values the API's answer shapes are made of (schemas.ts, case-schemas.ts). */
import { z } from 'zod';

export const instant = z.iso.datetime({ offset: true });
export const day = z.iso.date();
export const uuid = z.uuid();
export const count = z.number().int().min(0);
export const side = z.enum(['raising', 'other', 'partnership']);

/** The sign-in pages' shared words. */
import { DateTime } from 'luxon';

export function lockedMessage(until: string, now: Date): string {
  const time = DateTime.fromISO(until).setZone('Europe/London').toFormat('h:mma').toLowerCase();
  const minutes = Math.max(1, Math.ceil((Date.parse(until) - now.getTime()) / 60_000));
  const about = minutes === 1 ? 'about a minute' : `about ${minutes} minutes`;
  return `You have tried to sign in too many times. Wait until ${time} (${about}), then try again.`;
}

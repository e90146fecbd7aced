/** What a case use case refuses with; the API and the pages each map these once to an answer. */
import type { DomainError } from '../../domain/case/index.js';

export class CaseNotFound extends Error {
  constructor() {
    super('There is no case with that id that you can see.');
  }
}

export class VersionConflict extends Error {
  constructor(readonly currentVersion: number) {
    super(
      `Someone else changed this case since you loaded it (it is now at version ${currentVersion}). Reload it, check what changed, then try again.`,
    );
  }
}

export class CommandRefused extends Error {
  constructor(readonly error: DomainError) {
    super(error.message);
  }
}

/** The directory facts about a request that the engine cannot look up itself. */
export class InvalidRequest extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

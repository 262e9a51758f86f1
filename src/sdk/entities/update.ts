import type { UpdateInstallData } from '../domains/update.js';
import { entityClass } from '../entity.js';

export class UpdateEntity extends entityClass('update') {
  async install(_data: UpdateInstallData): Promise<void> {
    throw this.notImplemented('install');
  }
  /** The SDK has already set `skippedVersion`; override to persist it elsewhere. */
  async skip(): Promise<void> {}
  /** The SDK has already cleared `skippedVersion`. */
  async clearSkipped(): Promise<void> {}
  /** The `release_notes` query: markdown, or null when there are none. */
  async releaseNotes(): Promise<string | null> {
    throw this.notImplemented('releaseNotes');
  }
}

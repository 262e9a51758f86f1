/** `update`: `on` while a newer version than the installed one is available (and not skipped). */
import { z } from 'zod';
import { type DataOf, type DomainSpec, NO_FIELDS } from './spec.js';

export const UpdateEntityFeature = {
  INSTALL: 1,
  SPECIFIC_VERSION: 2,
  PROGRESS: 4,
  BACKUP: 8,
  RELEASE_NOTES: 16,
} as const;

export interface UpdateFields {
  installedVersion: string | null;
  latestVersion: string | null;
  /** A version the user chose to skip; the entity reads `off` while it is the latest. */
  skippedVersion: string | null;
  title: string | null;
  releaseSummary: string | null;
  releaseUrl: string | null;
  inProgress: boolean;
  /** 0..100 while installing, when the entity reports progress. */
  updatePercentage: number | null;
  autoUpdate: boolean;
}

export const updateInstallFields = { version: z.string().optional(), backup: z.boolean().optional() };
export type UpdateInstallData = DataOf<typeof updateInstallFields>;

export const UPDATE: DomainSpec<UpdateFields> = {
  domain: 'update',
  defaults: {
    installedVersion: null,
    latestVersion: null,
    skippedVersion: null,
    title: null,
    releaseSummary: null,
    releaseUrl: null,
    inProgress: false,
    updatePercentage: null,
    autoUpdate: false,
  },
  state: (update) => {
    if (update.installedVersion === null || update.latestVersion === null) return null;
    const current =
      update.latestVersion === update.installedVersion || update.latestVersion === update.skippedVersion;
    return current ? 'off' : 'on';
  },
  attributes: {
    installed_version: 'installedVersion',
    latest_version: 'latestVersion',
    skipped_version: 'skippedVersion',
    title: 'title',
    release_summary: 'releaseSummary',
    release_url: 'releaseUrl',
    in_progress: 'inProgress',
    update_percentage: 'updatePercentage',
    auto_update: 'autoUpdate',
  },
  capabilities: {},
  features: UpdateEntityFeature,
  services: {
    install: {
      fields: updateInstallFields,
      method: 'install',
      requiredFeature: UpdateEntityFeature.INSTALL,
      fieldFeatures: { version: UpdateEntityFeature.SPECIFIC_VERSION, backup: UpdateEntityFeature.BACKUP },
    },
    skip: {
      fields: NO_FIELDS,
      method: 'skip',
      before: (update) => {
        update.skippedVersion = update.latestVersion;
      },
    },
    clear_skipped: {
      fields: NO_FIELDS,
      method: 'clearSkipped',
      before: (update) => {
        update.skippedVersion = null;
      },
    },
  },
  queries: {
    release_notes: {
      fields: NO_FIELDS,
      method: 'releaseNotes',
      requiredFeature: UpdateEntityFeature.RELEASE_NOTES,
    },
  },
  restoreState: false,
};

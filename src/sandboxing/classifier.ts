/**
 * Who runs where. `classify` is pure and runs once, when a flow is created; the
 * group it returns is persisted on the entry and read — never re-derived — at
 * setup and unload. First match wins.
 */
import type { Manifest } from '../host/manifest.js';
import { MAIN_GROUP } from '../host/router.js';

export const BUILT_IN_GROUP = 'built-in';
export const CUSTOM_GROUP = 'custom';

/** A list entry with the reason it is there, so an operator can see why. */
export interface Listed {
  readonly domain: string;
  readonly reason: string;
}

export interface IsolationPolicy {
  /** Integrations that must run in the host process. */
  readonly alwaysMain: readonly Listed[];
  /** Entity platforms whose data the channel cannot carry (byte and audio streams). */
  readonly mainOnlyPlatforms: readonly Listed[];
  /** One sandbox per integration domain (`<kind>.<domain>`) instead of one per kind. */
  readonly perDomain: boolean;
}

export const defaultIsolationPolicy: IsolationPolicy = Object.freeze({
  alwaysMain: Object.freeze([]),
  mainOnlyPlatforms: Object.freeze([
    { domain: 'camera', reason: 'streams video frames' },
    { domain: 'image', reason: 'serves image bytes' },
    { domain: 'stt', reason: 'streams audio in' },
    { domain: 'tts', reason: 'streams audio out' },
    { domain: 'assist_satellite', reason: 'streams audio both ways' },
    { domain: 'wake_word', reason: 'streams audio in' },
  ]),
  perDomain: false,
});

export interface Classification {
  readonly group: string;
  /** Which rule decided, for logs and the inspector. */
  readonly reason: string;
}

/** The group a new flow (and the entry it creates) runs in. */
export function classify(
  manifest: Manifest,
  builtIn: boolean,
  policy: IsolationPolicy = defaultIsolationPolicy,
): Classification {
  if (manifest.integration_type === 'system') return { group: MAIN_GROUP, reason: 'a system integration' };
  const always = policy.alwaysMain.find((listed) => listed.domain === manifest.domain);
  if (always) return { group: MAIN_GROUP, reason: `always in main: ${always.reason}` };
  const platform = policy.mainOnlyPlatforms.find((listed) => manifest.platforms?.includes(listed.domain));
  if (platform) {
    return {
      group: MAIN_GROUP,
      reason: `platform ${platform.domain} ${platform.reason}, which the channel cannot carry`,
    };
  }
  const kind = builtIn ? BUILT_IN_GROUP : CUSTOM_GROUP;
  if (policy.perDomain)
    return { group: `${kind}.${manifest.domain}`, reason: `isolated per domain (${kind})` };
  return { group: kind, reason: builtIn ? 'shipped with the host' : 'a custom integration' };
}

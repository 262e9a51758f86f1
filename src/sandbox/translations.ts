/**
 * `get_translations` in the sandbox: the UI strings of the integrations this
 * runtime has loaded, from `<dir>/translations/<language>.json` in the directory
 * the host sent for each (`entry_setup`, `flow_init`). Read, flattened and fallen
 * back per key exactly as the host does for its own integrations — the same
 * functions (`src/host/translations.ts`). A requested domain this runtime has no
 * directory for is absent from the answer; the host asks again later.
 */
import { canonicalLanguage, readTranslationDir } from '../host/translations.js';
import type { Logger } from '../logger.js';
import { encodeJson } from '../wire/json.js';
import type { Received, ResultOf } from '../wire/protocol.js';

export class SandboxTranslationFiles {
  constructor(
    /** The directory of `domain`'s integration, once this runtime has loaded it. */
    private readonly dirOf: (domain: string) => string | undefined,
    private readonly logger: Logger,
  ) {}

  async get(request: Received<'get_translations'>): Promise<ResultOf<'get_translations'>> {
    // The tag picks a file name: checked and canonical, as on the host.
    const language = canonicalLanguage(request.language);
    const { category } = request;
    const out: Record<string, Record<string, string>> = {};
    for (const domain of new Set(request.domains)) {
      const dir = this.dirOf(domain);
      if (dir === undefined) continue;
      const strings = await readTranslationDir(dir, language, (error) =>
        this.logger('warn', error.message, { domain, file: error.file }),
      );
      const kept: [string, string][] = [];
      for (const [key, text] of strings) {
        if (category === '' || key === category || key.startsWith(`${category}.`)) kept.push([key, text]);
      }
      // fromEntries: a key spelt `__proto__` stays data.
      out[domain] = Object.fromEntries(kept);
    }
    return { strings: encodeJson(out) };
  }
}

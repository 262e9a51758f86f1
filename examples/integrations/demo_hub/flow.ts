/**
 * Demo Hub's flows. The config flow connects (host and port, checked), offers a
 * menu of what to set up, then asks for the hub's token. Reauth asks for a new
 * token for an existing entry; the options flow sets the polling interval.
 */
import { type FlowContext, type FlowDefinition, type FlowStepApi, field, form } from 'corral/sdk';

export const DEFAULT_PORT = 8080;
export const DEFAULT_SCAN_INTERVAL = 30;

export type Platform = 'light' | 'sensor';

/** The answers of one config flow so far; steps are shared by every flow, so they live here. */
interface Draft {
  host: string;
  port: number;
  platforms: Platform[];
}
const drafts = new WeakMap<FlowContext, Draft>();

/** The connection form, pre-filled with what was typed when it is shown again. */
function connectionForm(typed?: { host: string; port: number }) {
  return form({
    host: typed ? field.text().default(typed.host) : field.text(),
    port: field.number({ mode: 'box' }).default(typed?.port ?? DEFAULT_PORT),
  });
}

const tokenForm = form({ token: field.password() });

const optionsForm = (current: number) =>
  form({ scan_interval: field.number({ min: 5, max: 3600, unit: 's' }).int().default(current) });

/** Stands in for a real handshake: the host `unreachable` never answers. */
async function probe(host: string): Promise<boolean> {
  return host !== 'unreachable';
}

/** The demo's idea of authentication: any token but `wrong`. */
function tokenError(token: string): string | null {
  if (token.trim() === '') return 'token_required';
  return token === 'wrong' ? 'invalid_auth' : null;
}

const isPort = (port: number) => Number.isInteger(port) && port >= 1 && port <= 65535;

function choose(platforms: Platform[]) {
  return (flow: FlowStepApi) => {
    const draft = drafts.get(flow.context);
    if (!draft) return flow.abort('unknown_flow');
    draft.platforms = platforms;
    return flow.showForm({ stepId: 'credentials', schema: tokenForm, lastStep: true });
  };
}

export const configFlow: FlowDefinition = {
  steps: {
    user: async (flow, input) => {
      if (input === undefined) return flow.showForm({ stepId: 'user', schema: connectionForm() });
      const typed = connectionForm().parse(input);
      const host = typed.host.trim();
      const errors: Record<string, string> = {};
      if (!isPort(typed.port)) errors.port = 'invalid_port';
      else if (!(await probe(host))) errors.base = 'cannot_connect';
      if (Object.keys(errors).length > 0) {
        return flow.showForm({ stepId: 'user', schema: connectionForm(typed), errors });
      }
      // The host checks this id against existing entries and aborts a duplicate.
      flow.setUniqueId(host);
      drafts.set(flow.context, { host, port: typed.port, platforms: [] });
      return flow.showMenu({
        stepId: 'platforms',
        options: { lights: 'Lights', sensors: 'Sensors', both: 'Both' },
        descriptionPlaceholders: { host },
      });
    },
    lights: choose(['light']),
    sensors: choose(['sensor']),
    both: choose(['light', 'sensor']),
    credentials: (flow, input) => {
      const draft = drafts.get(flow.context);
      if (!draft) return flow.abort('unknown_flow');
      const { token } = tokenForm.parse(input);
      const error = tokenError(token);
      if (error) {
        return flow.showForm({
          stepId: 'credentials',
          schema: tokenForm,
          errors: { token: error },
          lastStep: true,
        });
      }
      drafts.delete(flow.context);
      return flow.createEntry({ title: `Demo Hub (${draft.host})`, data: { ...draft, token } });
    },
    // Started with `source: 'reauth'` for an entry whose token stopped working.
    reauth: (flow, input) => {
      const entry = flow.context.entry;
      if (!entry) return flow.abort('reauth_needs_entry');
      const host = String(entry.data.host);
      if (input === undefined) {
        return flow.showForm({ stepId: 'reauth', schema: tokenForm, descriptionPlaceholders: { host } });
      }
      const { token } = tokenForm.parse(input);
      const error = tokenError(token);
      if (error) {
        return flow.showForm({
          stepId: 'reauth',
          schema: tokenForm,
          errors: { token: error },
          descriptionPlaceholders: { host },
        });
      }
      // The host merges this data into the entry and reloads it.
      return flow.createEntry({ title: entry.title, data: { token } });
    },
  },
};

export const optionsFlow: FlowDefinition = {
  steps: {
    init: (flow, input) => {
      const current = Number(flow.context.entry?.options.scan_interval ?? DEFAULT_SCAN_INTERVAL);
      if (input === undefined) return flow.showForm({ stepId: 'init', schema: optionsForm(current) });
      return flow.createEntry({ title: '', data: optionsForm(current).parse(input) });
    },
  },
};

/**
 * The VS Code side of the form's data: settings and per-machine memory for the defaults, and one
 * search coordinator per panel. The Nutshell calls themselves are in `core/form-data.ts`.
 */
import * as vscode from 'vscode';
import { NutshellError, describeError } from '../core/errors.ts';
import { resolveDefaults, searchPicker } from '../core/form-data.ts';
import type { LinkRef } from '../core/lead-schema.ts';
import type { NutshellClient } from '../core/nutshell-client.ts';
import type { FormDefaults } from '../core/protocol.ts';
import { SearchCoordinator } from '../core/search-coordinator.ts';
import type { Services } from './services.ts';
import { defaultIdsSetting } from './settings.ts';

/** Kept in globalState, which is per machine and not synced (no setKeysForSync). */
const LAST_USED_KEY = 'nutshell.lastUsed';

interface LastUsed {
  owner?: string;
  source?: string;
}

/** The `code` of the error a search gets while signed out (no request was made). */
const NOT_SIGNED_IN = 'NOT_SIGNED_IN';

/** One per panel: searches go through a short cache, and stale answers are dropped. */
export function createPanelSearch(services: Services): SearchCoordinator {
  return new SearchCoordinator({
    ttlMs: 60_000,
    fetch: async (field, text, page, signal) => {
      const credentials = await services.credentials.get();
      if (!credentials) {
        throw new NutshellError('unauthorized', 'Not signed in', { code: NOT_SIGNED_IN });
      }
      const { client } = services.clientFor(credentials);
      return searchPicker(client, field, text, page, { currentUserEmail: credentials.email, signal });
    },
  });
}

export function searchErrorMessage(error: unknown): string {
  if (error instanceof NutshellError) {
    return error.code === NOT_SIGNED_IN
      ? vscode.l10n.t('Sign in to Nutshell to search.')
      : describeError(error, vscode.l10n.t);
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * The defaults for a new form: the `nutshell.defaults.*` user settings, else the owner and source
 * used last on this machine. A remembered id that no longer resolves is forgotten quietly.
 */
export async function formDefaults(client: NutshellClient, services: Services): Promise<FormDefaults> {
  const settings = defaultIdsSetting();
  const lastUsed = services.globalState.get<LastUsed>(LAST_USED_KEY) ?? {};
  const { defaults, missing } = await resolveDefaults(
    client,
    {
      owner: settings.owner || lastUsed.owner || '',
      sources: settings.sources.length > 0 ? settings.sources : lastUsed.source ? [lastUsed.source] : [],
      tags: settings.tags,
    },
    services.logger,
  );
  const stale = {
    owner: lastUsed.owner !== undefined && missing.includes(lastUsed.owner),
    source: lastUsed.source !== undefined && missing.includes(lastUsed.source),
  };
  if (stale.owner || stale.source) {
    await services.globalState.update(LAST_USED_KEY, {
      owner: stale.owner ? undefined : lastUsed.owner,
      source: stale.source ? undefined : lastUsed.source,
    });
  }
  return defaults;
}

export async function rememberLastUsed(
  globalState: vscode.Memento,
  draft: { owner: LinkRef | null; sources: readonly LinkRef[] },
): Promise<void> {
  const previous = globalState.get<LastUsed>(LAST_USED_KEY) ?? {};
  await globalState.update(LAST_USED_KEY, {
    owner: draft.owner?.id ?? previous.owner,
    source: draft.sources[0]?.id ?? previous.source,
  });
}

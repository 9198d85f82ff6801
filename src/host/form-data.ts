/**
 * What the form needs from Nutshell besides the submit: picker searches, the account's lead
 * custom fields, the defaults (settings and last-used values, resolved to names) and the
 * suggestions from a selection.
 */
import * as vscode from 'vscode';
import type { Credentials } from '../core/credentials.ts';
import { parseCustomFieldAttributes, type CustomFieldDefinition } from '../core/custom-fields.ts';
import { NutshellError, describeError } from '../core/errors.ts';
import type { LinkRef } from '../core/lead-schema.ts';
import { LINK_ENTITY_TYPES, isIdOfType } from '../core/nutshell-ids.ts';
import type { NutshellClient } from '../core/nutshell-client.ts';
import { mapPickerResponse, pickerRequest, recordsOf, toPickerItem, type PickerPage } from '../core/pickers.ts';
import type { FormDefaults, PickerField, PickerSuggestion } from '../core/protocol.ts';
import { SearchCoordinator } from '../core/search-coordinator.ts';
import { nameForSuggestedPerson, type SelectionCapture } from '../core/selection-capture.ts';
import type { Services } from './services.ts';

const LAST_USED_KEY = 'nutshell.lastUsed';

interface LastUsed {
  owner?: string;
  source?: string;
}

export function fetchPickerPage(
  client: NutshellClient,
  credentials: Credentials,
  field: PickerField,
  text: string,
  page: number,
  signal: AbortSignal,
): Promise<PickerPage> {
  const request = pickerRequest(field, text, page);
  return client
    .getJson(request.path, request.query, { signal })
    .then((body) => mapPickerResponse(field, body, { text, page, currentUserEmail: credentials.email }));
}

/** One per panel: searches go through a short cache, and stale answers are dropped. */
export function createPanelSearch(services: Services): SearchCoordinator {
  return new SearchCoordinator({
    ttlMs: 60_000,
    fetch: async (field, text, page, signal) => {
      const credentials = await services.credentials.get();
      if (!credentials) {
        throw new NutshellError('unauthorized', 'Not signed in');
      }
      const { client } = services.clientFor(credentials);
      return fetchPickerPage(client, credentials, field, text, page, signal);
    },
  });
}

export function searchErrorMessage(error: unknown): string {
  if (error instanceof NutshellError) {
    return error.kind === 'unauthorized' && error.message === 'Not signed in'
      ? vscode.l10n.t('Sign in to Nutshell to search.')
      : describeError(error, vscode.l10n.t);
  }
  return error instanceof Error ? error.message : String(error);
}

export async function loadCustomFields(client: NutshellClient, services: Services): Promise<CustomFieldDefinition[]> {
  try {
    const body = await client.getJson('/leads/customfields/attributes', {});
    const { fields, notes } = parseCustomFieldAttributes(body);
    for (const note of notes) {
      services.logger.warn(note);
    }
    return fields;
  } catch (error) {
    // The form still works without them: custom fields fall back to free name/value rows.
    services.logger.warn(`Could not load lead custom fields: ${error instanceof NutshellError ? error.kind : String(error)}`);
    return [];
  }
}

function defaultsSetting(): { owner: string; tags: string[]; sources: string[] } {
  const config = vscode.workspace.getConfiguration('nutshell');
  const global = <T>(key: string, fallback: T): T => config.inspect<T>(key)?.globalValue ?? fallback;
  return {
    owner: global('defaults.owner', ''),
    tags: global<string[]>('defaults.tags', []),
    sources: global<string[]>('defaults.sources', []),
  };
}

async function namesById(client: NutshellClient, field: PickerField, path: string, query: Record<string, string>): Promise<Map<string, string>> {
  const body = await client.getJson(path, query);
  const names = new Map<string, string>();
  for (const record of recordsOf(field, body)) {
    const item = toPickerItem(field, record);
    if (item) {
      names.set(item.id, item.name);
    }
  }
  return names;
}

/**
 * The defaults for a new form: the `nutshell.defaults.*` settings, else the last-used owner and
 * source on this machine. Every id is resolved to a name; one that no longer resolves is dropped
 * quietly (and forgotten, when it was a remembered one).
 */
export async function resolveDefaults(
  client: NutshellClient,
  services: Services,
  globalState: vscode.Memento,
): Promise<FormDefaults> {
  const settings = defaultsSetting();
  const lastUsed = globalState.get<LastUsed>(LAST_USED_KEY) ?? {};
  const ownerId = settings.owner || lastUsed.owner || '';
  const sourceIds = settings.sources.length > 0 ? settings.sources : lastUsed.source ? [lastUsed.source] : [];
  const tagIds = settings.tags;
  const defaults: FormDefaults = {};
  const safely = async <T>(what: string, load: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await load();
    } catch (error) {
      services.logger.warn(`Could not resolve the default ${what}: ${error instanceof NutshellError ? error.kind : String(error)}`);
      return undefined;
    }
  };
  const refs = (ids: string[], names: Map<string, string> | undefined): LinkRef[] =>
    ids.flatMap((id) => {
      const label = names?.get(id);
      return label ? [{ id, label }] : [];
    });

  if (ownerId && isIdOfType(ownerId, LINK_ENTITY_TYPES.owner)) {
    const users = await safely('owner', () => namesById(client, 'owner', '/users', {}));
    const label = users?.get(ownerId);
    if (label) {
      defaults.owner = { id: ownerId, label };
    } else if (users && ownerId === lastUsed.owner) {
      await globalState.update(LAST_USED_KEY, { ...lastUsed, owner: undefined });
    }
  }
  if (sourceIds.length > 0) {
    const sources = await safely('sources', () => namesById(client, 'sources', '/sources', {}));
    defaults.sources = refs(sourceIds, sources);
    if (sources && lastUsed.source && !sources.has(lastUsed.source)) {
      await globalState.update(LAST_USED_KEY, { ...lastUsed, source: undefined });
    }
  }
  if (tagIds.length > 0) {
    const tags = await safely('tags', () => namesById(client, 'tags', '/tags', { 'filter[tagType]': 'leads' }));
    defaults.tags = refs(tagIds, tags);
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

/**
 * Looks each suggested person up by email and each company by name, so that an existing record
 * is offered rather than a duplicate; otherwise the suggestion is to create one.
 */
export async function resolveSuggestions(
  client: NutshellClient,
  capture: SelectionCapture,
  services: Services,
): Promise<{ accounts: PickerSuggestion[]; contacts: PickerSuggestion[] }> {
  const contacts: PickerSuggestion[] = [];
  for (const person of capture.people.slice(0, 5)) {
    const name = nameForSuggestedPerson(person);
    let existing: PickerSuggestion | undefined;
    if (person.email) {
      try {
        const body = await client.getJson('/contacts', { email: person.email, 'page[limit]': 1 });
        const item = recordsOf('contacts', body)
          .map((record) => toPickerItem('contacts', record))
          .find((candidate) => candidate !== undefined);
        if (item) {
          existing = { label: item.name, ref: { id: item.id, label: item.name }, ...(item.secondary ? { secondary: item.secondary } : {}) };
        }
      } catch (error) {
        services.logger.warn(`Contact lookup failed: ${error instanceof NutshellError ? error.kind : String(error)}`);
      }
    }
    const create: { name: string; email?: string; phone?: string } = { name };
    if (person.email) {
      create.email = person.email;
    }
    if (person.phone) {
      create.phone = person.phone;
    }
    const secondary = [person.email, person.phone].filter(Boolean).join(' · ');
    contacts.push(existing ?? { label: name, ref: { create }, ...(secondary ? { secondary } : {}) });
  }
  const accounts: PickerSuggestion[] = [];
  for (const company of capture.companies.slice(0, 5)) {
    let existing: PickerSuggestion | undefined;
    try {
      const body = await client.getJson('/accounts', { q: company, 'page[limit]': 5 });
      const wanted = company.toLowerCase().replace(/[^a-z0-9]/g, '');
      const item = recordsOf('accounts', body)
        .map((record) => toPickerItem('accounts', record))
        .find((candidate) => candidate !== undefined && candidate.name.toLowerCase().replace(/[^a-z0-9]/g, '').startsWith(wanted));
      if (item) {
        existing = { label: item.name, ref: { id: item.id, label: item.name }, ...(item.secondary ? { secondary: item.secondary } : {}) };
      }
    } catch (error) {
      services.logger.warn(`Company lookup failed: ${error instanceof NutshellError ? error.kind : String(error)}`);
    }
    accounts.push(existing ?? { label: company, ref: { create: { name: company } } });
  }
  return { accounts, contacts };
}

/**
 * What the form needs from Nutshell besides the submit: picker searches, the account's lead
 * custom fields, default records resolved to names, and the suggestions from a selection.
 * No vscode imports, so the sandbox integration tests cover all of it.
 */
import { parseCustomFieldAttributes, type CustomFieldDefinition } from './custom-fields.ts';
import { NutshellError } from './errors.ts';
import type { LinkRef } from './lead-schema.ts';
import { LINK_ENTITY_TYPES, isIdOfType } from './nutshell-ids.ts';
import type { NutshellClient } from './nutshell-client.ts';
import { mapPickerResponse, pickerRequest, recordsOf, toPickerItem, type PickerPage } from './pickers.ts';
import type { FormDefaults, PickerField, PickerItem, PickerSuggestion } from './protocol.ts';
import type { Logger } from './redact.ts';
import { companySearchText, nameForSuggestedPerson, type SelectionCapture } from './selection-capture.ts';

export function searchPicker(
  client: NutshellClient,
  field: PickerField,
  text: string,
  page: number,
  options: { currentUserEmail?: string; signal?: AbortSignal } = {},
): Promise<PickerPage> {
  const request = pickerRequest(field, text, page);
  return client
    .getJson(request.path, request.query, options.signal ? { signal: options.signal } : {})
    .then((body) =>
      mapPickerResponse(field, body, {
        text,
        page,
        ...(options.currentUserEmail ? { currentUserEmail: options.currentUserEmail } : {}),
      }),
    );
}

function failureKind(error: unknown): string {
  return error instanceof NutshellError ? error.kind : String(error);
}

/** The form still works without them: custom fields fall back to free name/value rows. */
export async function loadCustomFields(client: NutshellClient, logger: Logger): Promise<CustomFieldDefinition[]> {
  try {
    const { fields, notes } = parseCustomFieldAttributes(await client.getJson('/leads/customfields/attributes', {}));
    notes.forEach((note) => logger.warn(note));
    return fields;
  } catch (error) {
    logger.warn(`Could not load lead custom fields: ${failureKind(error)}`);
    return [];
  }
}

async function itemsOf(client: NutshellClient, field: PickerField, query: Record<string, string>): Promise<PickerItem[]> {
  const { path } = pickerRequest(field, '', 0);
  const body = await client.getJson(path, query);
  return recordsOf(field, body)
    .map((record) => toPickerItem(field, record))
    .filter((item): item is PickerItem => item !== undefined);
}

export interface DefaultIds {
  owner: string;
  sources: readonly string[];
  tags: readonly string[];
}

export interface ResolvedDefaults {
  defaults: FormDefaults;
  /** Ids that were looked up and no longer exist (not those whose lookup failed). */
  missing: string[];
}

/**
 * Resolves default ids to labelled refs. The document has no `GET /sources/{id}` or
 * `GET /tags/{id}`, so each list is fetched once and matched; an id that is not there is
 * dropped quietly and reported in `missing`.
 */
export async function resolveDefaults(client: NutshellClient, ids: DefaultIds, logger: Logger): Promise<ResolvedDefaults> {
  const defaults: FormDefaults = {};
  const missing: string[] = [];
  const lookups: { field: 'owner' | 'sources' | 'tags'; ids: string[]; query: Record<string, string> }[] = [
    { field: 'owner', ids: ids.owner ? [ids.owner] : [], query: {} },
    { field: 'sources', ids: [...ids.sources], query: {} },
    { field: 'tags', ids: [...ids.tags], query: { 'filter[tagType]': 'leads' } },
  ];
  await Promise.all(
    lookups.map(async ({ field, ids: wanted, query }) => {
      const valid = wanted.filter((id) => isIdOfType(id, LINK_ENTITY_TYPES[field]));
      missing.push(...wanted.filter((id) => !valid.includes(id)));
      if (valid.length === 0) {
        return;
      }
      let items: PickerItem[];
      try {
        items = await itemsOf(client, field, query);
      } catch (error) {
        logger.warn(`Could not resolve the default ${field}: ${failureKind(error)}`);
        return;
      }
      const names = new Map(items.map((item) => [item.id, item.name]));
      const refs: LinkRef[] = valid.flatMap((id) => {
        const label = names.get(id);
        if (label === undefined) {
          missing.push(id);
          return [];
        }
        return [{ id, label }];
      });
      if (field === 'owner') {
        if (refs[0]) {
          defaults.owner = refs[0];
        }
      } else if (refs.length > 0) {
        defaults[field] = refs;
      }
    }),
  );
  return { defaults, missing };
}

function suggestionFor(item: PickerItem): PickerSuggestion {
  return { label: item.name, ref: { id: item.id, label: item.name }, ...(item.secondary ? { secondary: item.secondary } : {}) };
}

const comparable = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Looks each suggested person up by email and each company by name, so that an existing record
 * is offered rather than a duplicate; otherwise the suggestion is to create one.
 */
export async function resolveSuggestions(
  client: NutshellClient,
  capture: SelectionCapture,
  logger: Logger,
): Promise<{ accounts: PickerSuggestion[]; contacts: PickerSuggestion[] }> {
  const contacts = await Promise.all(
    capture.people.slice(0, 5).map(async (person): Promise<PickerSuggestion> => {
      if (person.email) {
        try {
          const [existing] = await itemsOf(client, 'contacts', { email: person.email, 'page[limit]': '1' });
          if (existing) {
            return suggestionFor(existing);
          }
        } catch (error) {
          logger.warn(`Contact lookup failed: ${failureKind(error)}`);
        }
      }
      const create: { name: string; email?: string; phone?: string } = { name: nameForSuggestedPerson(person) };
      if (person.email) {
        create.email = person.email;
      }
      if (person.phone) {
        create.phone = person.phone;
      }
      const secondary = [person.email, person.phone].filter(Boolean).join(' · ');
      return { label: create.name, ref: { create }, ...(secondary ? { secondary } : {}) };
    }),
  );
  const accounts = await Promise.all(
    capture.companies.slice(0, 5).map(async (company): Promise<PickerSuggestion> => {
      try {
        // "Acme Widgets Inc." should find "Acme Widgets": search and compare without the suffix.
        const searchText = companySearchText(company);
        const wanted = comparable(searchText);
        const existing = (await itemsOf(client, 'accounts', { q: searchText, 'page[limit]': '5' })).find(
          (item) => comparable(companySearchText(item.name)) === wanted,
        );
        if (existing) {
          return suggestionFor(existing);
        }
      } catch (error) {
        logger.warn(`Company lookup failed: ${failureKind(error)}`);
      }
      return { label: company, ref: { create: { name: company } } };
    }),
  );
  return { accounts, contacts };
}

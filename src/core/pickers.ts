/**
 * Search pickers: which Nutshell endpoint answers each link field, and how its records become
 * `{id, name, secondary}` items. The webview sends only a field and the text typed; the host turns
 * that into a request here, so the webview can never choose a URL, a host or a header.
 *
 * The document declares `page[limit]`/`page[page]` only on `/accounts` and `/contacts`; the other
 * lists are small and unpaged, so they are filtered and paged here.
 */
import { LINK_ENTITY_TYPES, isIdOfType } from './nutshell-ids.ts';
import type { PickerField, PickerItem } from './protocol.ts';

export const PICKER_PAGE_SIZE = 20;

export interface PickerRequest {
  path: string;
  query: Record<string, string | number | undefined>;
  /** The endpoint pages for us; otherwise `mapPickerResponse` filters and pages the full list. */
  serverPaged: boolean;
  /** The endpoint has no `q`; filter by the text here. */
  clientFiltered: boolean;
}

export function pickerRequest(field: PickerField, text: string, page: number): PickerRequest {
  const q = text.trim() || undefined;
  switch (field) {
    case 'owner':
      return { path: '/users', query: {}, serverPaged: false, clientFiltered: true };
    case 'accounts':
    case 'contacts':
      return {
        path: `/${field}`,
        query: { q, 'page[limit]': PICKER_PAGE_SIZE, 'page[page]': page },
        serverPaged: true,
        clientFiltered: false,
      };
    case 'tags':
      return { path: '/tags', query: { q, 'filter[tagType]': 'leads' }, serverPaged: false, clientFiltered: false };
    case 'sources':
    case 'products':
    case 'competitors':
      return { path: `/${field}`, query: { q }, serverPaged: false, clientFiltered: false };
  }
}

type JsonRecord = Record<string, unknown>;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Collections come as `{users: [...]}`, a bare array, or (competitors) a single record. */
export function recordsOf(field: PickerField, body: unknown): JsonRecord[] {
  // Each list is keyed by its entity type: `{users: [...]}`, `{accounts: [...]}`, …
  const collection = isRecord(body) ? body[LINK_ENTITY_TYPES[field]] : body;
  if (Array.isArray(collection)) {
    return collection.filter(isRecord);
  }
  if (isRecord(collection)) {
    return [collection];
  }
  if (isRecord(body) && typeof body.id === 'string') {
    return [body];
  }
  return [];
}

function firstValue(list: unknown): string | undefined {
  if (!Array.isArray(list)) {
    return undefined;
  }
  const entries: JsonRecord[] = list.map((entry) => (isRecord(entry) ? entry : { value: entry }));
  const primary = entries.find((entry) => entry.isPrimary === true) ?? entries[0];
  if (!primary) {
    return undefined;
  }
  const value = primary.value;
  if (isRecord(value)) {
    return text(value.formatted) ?? text(value.number) ?? text(value.address_1);
  }
  return text(value);
}

/** A product's default price as a plain decimal string, for prefilling the price input. */
export function productPriceOf(record: JsonRecord): string | undefined {
  const candidates = [record.price, ...(isRecord(record.prices) ? Object.values(record.prices) : [])];
  for (const candidate of candidates) {
    if (!isRecord(candidate)) {
      continue;
    }
    const amount = candidate.amount;
    if (typeof amount === 'number' && Number.isFinite(amount)) {
      return amount.toFixed(2);
    }
    if (typeof amount === 'string' && /^\d+(\.\d+)?$/.test(amount.trim())) {
      return Number(amount).toFixed(2);
    }
  }
  return undefined;
}

function formattedPriceOf(record: JsonRecord): string | undefined {
  return isRecord(record.price) ? text(record.price.formatted) : undefined;
}

function secondaryText(field: PickerField, record: JsonRecord): string | undefined {
  switch (field) {
    case 'owner':
      return firstValue(record.emails);
    case 'accounts':
      return firstValue(record.urls) ?? firstValue(record.emails) ?? firstValue(record.phones);
    case 'contacts':
      return firstValue(record.emails) ?? firstValue(record.phones) ?? text(record.description);
    case 'sources':
      return isRecord(record.channel) ? text(record.channel.display) : undefined;
    case 'products': {
      const parts = [text(record.sku), formattedPriceOf(record)].filter((part): part is string => part !== undefined);
      return parts.length > 0 ? parts.join(' · ') : undefined;
    }
    case 'tags':
    case 'competitors':
      return undefined;
  }
}

export function toPickerItem(field: PickerField, record: JsonRecord): PickerItem | undefined {
  const id = text(record.id);
  const name = text(record.name) ?? text(record.title);
  if (!id || !name || !isIdOfType(id, LINK_ENTITY_TYPES[field])) {
    return undefined;
  }
  if (record.deletedTime !== undefined && record.deletedTime !== null && record.deletedTime !== 0 && record.deletedTime !== '') {
    return undefined;
  }
  if (field === 'owner' && record.isEnabled === false) {
    return undefined;
  }
  const item: PickerItem = { id, name };
  const secondary = secondaryText(field, record);
  if (secondary) {
    item.secondary = secondary;
  }
  if (field === 'products') {
    const price = productPriceOf(record);
    if (price) {
      item.price = price;
    }
  }
  return item;
}

function matchesText(record: JsonRecord, needle: string): boolean {
  const haystack = [record.name, record.sku, ...(Array.isArray(record.emails) ? record.emails : [])]
    .map((value) => (isRecord(value) ? value.value : value))
    .filter((value): value is string => typeof value === 'string')
    .map((value) => value.toLowerCase());
  return haystack.some((value) => value.includes(needle));
}

function totalOf(body: unknown): number | undefined {
  const meta = isRecord(body) ? body.meta : undefined;
  const total = isRecord(meta) ? meta.total : undefined;
  return typeof total === 'number' ? total : undefined;
}

export interface PickerPage {
  items: PickerItem[];
  hasMore: boolean;
}

export interface PickerContext {
  text: string;
  page: number;
  /** The signed-in user's email: that user is listed first among owners. */
  currentUserEmail?: string;
}

export function mapPickerResponse(field: PickerField, body: unknown, context: PickerContext): PickerPage {
  const request = pickerRequest(field, context.text, context.page);
  let records = recordsOf(field, body);
  const needle = context.text.trim().toLowerCase();
  if (request.clientFiltered && needle) {
    records = records.filter((record) => matchesText(record, needle));
  }
  if (field === 'owner' && context.currentUserEmail) {
    const email = context.currentUserEmail.toLowerCase();
    const isCurrent = (record: JsonRecord) =>
      Array.isArray(record.emails) &&
      record.emails.some((value) => (isRecord(value) ? value.value : value)?.toString().toLowerCase() === email);
    records = [...records.filter(isCurrent), ...records.filter((record) => !isCurrent(record))];
  }
  const items = records
    .map((record) => toPickerItem(field, record))
    .filter((item): item is PickerItem => item !== undefined);
  if (request.serverPaged) {
    const total = totalOf(body);
    const seen = (context.page + 1) * PICKER_PAGE_SIZE;
    return { items, hasMore: total !== undefined ? total > seen : items.length >= PICKER_PAGE_SIZE };
  }
  const start = context.page * PICKER_PAGE_SIZE;
  return { items: items.slice(start, start + PICKER_PAGE_SIZE), hasMore: items.length > start + PICKER_PAGE_SIZE };
}

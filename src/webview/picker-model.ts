/**
 * The search pickers' pure logic: no DOM, so all of it is unit-tested.
 *
 * - a debouncer with injectable timers;
 * - the search hub: one latest request per picker field, so a stale `searchResult` is dropped;
 * - a picker's search state (query, pages, loading / error), folding in results;
 * - the options a picker lists: suggestions, results (chosen ones marked), "Use ID",
 *   "Create", "Load more";
 * - the keyboard state machine of the WAI-ARIA combobox;
 * - chip texts, and the product row update when a product is chosen.
 */
import type { LinkRef } from '../core/lead-schema.ts';
import { LINK_ENTITY_TYPES, isIdOfType, type LinkField } from '../core/nutshell-ids.ts';
import type { PickerField, PickerItem, PickerSuggestion } from '../core/protocol.ts';
import { nameForSuggestedPerson } from '../core/selection-capture.ts';
import { isLinkRef, type LinkItem, type NewAccountItem, type NewContactItem } from './form-model.ts';

/** How long typing pauses before a search is sent. */
export const SEARCH_DEBOUNCE_MS = 200;

// ---------------------------------------------------------------------------------------------
// Debounce
// ---------------------------------------------------------------------------------------------

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const defaultTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface Debouncer {
  /** Runs `callback` after `ms` of quiet; a newer call replaces an older one that has not run. */
  schedule(callback: () => void): void;
  /** Drops the scheduled call, if any. */
  cancel(): void;
  readonly pending: boolean;
}

export function createDebouncer(ms: number, timers: Timers = defaultTimers): Debouncer {
  let handle: unknown;
  let pending = false;
  return {
    schedule(callback) {
      if (pending) {
        timers.clear(handle);
      }
      pending = true;
      handle = timers.set(() => {
        pending = false;
        callback();
      }, ms);
    },
    cancel() {
      if (pending) {
        timers.clear(handle);
        pending = false;
      }
    },
    get pending() {
      return pending;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Search hub: latest request per field
// ---------------------------------------------------------------------------------------------

export interface SearchResultMessage {
  requestId: string;
  field: PickerField;
  items: PickerItem[];
  hasMore: boolean;
  error?: string;
}

export interface SearchRequest {
  requestId: string;
  field: PickerField;
  query: string;
  page: number;
}

export type SearchListener = (result: SearchResultMessage) => void;

export interface SearchHub {
  /** Sends a search and returns its id; it becomes the only request of `field` whose answer counts. */
  search(field: PickerField, query: string, page: number, listener: SearchListener): string;
  /** Forgets a request (its picker closed): a late answer to it is dropped. */
  cancel(requestId: string): void;
  /** Routes a host answer to the picker that asked; false when it is stale or unknown. */
  receive(result: SearchResultMessage): boolean;
}

/** The protocol allows queries of at most 200 characters. */
export const MAX_QUERY_LENGTH = 200;

export function createSearchHub(send: (request: SearchRequest) => void, newId: () => string): SearchHub {
  const latest = new Map<PickerField, { requestId: string; listener: SearchListener }>();
  return {
    search(field, query, page, listener) {
      const requestId = newId();
      latest.set(field, { requestId, listener });
      send({ requestId, field, query: query.trim().slice(0, MAX_QUERY_LENGTH), page: Math.max(0, Math.floor(page)) });
      return requestId;
    },
    cancel(requestId) {
      for (const [field, entry] of latest) {
        if (entry.requestId === requestId) {
          latest.delete(field);
        }
      }
    },
    receive(result) {
      const entry = latest.get(result.field);
      if (!entry || entry.requestId !== result.requestId) {
        return false;
      }
      latest.delete(result.field);
      entry.listener(result);
      return true;
    },
  };
}

let searchCounter = 0;

/** Ids for searches: short, unique in this webview, at most 64 characters. */
export function createSearchId(): string {
  searchCounter += 1;
  return `search-${searchCounter}-${Math.random().toString(36).slice(2, 10)}`;
}

// ---------------------------------------------------------------------------------------------
// A picker's search state
// ---------------------------------------------------------------------------------------------

export type SearchStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface SearchState {
  status: SearchStatus;
  /** The query of the request in flight, or of the last one answered. */
  query: string;
  /** The query `items` answer (null before any answer). */
  resultQuery: string | null;
  items: PickerItem[];
  /** The last page asked for. */
  page: number;
  hasMore: boolean;
  error?: string;
  /** The request whose answer is awaited; any other answer is stale. */
  pendingId?: string;
}

export function initialSearchState(): SearchState {
  return { status: 'idle', query: '', resultQuery: null, items: [], page: 0, hasMore: false };
}

export function normalizeQuery(text: string): string {
  return text.trim().slice(0, MAX_QUERY_LENGTH);
}

/** A request went out. Page 0 keeps the old items on screen until the answer replaces them. */
export function startSearch(state: SearchState, query: string, page: number, requestId: string): SearchState {
  const next: SearchState = { ...state, status: 'loading', query: normalizeQuery(query), page, pendingId: requestId };
  delete next.error;
  return next;
}

/**
 * Folds an answer in: page 0 replaces the items, a later page appends the new ones. An answer
 * to anything but the pending request changes nothing.
 */
export function receiveSearch(state: SearchState, result: SearchResultMessage): SearchState {
  if (state.pendingId === undefined || result.requestId !== state.pendingId) {
    return state;
  }
  const next: SearchState = { ...state, resultQuery: state.query };
  delete next.pendingId;
  if (result.error !== undefined) {
    next.status = 'error';
    next.error = result.error;
    next.hasMore = false;
    if (state.page === 0) {
      next.items = [];
    }
    return next;
  }
  delete next.error;
  next.status = 'ready';
  next.hasMore = result.hasMore;
  if (state.page === 0) {
    next.items = dedupeItems(result.items);
  } else {
    next.items = dedupeItems([...state.items, ...result.items]);
  }
  return next;
}

/** The picker closed with a request in flight: its answer will be dropped. */
export function abandonSearch(state: SearchState): SearchState {
  if (state.status !== 'loading') {
    return state;
  }
  const next: SearchState = { ...state, status: state.resultQuery === null ? 'idle' : 'ready', query: state.resultQuery ?? '' };
  delete next.pendingId;
  return next;
}

function dedupeItems(items: readonly PickerItem[]): PickerItem[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (seen.has(item.id)) {
      return false;
    }
    seen.add(item.id);
    return true;
  });
}

/** Whether the shown results answer what is typed now (else a search is due). */
export function resultsAreCurrent(state: SearchState, text: string): boolean {
  return state.resultQuery === normalizeQuery(text) && state.status !== 'loading';
}

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

export type PickerOption =
  | { type: 'suggestion'; label: string; secondary?: string; item: LinkItem; chosen: boolean }
  | { type: 'item'; label: string; secondary?: string; item: LinkRef; source: PickerItem; chosen: boolean }
  | { type: 'useId'; label: string; item: LinkRef; chosen: false }
  | { type: 'create'; label: string; secondary?: string; item: NewAccountItem | NewContactItem; chosen: false }
  | { type: 'more'; label: string; chosen: false };

export interface OptionGroups {
  /** "Suggested from selection" (companies and people only). */
  suggested: PickerOption[];
  /** Search results, then "Use ID", "Load more" and "Create". */
  results: PickerOption[];
}

export interface OptionInput {
  field: LinkField;
  text: string;
  search: SearchState;
  chosen: readonly LinkItem[];
  suggestions?: readonly PickerSuggestion[];
}

/** The kinds of link item that can be created inline: companies and people. */
export function canCreate(field: LinkField): field is 'accounts' | 'contacts' {
  return field === 'accounts' || field === 'contacts';
}

function fold(text: string): string {
  return text.trim().toLocaleLowerCase();
}

/** Whether a link item is already among the chosen ones: same id, or a record to create by that name. */
export function isChosen(item: LinkItem, chosen: readonly LinkItem[]): boolean {
  if (isLinkRef(item)) {
    return chosen.some((other) => isLinkRef(other) && other.id === item.id);
  }
  return chosen.some(
    (other) =>
      !isLinkRef(other) &&
      fold(other.create.name) === fold(item.create.name) &&
      fold(emailOf(other) ?? '') === fold(emailOf(item) ?? ''),
  );
}

function emailOf(item: NewAccountItem | NewContactItem): string | undefined {
  return 'email' in item.create ? item.create.email : undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What choosing "Create" makes of the typed text: a company by name, a person (from an email). */
export function createItemFor(field: 'accounts' | 'contacts', text: string): NewAccountItem | NewContactItem | undefined {
  const name = text.trim();
  if (name === '') {
    return undefined;
  }
  if (field === 'contacts' && EMAIL.test(name)) {
    const derived = nameForSuggestedPerson({ email: name });
    return { create: { name: derived === '' ? name : derived, email: name } };
  }
  return { create: { name } };
}

/** A typed id of the right entity type can be used as it is (the way to link when search fails). */
function useIdFor(field: LinkField, text: string): LinkRef | undefined {
  const id = text.trim();
  return isIdOfType(id, LINK_ENTITY_TYPES[field]) ? { id } : undefined;
}

function suggestionMatches(suggestion: PickerSuggestion, query: string): boolean {
  if (query === '') {
    return true;
  }
  return [suggestion.label, suggestion.secondary ?? ''].some((text) => fold(text).includes(query));
}

function suggestionItem(suggestion: PickerSuggestion): LinkItem {
  const ref = suggestion.ref;
  if ('id' in ref) {
    return { id: ref.id, label: ref.label ?? suggestion.label };
  }
  return { create: { ...ref.create } };
}

/**
 * What a picker lists for the text typed now.
 *
 * - Suggestions that match the text come first (companies, people).
 * - Results follow, chosen ones marked; a result that is also a suggestion is listed once.
 * - A typed id of the right type adds "Use ID"; "Load more" comes when there are more pages.
 * - Companies and people end with `Create "<text>"`, once the results for that text are in
 *   (or the search failed) and none of them, nor a suggestion, is named exactly that.
 */
export function buildOptions(input: OptionInput, t: OptionTexts): OptionGroups {
  const { field, search, chosen } = input;
  const query = normalizeQuery(input.text);
  const folded = fold(query);
  const suggested: PickerOption[] = [];
  const suggestedIds = new Set<string>();
  for (const suggestion of input.suggestions ?? []) {
    if (!suggestionMatches(suggestion, folded)) {
      continue;
    }
    const item = suggestionItem(suggestion);
    if (isLinkRef(item)) {
      suggestedIds.add(item.id);
    }
    const option: PickerOption = { type: 'suggestion', label: suggestion.label, item, chosen: isChosen(item, chosen) };
    if (suggestion.secondary !== undefined && suggestion.secondary !== '') {
      option.secondary = suggestion.secondary;
    }
    suggested.push(option);
  }

  const results: PickerOption[] = [];
  const current = search.resultQuery !== null && search.resultQuery === query;
  const items = search.resultQuery === null ? [] : search.items;
  for (const source of items) {
    if (suggestedIds.has(source.id)) {
      continue;
    }
    const item: LinkRef = { id: source.id, label: source.name };
    const option: PickerOption = { type: 'item', label: source.name, item, source, chosen: isChosen(item, chosen) };
    if (source.secondary !== undefined && source.secondary !== '') {
      option.secondary = source.secondary;
    }
    results.push(option);
  }

  const typedId = useIdFor(field, query);
  if (typedId && !items.some((item) => item.id === typedId.id) && !suggestedIds.has(typedId.id) && !isChosen(typedId, chosen)) {
    results.push({ type: 'useId', label: t.useId(typedId.id), item: typedId, chosen: false });
  }

  // While a later page loads, "Load more" stays where it is (the active option does not jump).
  const loadingMore = search.status === 'loading' && search.page > 0;
  if (current && search.hasMore && (search.status === 'ready' || loadingMore)) {
    results.push({ type: 'more', label: t.more, chosen: false });
  }

  if (canCreate(field) && query !== '' && current && search.status !== 'loading' && !typedId) {
    const exact = (name: string) => fold(name) === folded;
    const named =
      items.some((item) => exact(item.name) || (field === 'contacts' && exact(item.secondary ?? ''))) ||
      (input.suggestions ?? []).some((s) => exact(s.label) || (field === 'contacts' && exact(s.secondary ?? '')));
    const create = createItemFor(field, query);
    if (!named && create && !isChosen(create, chosen)) {
      const option: PickerOption = { type: 'create', label: t.create(create.create.name), item: create, chosen: false };
      const email = emailOf(create);
      if (email !== undefined) {
        option.secondary = email;
      }
      results.push(option);
    }
  }
  return { suggested, results };
}

export interface OptionTexts {
  /** `Create "{0}"` */
  create(name: string): string;
  /** `Use ID {0}` */
  useId(id: string): string;
  more: string;
}

export function flatOptions(groups: OptionGroups): PickerOption[] {
  return [...groups.suggested, ...groups.results];
}

/** Result options, without the action rows: what "N results" counts. */
export function resultCount(groups: OptionGroups): number {
  return groups.results.filter((option) => option.type === 'item').length;
}

export type PickerAnnouncement =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'none' }
  | { kind: 'results'; count: number; suggestions: number; more: boolean };

/** What the live region says about the list (undefined: nothing new to say). */
export function announcementFor(search: SearchState, groups: OptionGroups): PickerAnnouncement {
  if (search.status === 'loading') {
    return { kind: 'loading' };
  }
  if (search.status === 'error') {
    return { kind: 'error', message: search.error ?? '' };
  }
  const count = resultCount(groups);
  const suggestions = groups.suggested.length;
  if (count === 0 && suggestions === 0) {
    return { kind: 'none' };
  }
  return { kind: 'results', count, suggestions, more: groups.results.some((option) => option.type === 'more') };
}

// ---------------------------------------------------------------------------------------------
// Choosing
// ---------------------------------------------------------------------------------------------

/**
 * What a picker holds after an option is chosen. A single picker holds just that item; a multi
 * picker adds it, or removes it when it was already chosen (choosing a marked option toggles).
 */
export function toggleChoice(chosen: readonly LinkItem[], item: LinkItem, multiple: boolean): LinkItem[] {
  if (!multiple) {
    return [item];
  }
  if (isChosen(item, chosen)) {
    return chosen.filter((other) => !isChosen(other, [item]));
  }
  return [...chosen, item];
}

export interface ChipTexts {
  /** `{0} (new)` */
  newItem(name: string): string;
}

/** What a chip (or a single picker's input) shows: the label, never a raw id unless there is none. */
export function chipText(item: LinkItem, t: ChipTexts): string {
  if (isLinkRef(item)) {
    const label = item.label?.trim();
    return label ? label : item.id;
  }
  return t.newItem(item.create.name);
}

/** Single pickers show the chosen record's name in the input. */
export function singleText(items: readonly LinkItem[]): string {
  const item = items[0];
  if (!item) {
    return '';
  }
  return isLinkRef(item) ? (item.label?.trim() || item.id) : item.create.name;
}

// ---------------------------------------------------------------------------------------------
// Keyboard
// ---------------------------------------------------------------------------------------------

export interface ComboboxState {
  open: boolean;
  /** Index of the active option in the flat list, -1 for none. */
  active: number;
  /** How many options the list has. */
  count: number;
  /** What the input holds. */
  text: string;
  /** How many chips (multi pickers). */
  chips: number;
}

export type ComboboxAction = 'open' | 'close' | 'clear' | 'pick' | 'removeLast';

export interface ComboboxKeyResult {
  open: boolean;
  active: number;
  action?: ComboboxAction;
  /** The key was handled: the browser's default (caret move, form submit) must not happen. */
  handled: boolean;
}

export interface ComboKey {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  isComposing?: boolean;
}

/**
 * The WAI-ARIA combobox's keys. Down/Up move (and wrap; from closed, Down opens on the first
 * option and Up on the last), Home/End jump while an option is active (else they move the caret),
 * Enter picks the active option, Escape closes and then clears, Backspace in an empty input
 * removes the last chip, Tab closes and lets focus move on.
 */
export function comboboxKey(state: ComboboxState, event: ComboKey): ComboboxKeyResult {
  const same: ComboboxKeyResult = { open: state.open, active: state.active, handled: false };
  if (event.isComposing === true || event.ctrlKey || event.metaKey) {
    return same;
  }
  const last = state.count - 1;
  switch (event.key) {
    case 'ArrowDown':
      if (event.altKey) {
        return state.open ? { ...same, handled: true } : { open: true, active: -1, action: 'open', handled: true };
      }
      if (!state.open) {
        return { open: true, active: state.count > 0 ? 0 : -1, action: 'open', handled: true };
      }
      return { open: true, active: state.count === 0 ? -1 : state.active >= last ? 0 : state.active + 1, handled: true };
    case 'ArrowUp':
      if (event.altKey) {
        return state.open ? { open: false, active: -1, action: 'close', handled: true } : same;
      }
      if (!state.open) {
        return { open: true, active: last, action: 'open', handled: true };
      }
      return { open: true, active: state.count === 0 ? -1 : state.active <= 0 ? last : state.active - 1, handled: true };
    case 'Home':
    case 'End':
      if (!state.open || state.active < 0 || state.count === 0 || event.shiftKey) {
        return same;
      }
      return { open: true, active: event.key === 'Home' ? 0 : last, handled: true };
    case 'Enter':
      if (event.altKey || event.shiftKey || !state.open) {
        return same;
      }
      if (state.active >= 0 && state.active < state.count) {
        return { open: state.open, active: state.active, action: 'pick', handled: true };
      }
      // An open list with nothing active: Enter does not submit the form from under it.
      return { ...same, handled: true };
    case 'Escape':
      if (state.open) {
        return { open: false, active: -1, action: 'close', handled: true };
      }
      if (state.text !== '') {
        return { open: false, active: -1, action: 'clear', handled: true };
      }
      return same;
    case 'Backspace':
      if (state.text === '' && state.chips > 0 && !event.altKey && !event.shiftKey) {
        return { ...same, action: 'removeLast', handled: true };
      }
      return same;
    case 'Tab':
      return state.open ? { open: false, active: -1, action: 'close', handled: false } : same;
    default:
      return same;
  }
}

// ---------------------------------------------------------------------------------------------
// Product rows
// ---------------------------------------------------------------------------------------------

export interface ProductLineLike {
  product: LinkRef;
  quantity: string;
  price: string;
}

/**
 * A product was chosen in a row: the row links it (with its name), an empty price takes the
 * product's price, and an empty quantity becomes 1. What the user typed is never overwritten.
 */
export function applyProductPick<T extends ProductLineLike>(line: T, item: PickerItem): T {
  return {
    ...line,
    product: { id: item.id, label: item.name },
    price: line.price.trim() === '' && item.price !== undefined ? item.price : line.price,
    quantity: line.quantity.trim() === '' ? '1' : line.quantity,
  };
}

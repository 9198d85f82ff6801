/**
 * The search picker: a `LinkFieldControl` that follows the WAI-ARIA APG "combobox with listbox
 * popup" pattern. The input (`#<id>`, `role=combobox`) keeps DOM focus; the active option is
 * conveyed with `aria-activedescendant`. Multi pickers show what is chosen as chips
 * (`#<id>-chips`); single pickers (owner, product) show the chosen name in the input.
 *
 * Searching goes through the `SearchHub` (latest request per field wins); everything that can be
 * decided without the DOM is in picker-model.ts.
 */
import type { PickerSuggestion } from '../core/protocol.ts';
import { applyFieldError, h } from './dom.ts';
import { errorIdForInput, hintIdForInput, type LinkItem } from './form-model.ts';
import type { LinkFieldControl, LinkFieldFactory, LinkFieldOptions } from './link-field.ts';
import {
  SEARCH_DEBOUNCE_MS,
  abandonSearch,
  announcementFor,
  buildOptions,
  canCreate,
  chipText,
  comboboxKey,
  createDebouncer,
  flatOptions,
  initialSearchState,
  isChosen,
  normalizeQuery,
  receiveSearch,
  resultsAreCurrent,
  singleText,
  startSearch,
  toggleChoice,
  type OptionGroups,
  type PickerOption,
  type SearchHub,
  type SearchResultMessage,
  type SearchState,
} from './picker-model.ts';
import type { Translate } from './strings.ts';

export interface PickerDependencies {
  hub: SearchHub;
  t: Translate;
  debounceMs?: number;
}

/** "Loading…" is announced only when a search takes longer than this. */
const LOADING_ANNOUNCE_DELAY_MS = 400;

export function createPickerFactory(deps: PickerDependencies): LinkFieldFactory {
  return (options) => createPicker(options, deps);
}

function createPicker(options: LinkFieldOptions, deps: PickerDependencies): LinkFieldControl {
  const { t, hub } = deps;
  const { key, id, multiple, kind } = options;
  const ids = {
    label: `${id}-label`,
    listbox: `${id}-listbox`,
    chips: `${id}-chips`,
    status: `${id}-status`,
    message: `${id}-message`,
    suggestions: `${id}-suggestions`,
    option: (index: number) => `${id}-option-${index}`,
  };
  const texts = {
    create: (name: string) => t('picker.create', name),
    useId: (value: string) => t('picker.useId', value),
    more: t('picker.loadMore'),
    newItem: (name: string) => t('picker.newItem', name),
  };

  // ----- DOM ---------------------------------------------------------------------------------
  const hintIds = [...(options.describedBy ?? [])];
  const hint = options.hint ? h('p', { id: hintIdForInput(id), class: 'field-hint' }, options.hint) : null;
  if (hint) {
    hintIds.unshift(hint.id);
  }
  const label = h('label', { for: id, id: ids.label, class: 'field-label' }, options.label);
  const input = h('input', {
    type: 'text',
    id,
    name: options.name ?? id,
    class: 'picker-input',
    role: 'combobox',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': ids.listbox,
    autocomplete: 'off',
    autocapitalize: 'off',
    spellcheck: 'false',
    'data-field': key,
  });
  const chips = multiple
    ? h('ul', { id: ids.chips, class: 'chips', 'aria-label': t('picker.chosenLabel', options.label), hidden: true })
    : null;
  const box = h('div', { class: 'picker-box' }, chips, input);
  const listbox = h('div', {
    id: ids.listbox,
    class: 'picker-listbox',
    role: 'listbox',
    'aria-labelledby': ids.label,
    'aria-multiselectable': multiple ? 'true' : null,
    hidden: true,
  });
  const message = h('p', { id: ids.message, class: 'picker-message', hidden: true });
  const popup = h('div', { class: 'picker-popup', hidden: true }, listbox, message);
  const error = h('p', { id: errorIdForInput(id), class: 'field-error', hidden: true });
  const suggestionsButton = canCreate(kind)
    ? h('button', { type: 'button', id: ids.suggestions, class: 'link-button picker-suggestions', hidden: true })
    : null;
  const status = h('div', { id: ids.status, class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const element = h(
    'div',
    { class: `field link-field picker${multiple ? ' picker--multi' : ''}${options.className ? ` ${options.className}` : ''}` },
    label,
    h('div', { class: 'picker-anchor' }, box, popup),
    error,
    hint,
    suggestionsButton,
    status,
  );
  applyFieldError(input, error, hintIds, null);

  // ----- state -------------------------------------------------------------------------------
  let items: LinkItem[] = [];
  let suggestions: readonly PickerSuggestion[] = [];
  let search: SearchState = initialSearchState();
  let open = false;
  let active = -1;
  let groups: OptionGroups = { suggested: [], results: [] };
  let flat: PickerOption[] = [];
  /** Single pickers: the input holds typed text rather than the chosen record's name. */
  let edited = false;
  /** Down/Up opened the list before its options were in: they go to the first/last option. */
  let activateOnResult: 'first' | 'last' | undefined;
  const debounce = createDebouncer(deps.debounceMs ?? SEARCH_DEBOUNCE_MS);
  let announceTimer: ReturnType<typeof setTimeout> | undefined;
  let loadingTimer: ReturnType<typeof setTimeout> | undefined;

  /** What the search is for: what is typed (a single picker's shown name is not a query). */
  const query = (): string => (multiple || edited ? normalizeQuery(input.value) : '');

  const announce = (text: string): void => {
    if (announceTimer !== undefined) {
      clearTimeout(announceTimer);
    }
    status.textContent = '';
    // Set on the next tick, so that repeating a message is announced again.
    announceTimer = setTimeout(() => {
      status.textContent = text;
    }, 50);
  };

  const clearLoadingTimer = (): void => {
    if (loadingTimer !== undefined) {
      clearTimeout(loadingTimer);
      loadingTimer = undefined;
    }
  };

  const announcementText = (): string => {
    const said = announcementFor(search, groups);
    switch (said.kind) {
      case 'loading':
        return t('picker.loading');
      case 'error':
        return t('picker.searchFailed', said.message);
      case 'none':
        return t('picker.noMatches');
      case 'results': {
        const parts: string[] = [];
        if (said.suggestions > 0) {
          parts.push(t('picker.suggestedCount', said.suggestions));
        }
        if (said.count > 0 || said.suggestions === 0) {
          parts.push(said.count === 1 ? t('picker.resultsOne') : t('picker.resultsMany', said.count));
        }
        if (said.more) {
          parts.push(t('picker.moreAvailable'));
        }
        return parts.join(', ');
      }
    }
  };

  // ----- rendering ---------------------------------------------------------------------------
  const renderChips = (): void => {
    if (!chips) {
      return;
    }
    chips.replaceChildren(
      ...items.map((item, index) => {
        const text = chipText(item, texts);
        const remove = h(
          'button',
          { type: 'button', class: 'chip-remove', 'aria-label': t('picker.remove', text), 'data-index': index },
          '×',
        );
        return h('li', { class: `chip${'create' in item ? ' chip--new' : ''}` }, h('span', { class: 'chip-label' }, text), remove);
      }),
    );
    chips.hidden = items.length === 0;
  };

  const renderSuggestionsButton = (): void => {
    if (!suggestionsButton) {
      return;
    }
    const open = suggestions.filter((suggestion) => {
      const ref = suggestion.ref;
      const item: LinkItem = 'id' in ref ? { id: ref.id } : { create: ref.create };
      return !isChosen(item, items);
    }).length;
    suggestionsButton.hidden = open === 0;
    suggestionsButton.textContent = open === 1 ? t('picker.suggestionsOne') : t('picker.suggestionsMany', open);
  };

  const optionElement = (option: PickerOption, index: number): HTMLElement => {
    const optionId = ids.option(index);
    const name = h('span', { id: `${optionId}-name`, class: 'option-name' }, option.label);
    const secondaryText = 'secondary' in option ? option.secondary : undefined;
    const secondary =
      secondaryText !== undefined
        ? // The secondary text is the option's description (aria-describedby), not part of its
          // name: the name is the record's name. It is drawn by CSS from `data-secondary`, so
          // that it is not also read as the option's content (label-in-name holds).
          h('span', { id: `${optionId}-secondary`, class: 'option-secondary', 'data-secondary': secondaryText })
        : null;
    const classes = ['picker-option', `picker-option--${option.type}`];
    if (option.chosen) {
      classes.push('is-chosen');
    }
    if (index === active) {
      classes.push('is-active');
    }
    return h(
      'div',
      {
        id: optionId,
        role: 'option',
        class: classes.join(' '),
        'aria-selected': option.chosen ? 'true' : 'false',
        'aria-labelledby': name.id,
        'aria-describedby': secondary ? secondary.id : null,
        'data-index': index,
      },
      name,
      secondary,
    );
  };

  const renderList = (): void => {
    // A single picker whose input shows the chosen name lists everything, not that name.
    groups = buildOptions({ field: kind, text: query(), search, chosen: items, suggestions }, texts);
    flat = flatOptions(groups);
    if (active >= flat.length) {
      active = flat.length - 1;
    }
    let index = 0;
    const make = (option: PickerOption) => optionElement(option, index++);
    const children: HTMLElement[] = [];
    if (groups.suggested.length > 0) {
      const suggestedId = `${id}-group-suggested`;
      const resultsId = `${id}-group-results`;
      children.push(
        h(
          'div',
          { role: 'group', class: 'picker-group', 'aria-labelledby': suggestedId },
          h('div', { role: 'presentation', id: suggestedId, class: 'picker-group-label' }, t('picker.suggestedGroup')),
          ...groups.suggested.map(make),
        ),
      );
      if (groups.results.length > 0) {
        children.push(
          h(
            'div',
            { role: 'group', class: 'picker-group', 'aria-labelledby': resultsId },
            h('div', { role: 'presentation', id: resultsId, class: 'picker-group-label' }, t('picker.resultsGroup')),
            ...groups.results.map(make),
          ),
        );
      }
    } else {
      children.push(...groups.results.map(make));
    }
    listbox.replaceChildren(...children);
    listbox.hidden = flat.length === 0;

    let text = '';
    if (search.status === 'loading') {
      text = t('picker.loading');
    } else if (search.status === 'error') {
      text = t('picker.searchFailed', search.error ?? '');
    } else if (
      search.status === 'ready' &&
      groups.suggested.length === 0 &&
      groups.results.every((option) => option.type !== 'item')
    ) {
      text = t('picker.noMatches');
    }
    message.textContent = text;
    message.hidden = text === '';
    message.className = `picker-message${search.status === 'error' ? ' picker-message--error' : ''}`;
    popup.hidden = !open || (flat.length === 0 && text === '');
  };

  const renderActive = (): void => {
    for (const node of listbox.querySelectorAll<HTMLElement>('[role=option]')) {
      node.classList.toggle('is-active', Number(node.dataset['index']) === active);
    }
    if (open && active >= 0 && active < flat.length) {
      const activeId = ids.option(active);
      input.setAttribute('aria-activedescendant', activeId);
      document.getElementById(activeId)?.scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };

  const render = (): void => {
    input.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open) {
      renderList();
    } else {
      popup.hidden = true;
    }
    renderActive();
    renderSuggestionsButton();
  };

  // ----- searching ---------------------------------------------------------------------------
  const onResult = (result: SearchResultMessage): void => {
    const before = search;
    search = receiveSearch(search, result);
    if (search === before) {
      return;
    }
    clearLoadingTimer();
    if (before.page === 0) {
      active = -1;
      if (activateOnResult !== undefined) {
        groups = buildOptions({ field: kind, text: query(), search, chosen: items, suggestions }, texts);
        const count = flatOptions(groups).length;
        active = count === 0 ? -1 : activateOnResult === 'first' ? 0 : count - 1;
      }
    }
    activateOnResult = undefined;
    render();
    if (open) {
      announce(announcementText());
    }
  };

  const searchNow = (page = 0): void => {
    debounce.cancel();
    if (search.pendingId !== undefined) {
      hub.cancel(search.pendingId);
    }
    const q = query();
    const requestId = hub.search(kind, q, page, onResult);
    search = startSearch(search, q, page, requestId);
    clearLoadingTimer();
    loadingTimer = setTimeout(() => {
      loadingTimer = undefined;
      if (open && search.status === 'loading') {
        announce(t('picker.loading'));
      }
    }, LOADING_ANNOUNCE_DELAY_MS);
    render();
  };

  const openList = (): void => {
    const wasOpen = open;
    open = true;
    const pendingForQuery = search.status === 'loading' && search.query === query();
    if (!resultsAreCurrent(search, query()) && !pendingForQuery) {
      searchNow(0);
    } else {
      render();
      if (!wasOpen) {
        announce(announcementText());
      }
    }
  };

  const closeList = (): void => {
    activateOnResult = undefined;
    debounce.cancel();
    clearLoadingTimer();
    if (search.pendingId !== undefined) {
      hub.cancel(search.pendingId);
    }
    search = abandonSearch(search);
    open = false;
    active = -1;
    render();
  };

  /** A single picker's input goes back to the chosen record's name. */
  const restoreSingleText = (): void => {
    if (!multiple) {
      edited = false;
      const text = singleText(items);
      if (input.value !== text) {
        input.value = text;
      }
    }
  };

  const change = (next: LinkItem[]): void => {
    items = next;
    renderChips();
    options.onChange([...items]);
  };

  const pick = (option: PickerOption): void => {
    if (option.type === 'more') {
      if (search.status !== 'loading') {
        searchNow(search.page + 1);
      }
      return;
    }
    const wasChosen = option.chosen;
    const next = toggleChoice(items, option.item, multiple);
    change(next);
    if (option.type === 'item') {
      options.onPick?.(option.source);
    }
    const name = chipText(option.item, texts);
    if (multiple) {
      input.value = '';
      closeList();
      announce(wasChosen ? t('picker.removed', name) : t('picker.added', name));
    } else {
      closeList();
      restoreSingleText();
      announce(t('picker.selected', name));
    }
  };

  const removeAt = (index: number): void => {
    const item = items[index];
    if (!item) {
      return;
    }
    change(items.filter((_, i) => i !== index));
    announce(t('picker.removed', chipText(item, texts)));
    render();
  };

  // ----- events ------------------------------------------------------------------------------
  const onInput = (): void => {
    edited = true;
    activateOnResult = undefined;
    if (!multiple && input.value.trim() === '' && items.length > 0) {
      change([]);
    }
    open = true;
    active = -1;
    if (input.value.trim() === '') {
      searchNow(0);
    } else {
      debounce.schedule(() => searchNow(0));
      render();
    }
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    const result = comboboxKey(
      { open, active, count: flat.length, text: input.value, chips: multiple ? items.length : 0 },
      event,
    );
    if (result.handled) {
      event.preventDefault();
    }
    switch (result.action) {
      case 'open':
        openList();
        // The options are (re)built only now: Down starts on the first, Up on the last (once
        // they have arrived, when a search had to go out first).
        active = result.active < 0 || flat.length === 0 ? -1 : event.key === 'ArrowUp' ? flat.length - 1 : 0;
        if (search.status === 'loading' && !event.altKey) {
          activateOnResult = event.key === 'ArrowUp' ? 'last' : 'first';
        }
        renderActive();
        return;
      case 'close':
        closeList();
        return;
      case 'clear':
        input.value = '';
        edited = true;
        if (!multiple && items.length > 0) {
          change([]);
          announce(t('picker.cleared'));
        }
        return;
      case 'pick': {
        const option = flat[result.active];
        if (option) {
          pick(option);
        }
        return;
      }
      case 'removeLast':
        removeAt(items.length - 1);
        return;
      default:
        if (result.active !== active) {
          active = result.active;
          renderActive();
        }
    }
  };

  const onInputClick = (): void => {
    if (!open) {
      openList();
    }
  };

  const onInputFocus = (): void => {
    if (!multiple && !edited && input.value !== '') {
      input.select();
    }
  };

  const onInputBlur = (): void => {
    closeList();
    restoreSingleText();
  };

  const onFocusOut = (event: FocusEvent): void => {
    const next = event.relatedTarget;
    if (!(next instanceof Node) || !element.contains(next)) {
      options.onBlur();
    }
  };

  // The input keeps focus while the pointer is on the list.
  const onListPointerDown = (event: PointerEvent): void => event.preventDefault();
  const onListClick = (event: MouseEvent): void => {
    const target = event.target instanceof Element ? event.target.closest<HTMLElement>('[role=option]') : null;
    const option = target ? flat[Number(target.dataset['index'])] : undefined;
    if (option) {
      active = Number(target?.dataset['index']);
      pick(option);
    }
  };

  const onChipClick = (event: MouseEvent): void => {
    const button = event.target instanceof Element ? event.target.closest<HTMLButtonElement>('button.chip-remove') : null;
    if (!button || !chips) {
      return;
    }
    const index = Number(button.dataset['index']);
    removeAt(index);
    // Focus stays among the chips: the one that took this one's place, else the one before,
    // else the input.
    const buttons = chips.querySelectorAll<HTMLButtonElement>('button.chip-remove');
    (buttons[Math.min(index, buttons.length - 1)] ?? input).focus();
  };

  const onSuggestionsClick = (): void => {
    input.focus();
    openList();
  };

  // Clicking the box around chips and input focuses the input.
  const onBoxPointerDown = (event: PointerEvent): void => {
    if (event.target === box) {
      event.preventDefault();
      input.focus();
    }
  };

  // One signal removes every listener on dispose.
  const listeners = new AbortController();
  const on = { signal: listeners.signal };
  input.addEventListener('input', onInput, on);
  input.addEventListener('keydown', onKeyDown, on);
  input.addEventListener('click', onInputClick, on);
  input.addEventListener('focus', onInputFocus, on);
  input.addEventListener('blur', onInputBlur, on);
  element.addEventListener('focusout', onFocusOut, on);
  listbox.addEventListener('pointerdown', onListPointerDown, on);
  listbox.addEventListener('click', onListClick, on);
  box.addEventListener('pointerdown', onBoxPointerDown, on);
  chips?.addEventListener('click', onChipClick, on);
  suggestionsButton?.addEventListener('click', onSuggestionsClick, on);

  return {
    key,
    kind,
    inputId: id,
    element,
    getRefs: () => [...items],
    setRefs: (next) => {
      items = multiple ? [...next] : next.slice(0, 1);
      renderChips();
      if (document.activeElement !== input || !edited) {
        restoreSingleText();
      }
      render();
    },
    setSuggestions: (next) => {
      suggestions = [...next];
      render();
    },
    focus: () => input.focus(),
    setError: (text) => applyFieldError(input, error, hintIds, text),
    dispose: () => {
      debounce.cancel();
      clearLoadingTimer();
      if (announceTimer !== undefined) {
        clearTimeout(announceTimer);
      }
      if (search.pendingId !== undefined) {
        hub.cancel(search.pendingId);
      }
      listeners.abort();
    },
  };
}

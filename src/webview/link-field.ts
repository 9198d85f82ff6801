/**
 * Link fields (owner, companies, people, sources, tags, competitors, and each product row's
 * product) sit behind `LinkFieldControl`, so that the search picker can replace the text input
 * without the rest of the form changing: the form only ever calls the methods below, and hears
 * back through `onChange` / `onBlur`.
 *
 * This implementation is a text input that takes Nutshell ids separated by commas, spaces or
 * new lines. It keeps what it cannot show as text (labels of refs, records to create) so that
 * nothing a picker or the host put in the draft is lost.
 */
import type { LinkField } from '../core/nutshell-ids.ts';
import { applyFieldError, h } from './dom.ts';
import { fieldLabel, type FieldControl } from './fields.ts';
import {
  errorIdForInput,
  hintIdForInput,
  isLinkRef,
  refFromText,
  refsFromText,
  textFromRefs,
  type LinkItem,
} from './form-model.ts';

export interface LinkFieldControl extends FieldControl {
  /** Which Nutshell entity it links to. */
  readonly kind: LinkField;
  /** What it holds now. A single control (`multiple: false`) holds at most one item. */
  getRefs(): LinkItem[];
  /** Replaces what it holds (restoring a draft, starting over). Does not call `onChange`. */
  setRefs(items: readonly LinkItem[]): void;
  /** Removes listeners and anything outside `element` (a picker's pending searches). */
  dispose(): void;
}

export interface LinkFieldOptions {
  /** Field key, as in `FieldError.field`: `accounts`, `owner`, `products.2.product`. */
  key: string;
  kind: LinkField;
  /** The id of the focusable element, and the base of `-error` / `-hint` ids. */
  id: string;
  /** The `name` attribute of the input (`productId` in product rows). */
  name?: string;
  label: string;
  multiple: boolean;
  /** Shown under the control; omit it when `describedBy` points at a shared hint. */
  hint?: string;
  describedBy?: readonly string[];
  className?: string;
  /** The user changed the value; `items` is what `getRefs()` now returns. */
  onChange(items: LinkItem[]): void;
  /** Focus left the control (not just moved inside it). */
  onBlur(): void;
}

export type LinkFieldFactory = (options: LinkFieldOptions) => LinkFieldControl;

export const createLinkField: LinkFieldFactory = (options) => {
  const { key, id, multiple } = options;
  const hintIds = [...(options.describedBy ?? [])];
  const hint = options.hint ? h('p', { id: hintIdForInput(id), class: 'field-hint' }, options.hint) : null;
  if (hint) {
    hintIds.unshift(hint.id);
  }
  const input = h('input', {
    type: 'text',
    id,
    name: options.name ?? id,
    class: 'input',
    autocomplete: 'off',
    autocapitalize: 'off',
    spellcheck: 'false',
    'data-field': key,
  });
  const error = h('p', { id: errorIdForInput(id), class: 'field-error', hidden: true });
  const element = h(
    'div',
    { class: `field link-field${options.className ? ` ${options.className}` : ''}` },
    fieldLabel(id, options.label),
    input,
    error,
    hint,
  );
  applyFieldError(input, error, hintIds, null);

  let items: LinkItem[] = [];

  const onInput = (): void => {
    // Records to create cannot be typed as ids; they stay, after the typed refs.
    const kept = items.filter((item) => !isLinkRef(item));
    if (multiple) {
      items = [...refsFromText(input.value, items), ...kept];
    } else {
      const ref = refFromText(input.value, items);
      items = ref ? [ref] : kept.slice(0, 1);
    }
    options.onChange([...items]);
  };
  const onBlur = (): void => options.onBlur();
  input.addEventListener('input', onInput);
  input.addEventListener('blur', onBlur);

  return {
    key,
    kind: options.kind,
    inputId: id,
    element,
    getRefs: () => [...items],
    setRefs: (next) => {
      items = multiple ? [...next] : next.slice(0, 1);
      const text = textFromRefs(items);
      if (input.value !== text) {
        input.value = text;
      }
    },
    focus: () => input.focus(),
    setError: (message) => applyFieldError(input, error, hintIds, message),
    dispose: () => {
      input.removeEventListener('input', onInput);
      input.removeEventListener('blur', onBlur);
    },
  };
};

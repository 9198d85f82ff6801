/**
 * Plain text controls (description, value, due date, quantity, price, custom field name/value).
 * Each is a `.field` block: label, input, error message, hint.
 */
import { applyFieldError, h } from './dom.ts';
import { errorIdForInput, hintIdForInput } from './form-model.ts';

/** What the form needs of any control, plain or link: where it is, focus, and its error. */
export interface FieldControl {
  /** Field key, as in `FieldError.field`: `description`, `products.0.quantity`. */
  readonly key: string;
  /** The id of the focusable element that errors point at. */
  readonly inputId: string;
  /** The whole field: label, control, error, hint. */
  readonly element: HTMLElement;
  focus(): void;
  setError(message: string | null): void;
}

export interface TextFieldControl extends FieldControl {
  readonly input: HTMLInputElement;
  setValue(value: string): void;
  /** True when the browser holds text it cannot turn into a value (a half-typed date). */
  hasBadInput(): boolean;
}

export interface TextFieldOptions {
  key: string;
  id: string;
  name?: string;
  label: string;
  /** Visible text after the label that marks the field as required. */
  requiredMarker?: string;
  hint?: string;
  /** Ids of hints that live elsewhere (a group's hint), also read out for this input. */
  describedBy?: readonly string[];
  type?: 'text' | 'date';
  inputMode?: 'text' | 'decimal' | 'numeric';
  autocomplete?: string;
  className?: string;
  onInput(key: string, value: string): void;
  onBlur(key: string): void;
}

export function fieldLabel(id: string, text: string, requiredMarker?: string): HTMLLabelElement {
  return h(
    'label',
    { for: id, class: 'field-label' },
    text,
    requiredMarker ? ' ' : null,
    requiredMarker ? h('span', { class: 'required-marker' }, requiredMarker) : null,
  );
}

export function createTextField(options: TextFieldOptions): TextFieldControl {
  const { key, id } = options;
  const hintIds = [...(options.describedBy ?? [])];
  const hint = options.hint ? h('p', { id: hintIdForInput(id), class: 'field-hint' }, options.hint) : null;
  if (hint) {
    hintIds.unshift(hint.id);
  }
  const input = h('input', {
    type: options.type ?? 'text',
    id,
    name: options.name ?? id,
    class: 'input',
    inputmode: options.inputMode,
    autocomplete: options.autocomplete ?? 'off',
    spellcheck: options.type === 'date' ? null : 'false',
    'aria-required': options.requiredMarker ? 'true' : null,
    'data-field': key,
  });
  const error = h('p', { id: errorIdForInput(id), class: 'field-error', hidden: true });
  const element = h(
    'div',
    { class: `field${options.className ? ` ${options.className}` : ''}` },
    fieldLabel(id, options.label, options.requiredMarker),
    input,
    error,
    hint,
  );
  applyFieldError(input, error, hintIds, null);
  input.addEventListener('input', () => options.onInput(key, input.value));
  input.addEventListener('blur', () => options.onBlur(key));

  return {
    key,
    inputId: id,
    element,
    input,
    focus: () => input.focus(),
    setError: (message) => applyFieldError(input, error, hintIds, message),
    setValue: (value) => {
      if (input.value !== value) {
        input.value = value;
      }
    },
    hasBadInput: () => input.validity.badInput,
  };
}

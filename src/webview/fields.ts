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
  type?: 'text' | 'date' | 'email' | 'tel' | 'url';
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
    spellcheck: options.type === 'date' || options.type === 'email' || options.type === 'url' ? null : 'false',
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

export interface ChoiceFieldOptions {
  key: string;
  id: string;
  label: string;
  choices: readonly string[];
  /** The text of the empty option. */
  noneLabel: string;
  describedBy?: readonly string[];
  className?: string;
  onChange(key: string, value: string): void;
  onBlur(key: string): void;
}

export interface ChoiceFieldControl extends FieldControl {
  setValue(value: string): void;
}

/** A `<select>` with an empty option first (a custom field of one choice). */
export function createSelectField(options: ChoiceFieldOptions): ChoiceFieldControl {
  const { key, id } = options;
  const hintIds = [...(options.describedBy ?? [])];
  const select = h(
    'select',
    { id, name: id, class: 'input select', 'data-field': key },
    h('option', { value: '' }, options.noneLabel),
    ...options.choices.map((choice) => h('option', { value: choice }, choice)),
  );
  const error = h('p', { id: errorIdForInput(id), class: 'field-error', hidden: true });
  const element = h(
    'div',
    { class: `field${options.className ? ` ${options.className}` : ''}` },
    fieldLabel(id, options.label),
    select,
    error,
  );
  applyFieldError(select, error, hintIds, null);
  select.addEventListener('change', () => options.onChange(key, select.value));
  select.addEventListener('blur', () => options.onBlur(key));
  return {
    key,
    inputId: id,
    element,
    focus: () => select.focus(),
    setError: (message) => applyFieldError(select, error, hintIds, message),
    setValue: (value) => {
      select.value = options.choices.includes(value) ? value : '';
    },
  };
}

export interface CheckboxGroupOptions {
  key: string;
  /** The fieldset's id; each checkbox is `<id>-<choiceIndex>`. */
  id: string;
  label: string;
  choices: readonly string[];
  className?: string;
  onChange(key: string, choice: string, checked: boolean): void;
  onBlur(key: string): void;
}

export interface CheckboxGroupControl extends FieldControl {
  setValue(values: readonly string[]): void;
}

/** A fieldset of checkboxes (a custom field of several choices). */
export function createCheckboxGroup(options: CheckboxGroupOptions): CheckboxGroupControl {
  const { key, id } = options;
  const boxes = options.choices.map((choice, index) =>
    h('input', { type: 'checkbox', id: `${id}-${index}`, name: id, value: choice, class: 'checkbox', 'data-field': key }),
  );
  const error = h('p', { id: errorIdForInput(id), class: 'field-error', hidden: true });
  const element = h(
    'fieldset',
    { id, class: `field checkbox-group${options.className ? ` ${options.className}` : ''}` },
    h('legend', { class: 'field-label' }, options.label),
    h(
      'div',
      { class: 'checkbox-list' },
      ...boxes.map((box, index) =>
        h('div', { class: 'checkbox-item' }, box, h('label', { for: box.id, class: 'checkbox-label' }, options.choices[index] ?? '')),
      ),
    ),
    error,
  );
  boxes.forEach((box) => box.addEventListener('change', () => options.onChange(key, box.value, box.checked)));
  element.addEventListener('focusout', (event) => {
    const next = event.relatedTarget;
    if (!(next instanceof Node) || !element.contains(next)) {
      options.onBlur(key);
    }
  });
  const setError = (message: string | null): void => {
    error.textContent = message ?? '';
    error.hidden = message === null;
    for (const box of boxes) {
      if (message === null) {
        box.removeAttribute('aria-invalid');
        box.removeAttribute('aria-describedby');
      } else {
        box.setAttribute('aria-invalid', 'true');
        box.setAttribute('aria-describedby', error.id);
      }
    }
  };
  return {
    key,
    inputId: id,
    element,
    focus: () => (boxes.find((box) => box.checked) ?? boxes[0])?.focus(),
    setError,
    setValue: (values) => {
      for (const box of boxes) {
        box.checked = values.includes(box.value);
      }
    },
  };
}

/**
 * Builds the form's DOM and updates it on request. It holds no form state of its own: the
 * controller (main.ts) owns the draft and tells the view what to show; the view reports what
 * the user did through `FormCallbacks`.
 */
import type { CustomFieldDefinition } from '../core/custom-fields.ts';
import type { LeadDraft } from '../core/lead-schema.ts';
import type { CreatedLeadSummary, PickerItem } from '../core/protocol.ts';
import { focusAndReveal, h } from './dom.ts';
import {
  createCheckboxGroup,
  createSelectField,
  createTextField,
  type FieldControl,
  type TextFieldControl,
} from './fields.ts';
import { customFieldControl, customFieldInputId, type SelectionSuggestions } from './form-config.ts';
import {
  LINK_FIELDS,
  customFieldKey,
  linkItemsOf,
  productKey,
  textOf,
  type LinkFieldKey,
  type LinkItem,
} from './form-model.ts';
import type { LinkFieldControl, LinkFieldFactory } from './link-field.ts';
import type { Translate } from './strings.ts';

export type RowGroup = 'products' | 'customFields';

export interface FormCallbacks {
  onText(key: string, value: string): void;
  onLink(key: string, items: LinkItem[]): void;
  /** A product was chosen in row `index` (after `onLink` for its product). */
  onProductPicked(index: number, item: PickerItem): void;
  /** A checkbox of typed custom field `index` changed. */
  onCustomChoice(index: number, choice: string, checked: boolean): void;
  onBlur(key: string): void;
  onAddRow(group: RowGroup): void;
  onRemoveRow(group: RowGroup, index: number): void;
  onSubmit(): void;
  onSignIn(): void;
  onOpenLead(): void;
  onCopyLink(): void;
  onCreateAnother(): void;
}

export interface BannerContent {
  tone: 'error' | 'info';
  message: string;
  /** Further lines, such as field errors the form has no control for. */
  details?: readonly string[];
  action?: 'signIn';
}

export interface FormView {
  readonly form: HTMLFormElement;
  readonly submitButton: HTMLButtonElement;
  field(key: string): FieldControl | undefined;
  textField(key: string): TextFieldControl | undefined;
  linkField(key: string): LinkFieldControl | undefined;
  fields(): FieldControl[];
  /** Shows a whole draft: every value, and product / custom field rows rebuilt. */
  setDraft(draft: LeadDraft): void;
  /** Rebuilds one group's rows from the draft (after a row was added or removed). */
  renderRows(group: RowGroup, draft: LeadDraft): void;
  /**
   * The account's custom fields: with definitions the group shows one typed input per field
   * (`#cf-<index>`), without them the free name/value rows. Call `renderRows` after it.
   */
  setCustomFieldDefinitions(definitions: readonly CustomFieldDefinition[]): void;
  /** Suggestions from a selection, for the companies and people pickers. */
  setSuggestions(suggestions: SelectionSuggestions): void;
  /** Sets every field's error: the message for its key, or none. */
  showErrors(messages: ReadonlyMap<string, string>): void;
  setSubmitting(busy: boolean): void;
  showBanner(content: BannerContent | null): void;
  bannerAction(): 'signIn' | undefined;
  focusBannerAction(): boolean;
  /** Says something to screen readers (polite). */
  announce(text: string): void;
  showSuccess(lead: CreatedLeadSummary, title: string): void;
  showForm(): void;
  setSignedIn(signedIn: boolean): void;
  focusAddButton(group: RowGroup): void;
}

export interface RenderOptions {
  t: Translate;
  createLinkField: LinkFieldFactory;
  /** The submit key combination as shown to the user (`Ctrl+Enter`, `⌘Enter`). */
  shortcutLabel: string;
  callbacks: FormCallbacks;
}

const LINK_LABELS = {
  owner: 'field.owner',
  accounts: 'field.accounts',
  contacts: 'field.contacts',
  sources: 'field.sources',
  tags: 'field.tags',
  competitors: 'field.competitors',
} as const satisfies Record<LinkFieldKey, string>;

export function renderForm(app: HTMLElement, options: RenderOptions): FormView {
  const { t, callbacks } = options;
  const controls = new Map<string, FieldControl>();
  const linkControls = new Map<string, LinkFieldControl>();
  const textControls = new Map<string, TextFieldControl>();

  const addText = (control: TextFieldControl): TextFieldControl => {
    controls.set(control.key, control);
    textControls.set(control.key, control);
    return control;
  };
  const addLink = (control: LinkFieldControl): LinkFieldControl => {
    controls.set(control.key, control);
    linkControls.set(control.key, control);
    return control;
  };
  const forget = (key: string): void => {
    linkControls.get(key)?.dispose();
    controls.delete(key);
    linkControls.delete(key);
    textControls.delete(key);
  };

  const text = (
    key: string,
    id: string,
    label: string,
    extra: Partial<Parameters<typeof createTextField>[0]> = {},
  ): TextFieldControl =>
    addText(
      createTextField({
        key,
        id,
        label,
        onInput: (k, value) => callbacks.onText(k, value),
        onBlur: (k) => callbacks.onBlur(k),
        ...extra,
      }),
    );

  const link = (
    key: string,
    kind: LinkFieldControl['kind'],
    id: string,
    label: string,
    extra: {
      multiple: boolean;
      hint?: string;
      describedBy?: string[];
      name?: string;
      className?: string;
      onPick?: (item: PickerItem) => void;
    },
  ): LinkFieldControl =>
    addLink(
      options.createLinkField({
        key,
        kind,
        id,
        label,
        ...extra,
        onChange: (items) => callbacks.onLink(key, items),
        onBlur: () => callbacks.onBlur(key),
      }),
    );

  // ----- header and notices --------------------------------------------------------------
  const title = h('h1', { id: 'form-title', class: 'form-title' }, t('form.title'));
  const signInButton = h('button', { type: 'button', id: 'sign-in', class: 'button button--secondary' }, t('notice.signIn'));
  signInButton.addEventListener('click', () => callbacks.onSignIn());
  const signedOutNotice = h(
    'div',
    { id: 'signed-out-notice', class: 'notice', hidden: true },
    h('p', { class: 'notice-text' }, t('notice.signedOut')),
    signInButton,
  );

  // ----- top-level fields ----------------------------------------------------------------
  const description = text('description', 'description', t('field.description'), {
    requiredMarker: t('form.requiredMarker'),
    hint: t('field.description.hint'),
    autocomplete: 'off',
  });
  description.input.spellcheck = true;
  const manualValue = text('manualValue', 'manualValue', t('field.manualValue'), {
    inputMode: 'decimal',
    hint: t('field.manualValue.hint'),
  });
  const dueDate = text('dueDate', 'dueDate', t('field.dueDate'), { type: 'date' });

  const linkElements = LINK_FIELDS.map((key) => link(key, key, key, t(LINK_LABELS[key]), { multiple: key !== 'owner' }).element);

  // ----- repeated rows -------------------------------------------------------------------
  const productRows = h('div', { id: 'product-rows', class: 'rows' });
  const addProduct = h('button', { type: 'button', id: 'add-product', class: 'button button--secondary' }, t('products.add'));
  addProduct.addEventListener('click', () => callbacks.onAddRow('products'));
  const productsGroup = h(
    'fieldset',
    { class: 'group', id: 'products-group' },
    h('legend', { class: 'group-legend' }, t('products.legend')),
    h('p', { id: 'products-hint', class: 'field-hint group-hint' }, t('products.pickerHint')),
    productRows,
    h('div', { class: 'group-actions' }, addProduct),
  );

  const customFieldRows = h('div', { id: 'custom-field-rows', class: 'rows' });
  const addCustomField = h(
    'button',
    { type: 'button', id: 'add-custom-field', class: 'button button--secondary' },
    t('customFields.add'),
  );
  addCustomField.addEventListener('click', () => callbacks.onAddRow('customFields'));
  const customFieldsHint = h('p', { id: 'custom-fields-hint', class: 'field-hint group-hint' }, t('customFields.hint'));
  const customFieldActions = h('div', { class: 'group-actions' }, addCustomField);
  const customFieldsGroup = h(
    'fieldset',
    { class: 'group', id: 'custom-fields-group' },
    h('legend', { class: 'group-legend' }, t('customFields.legend')),
    customFieldsHint,
    customFieldRows,
    customFieldActions,
  );
  let definitions: readonly CustomFieldDefinition[] = [];

  const removeButton = (group: RowGroup, index: number, label: string, text: string): HTMLButtonElement => {
    const button = h('button', { type: 'button', class: 'button button--secondary row-remove', 'aria-label': label }, text);
    button.addEventListener('click', () => callbacks.onRemoveRow(group, index));
    return button;
  };

  const buildProductRow = (draft: LeadDraft, index: number): HTMLElement => {
    const number = index + 1;
    const product = link(productKey(index, 'product'), 'products', `product-${index}-product`, t('field.productName'), {
      multiple: false,
      name: 'productId',
      describedBy: ['products-hint'],
      className: 'field--product',
      onPick: (item) => callbacks.onProductPicked(index, item),
    });
    product.setRefs(linkItemsOf(draft, product.key));
    const quantity = text(productKey(index, 'quantity'), `product-${index}-quantity`, t('field.quantity'), {
      name: 'quantity',
      inputMode: 'numeric',
      className: 'field--quantity',
    });
    const price = text(productKey(index, 'price'), `product-${index}-price`, t('field.price'), {
      name: 'price',
      inputMode: 'decimal',
      className: 'field--price',
    });
    quantity.setValue(textOf(draft, quantity.key));
    price.setValue(textOf(draft, price.key));
    return h(
      'div',
      { class: 'row product-row', role: 'group', 'aria-label': t('products.row', number) },
      product.element,
      quantity.element,
      price.element,
      removeButton('products', index, t('products.removeLabel', number), t('products.remove')),
    );
  };

  const buildCustomFieldRow = (draft: LeadDraft, index: number): HTMLElement => {
    const number = index + 1;
    const name = text(customFieldKey(index, 'name'), `customField-${index}-name`, t('field.customFieldName'), {
      name: 'customFieldName',
      describedBy: ['custom-fields-hint'],
      className: 'field--cf-name',
    });
    const value = text(customFieldKey(index, 'value'), `customField-${index}-value`, t('field.customFieldValue'), {
      name: 'customFieldValue',
      className: 'field--cf-value',
    });
    name.setValue(textOf(draft, name.key));
    value.setValue(textOf(draft, value.key));
    return h(
      'div',
      { class: 'row custom-field-row', role: 'group', 'aria-label': t('customFields.row', number) },
      name.element,
      value.element,
      removeButton('customFields', index, t('customFields.removeLabel', number), t('customFields.remove')),
    );
  };

  /** One typed input for custom field definition `index`; its draft entry is `customFields.<index>`. */
  const buildTypedCustomField = (draft: LeadDraft, definition: CustomFieldDefinition, index: number): HTMLElement => {
    const key = customFieldKey(index, 'value');
    const id = customFieldInputId(index);
    const value = draft.customFields[index]?.value ?? '';
    const kind = customFieldControl(definition);
    if (kind.control === 'select') {
      const control = createSelectField({
        key,
        id,
        label: definition.name,
        choices: definition.choices,
        noneLabel: t('customFields.none'),
        className: 'field--cf-typed',
        onChange: (k, v) => callbacks.onText(k, v),
        onBlur: (k) => callbacks.onBlur(k),
      });
      control.setValue(typeof value === 'string' ? value : (value[0] ?? ''));
      controls.set(key, control);
      return control.element;
    }
    if (kind.control === 'checkboxes') {
      const control = createCheckboxGroup({
        key,
        id,
        label: definition.name,
        choices: definition.choices,
        className: 'field--cf-typed',
        onChange: (_k, choice, checked) => callbacks.onCustomChoice(index, choice, checked),
        onBlur: (k) => callbacks.onBlur(k),
      });
      control.setValue(typeof value === 'string' ? [value] : value);
      controls.set(key, control);
      return control.element;
    }
    const control = text(key, id, definition.name, {
      name: id,
      type: kind.type,
      ...(kind.inputMode ? { inputMode: kind.inputMode } : {}),
      className: 'field--cf-typed',
    });
    control.setValue(typeof value === 'string' ? value : value.join(', '));
    return control.element;
  };

  const renderRows = (group: RowGroup, draft: LeadDraft): void => {
    const prefix = `${group}.`;
    for (const key of [...controls.keys()]) {
      if (key.startsWith(prefix)) {
        forget(key);
      }
    }
    if (group === 'products') {
      productRows.replaceChildren(...draft.products.map((_, index) => buildProductRow(draft, index)));
    } else if (definitions.length > 0) {
      customFieldRows.replaceChildren(...definitions.map((definition, index) => buildTypedCustomField(draft, definition, index)));
    } else {
      customFieldRows.replaceChildren(...draft.customFields.map((_, index) => buildCustomFieldRow(draft, index)));
    }
  };

  // ----- banner, submit, status -----------------------------------------------------------
  const banner = h('div', { id: 'form-banner', class: 'banner', role: 'alert' });
  let currentBannerAction: 'signIn' | undefined;
  const submitButton = h(
    'button',
    { type: 'submit', id: 'submit', class: 'button button--primary', 'aria-keyshortcuts': 'Control+Enter Meta+Enter' },
    t('submit.label'),
  );
  const status = h('div', { id: 'form-status', class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });

  const form = h(
    'form',
    { id: 'lead-form', class: 'lead-form', novalidate: true, 'aria-labelledby': 'form-title' },
    description.element,
    h('div', { class: 'field-pair' }, manualValue.element, dueDate.element),
    ...linkElements,
    productsGroup,
    customFieldsGroup,
    banner,
    h(
      'div',
      { class: 'form-actions' },
      submitButton,
      h('p', { id: 'submit-hint', class: 'field-hint shortcut-hint' }, t('submit.shortcutHint', options.shortcutLabel)),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    callbacks.onSubmit();
  });

  // ----- success view --------------------------------------------------------------------
  const successTitle = h('h2', { id: 'success-title', class: 'success-title', tabindex: '-1' });
  const successUrl = h('p', { id: 'success-url', class: 'success-url', hidden: true });
  const openLead = h('button', { type: 'button', id: 'open-lead', class: 'button button--primary' }, t('success.open'));
  const copyLink = h('button', { type: 'button', id: 'copy-link', class: 'button button--secondary' }, t('success.copy'));
  const createAnother = h(
    'button',
    { type: 'button', id: 'create-another', class: 'button button--secondary' },
    t('success.another'),
  );
  openLead.addEventListener('click', () => callbacks.onOpenLead());
  copyLink.addEventListener('click', () => callbacks.onCopyLink());
  createAnother.addEventListener('click', () => callbacks.onCreateAnother());
  const success = h(
    'section',
    { id: 'success', class: 'success', hidden: true, 'aria-labelledby': 'success-title' },
    successTitle,
    successUrl,
    h('div', { class: 'form-actions' }, openLead, copyLink, createAnother),
  );

  app.replaceChildren(title, signedOutNotice, form, success, status);

  let announceTimer: ReturnType<typeof setTimeout> | undefined;

  const view: FormView = {
    form,
    submitButton,
    field: (key) => controls.get(key),
    textField: (key) => textControls.get(key),
    linkField: (key) => linkControls.get(key),
    fields: () => [...controls.values()],

    setDraft(draft) {
      for (const [key, control] of textControls) {
        if (!key.includes('.')) {
          control.setValue(textOf(draft, key));
        }
      }
      for (const [key, control] of linkControls) {
        if (!key.includes('.')) {
          control.setRefs(linkItemsOf(draft, key));
        }
      }
      renderRows('products', draft);
      renderRows('customFields', draft);
    },

    renderRows,

    setCustomFieldDefinitions(next) {
      definitions = [...next];
      const typed = definitions.length > 0;
      customFieldsHint.textContent = typed ? t('customFields.typedHint') : t('customFields.hint');
      customFieldActions.hidden = typed;
      customFieldRows.classList.toggle('rows--typed', typed);
    },

    setSuggestions(suggestions) {
      linkControls.get('accounts')?.setSuggestions?.(suggestions.accounts);
      linkControls.get('contacts')?.setSuggestions?.(suggestions.contacts);
    },

    showErrors(messages) {
      for (const control of controls.values()) {
        control.setError(messages.get(control.key) ?? null);
      }
    },

    setSubmitting(busy) {
      submitButton.disabled = busy;
      submitButton.textContent = busy ? t('submit.busy') : t('submit.label');
      if (busy) {
        submitButton.setAttribute('aria-busy', 'true');
      } else {
        submitButton.removeAttribute('aria-busy');
      }
    },

    showBanner(content) {
      currentBannerAction = content?.action;
      banner.className = content ? `banner banner--${content.tone}` : 'banner';
      if (!content) {
        banner.replaceChildren();
        return;
      }
      const details = (content.details ?? []).filter((line) => line !== '');
      const children: Node[] = [h('p', { class: 'banner-message' }, content.message)];
      if (details.length > 0) {
        children.push(h('ul', { class: 'banner-details' }, ...details.map((line) => h('li', {}, line))));
      }
      if (content.action === 'signIn') {
        const action = h('button', { type: 'button', id: 'banner-sign-in', class: 'button button--secondary' }, t('banner.signIn'));
        action.addEventListener('click', () => callbacks.onSignIn());
        children.push(h('div', { class: 'banner-actions' }, action));
      }
      banner.replaceChildren(...children);
      banner.scrollIntoView({ block: 'nearest' });
    },

    bannerAction: () => currentBannerAction,

    focusBannerAction() {
      const action = banner.querySelector<HTMLButtonElement>('#banner-sign-in');
      focusAndReveal(action);
      return action !== null;
    },

    announce(message) {
      // Clear first, then set on the next tick, so that repeating a message is announced again.
      status.textContent = '';
      if (announceTimer !== undefined) {
        clearTimeout(announceTimer);
      }
      announceTimer = setTimeout(() => {
        status.textContent = message;
      }, 50);
    },

    showSuccess(lead, titleText) {
      successTitle.textContent = titleText;
      successUrl.textContent = lead.url ?? '';
      successUrl.hidden = lead.url === undefined;
      // Without a verified URL there is nothing to open or copy.
      openLead.hidden = lead.url === undefined;
      copyLink.hidden = lead.url === undefined;
      form.hidden = true;
      success.hidden = false;
      focusAndReveal(successTitle);
    },

    showForm() {
      success.hidden = true;
      form.hidden = false;
    },

    setSignedIn(signedIn) {
      signedOutNotice.hidden = signedIn;
    },

    focusAddButton(group) {
      focusAndReveal(group === 'products' ? addProduct : addCustomField);
    },
  };
  return view;
}

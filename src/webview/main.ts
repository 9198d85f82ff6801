/**
 * The lead form webview: owns the draft and the form's state, talks to the host, and tells the
 * view (render.ts) what to show. The logic it relies on is in form-model.ts, picker-model.ts
 * and form-config.ts (pure, tested); link fields are search pickers (picker.ts).
 */
import { customFieldChecker, type CustomFieldDefinition } from '../core/custom-fields.ts';
import { emptyLeadDraft, type CustomFieldValueCheck, type FieldError, type LeadDraft } from '../core/lead-schema.ts';
import {
  parseHostMessage,
  type CreatedLeadSummary,
  type FormDefaults,
  type PickerItem,
  type SubmitOutcome,
  type WebviewToHost,
} from '../core/protocol.ts';
import { focusAndReveal } from './dom.ts';
import {
  alignCustomFields,
  applyDefaults,
  customFieldControl,
  emptySuggestions,
  hasSuggestions,
  readSuggestions,
  setCustomFieldValue,
  toggleChoiceValue,
  type SelectionSuggestions,
} from './form-config.ts';
import {
  clientErrors,
  createRequestId,
  customFieldKey,
  errorMessage,
  initialUiState,
  invalidSummary,
  isMacPlatform,
  isSubmitShortcut,
  linkItemsOf,
  noteBlurred,
  noteEdited,
  noteSubmitAttempt,
  partitionErrors,
  productKey,
  readPersistedState,
  removeRow,
  setLinkField,
  setTextField,
  startingDraft,
  submitShortcutLabel,
  successTitle,
  toLeadDraft,
  addCustomFieldRow,
  addProductRow,
  uiAfterRowRemoved,
  visibleErrors,
  withServerErrors,
  type FormUiState,
  type PersistedState,
} from './form-model.ts';
import { createPickerFactory } from './picker.ts';
import { applyProductPick, createSearchHub, createSearchId } from './picker-model.ts';
import { renderForm, type FormView, type RowGroup } from './render.ts';
import { createTranslator, type Translate } from './strings.ts';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: PersistedState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

type Phase = 'loading' | 'editing' | 'submitting' | 'success';

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') ?? document.body.appendChild(document.createElement('main'));
const saved = readPersistedState(vscode.getState());

let t: Translate = createTranslator({});
let view: FormView | undefined;
let phase: Phase = 'loading';
let draft: LeadDraft = emptyLeadDraft();
let ui: FormUiState = initialUiState();
/** The submit we are waiting on; a result for any other id is stale and ignored. */
let pendingRequestId: string | undefined;
/** A submit from before a reload whose result may still arrive. */
let orphanRequestId: string | undefined = saved.pendingRequestId;
let created: CreatedLeadSummary | undefined;
/** The account's custom fields and the defaults, from `formConfig` (kept for "Create Another"). */
let config: { customFields: CustomFieldDefinition[]; defaults: FormDefaults } | undefined;
let checkCustomField: CustomFieldValueCheck | undefined;
let suggestions: SelectionSuggestions = saved.suggestions ?? emptySuggestions();
/** A new form whose defaults are still to be applied (they come with `formConfig`). */
let fresh = false;

/** Picker searches: only the latest request per field is answered into a picker. */
const searchHub = createSearchHub(
  (request) => post({ type: 'search', ...request }),
  createSearchId,
);

function setPhase(next: Phase): void {
  phase = next;
  app.dataset['state'] = next;
}

function persist(): void {
  const state: PersistedState = { v: 1, draft: created ? null : draft, ui };
  const pending = pendingRequestId ?? orphanRequestId;
  if (pending) {
    state.pendingRequestId = pending;
  }
  if (created) {
    state.created = created;
  }
  if (!created && hasSuggestions(suggestions)) {
    state.suggestions = suggestions;
  }
  if (fresh && !created) {
    state.fresh = true;
  }
  vscode.setState(state);
}

function post(message: WebviewToHost): void {
  vscode.postMessage(message);
}

/** The keys of date inputs: the due date, and typed custom fields of kind date. */
function dateKeys(): string[] {
  const keys = ['dueDate'];
  config?.customFields.forEach((definition, index) => {
    const control = customFieldControl(definition);
    if (control.control === 'input' && control.type === 'date') {
      keys.push(customFieldKey(index, 'value'));
    }
  });
  return keys;
}

/** Errors the schema cannot see: a date input holding a half-typed date. */
function extraErrors(): FieldError[] {
  return dateKeys()
    .filter((key) => view?.textField(key)?.hasBadInput())
    .map((field) => ({ field, code: 'invalidDate' }));
}

function refreshErrors(): void {
  if (!view) {
    return;
  }
  const messages = new Map<string, string>();
  for (const [key, error] of visibleErrors(draft, ui, extraErrors(), checkCustomField)) {
    messages.set(key, errorMessage(error, t));
  }
  view.showErrors(messages);
}

function focusField(key: string | undefined): boolean {
  const control = key === undefined ? undefined : view?.field(key);
  if (!control) {
    return false;
  }
  control.focus();
  document.getElementById(control.inputId)?.scrollIntoView({ block: 'nearest' });
  return true;
}

// ----- user actions ----------------------------------------------------------------------

function onText(key: string, value: string): void {
  draft = setTextField(draft, key, value);
  ui = noteEdited(ui, key);
  persist();
  refreshErrors();
}

function onLink(key: string, items: Parameters<typeof setLinkField>[2]): void {
  draft = setLinkField(draft, key, items);
  ui = noteEdited(ui, key);
  persist();
  refreshErrors();
}

/**
 * Blurs that happen while a pointer is pressed reveal their errors only after the click: an
 * error message appearing on mousedown moves the layout, and the click would miss its button.
 */
let pointerPressed = false;
const deferredBlurs = new Set<string>();

function revealOnBlur(key: string): void {
  // A half-typed date has no value but is not empty either: its error shows on blur.
  if (extraErrors().some((error) => error.field === key)) {
    ui = noteEdited(ui, key);
  }
  ui = noteBlurred(ui, key, draft);
  persist();
  refreshErrors();
}

function onBlur(key: string): void {
  if (pointerPressed) {
    deferredBlurs.add(key);
  } else {
    revealOnBlur(key);
  }
}

function flushDeferredBlurs(): void {
  const keys = [...deferredBlurs];
  deferredBlurs.clear();
  keys.forEach(revealOnBlur);
}

document.addEventListener('pointerdown', () => (pointerPressed = true), true);
for (const type of ['pointerup', 'pointercancel'] as const) {
  document.addEventListener(
    type,
    () => {
      pointerPressed = false;
      // After this event's click has been dispatched.
      setTimeout(flushDeferredBlurs, 0);
    },
    true,
  );
}
window.addEventListener('blur', () => {
  pointerPressed = false;
  flushDeferredBlurs();
});

function onProductPicked(index: number, item: PickerItem): void {
  const line = draft.products[index];
  if (!view || !line) {
    return;
  }
  const next = applyProductPick(line, item);
  draft = { ...draft, products: draft.products.map((entry, i) => (i === index ? next : entry)) };
  view.textField(productKey(index, 'quantity'))?.setValue(next.quantity);
  view.textField(productKey(index, 'price'))?.setValue(next.price);
  persist();
  refreshErrors();
}

function onCustomChoice(index: number, choice: string, checked: boolean): void {
  const definition = config?.customFields[index];
  const entry = draft.customFields[index];
  if (!definition || !entry) {
    return;
  }
  const current = typeof entry.value === 'string' ? (entry.value === '' ? [] : [entry.value]) : entry.value;
  draft = setCustomFieldValue(draft, index, toggleChoiceValue(definition, current, choice, checked));
  const key = customFieldKey(index, 'value');
  ui = noteEdited(ui, key);
  persist();
  refreshErrors();
}

/**
 * Brings the account's custom fields and (for a new form) the defaults into the form. Custom
 * field rows are rebuilt; focus stays on the control it was on.
 */
function applyFormConfig(): void {
  if (!view || !config || created) {
    return;
  }
  const definitions = config.customFields;
  checkCustomField = definitions.length > 0 ? customFieldChecker(definitions) : undefined;
  const focusedId = document.activeElement instanceof HTMLElement ? document.activeElement.id : '';
  const inCustomFields = focusedId !== '' && document.getElementById('custom-field-rows')?.contains(document.activeElement) === true;
  view.setCustomFieldDefinitions(definitions);
  draft = alignCustomFields(draft, definitions);
  if (fresh) {
    draft = applyDefaults(draft, config.defaults, ui.dirty, true);
    fresh = false;
    for (const key of ['owner', 'sources', 'tags'] as const) {
      view.linkField(key)?.setRefs(linkItemsOf(draft, key));
    }
  }
  view.renderRows('customFields', draft);
  if (inCustomFields) {
    document.getElementById(focusedId)?.focus();
  }
  refreshErrors();
  persist();
}

function onAddRow(group: RowGroup): void {
  if (!view) {
    return;
  }
  draft = group === 'products' ? addProductRow(draft) : addCustomFieldRow(draft);
  view.renderRows(group, draft);
  persist();
  refreshErrors();
  const index = (group === 'products' ? draft.products.length : draft.customFields.length) - 1;
  focusField(group === 'products' ? productKey(index, 'product') : customFieldKey(index, 'name'));
}

function onRemoveRow(group: RowGroup, index: number): void {
  if (!view) {
    return;
  }
  draft = removeRow(draft, group, index);
  ui = uiAfterRowRemoved(ui, group, index);
  view.renderRows(group, draft);
  persist();
  refreshErrors();
  // Focus stays in the group: the row that took this one's place, else the one before, else "Add".
  const count = group === 'products' ? draft.products.length : draft.customFields.length;
  const target = Math.min(index, count - 1);
  const key = target < 0 ? undefined : group === 'products' ? productKey(target, 'product') : customFieldKey(target, 'name');
  if (!focusField(key)) {
    view.focusAddButton(group);
  }
}

function onSubmit(): void {
  if (!view || phase !== 'editing') {
    return;
  }
  ui = withServerErrors(noteSubmitAttempt(ui), []);
  const errors = clientErrors(draft, extraErrors(), checkCustomField);
  refreshErrors();
  if (errors.length > 0) {
    const { matched, unmatched } = partitionErrors(errors, draft);
    view.showBanner(
      unmatched.length > 0 ? { tone: 'error', message: invalidSummary(errors.length, t), details: unmatched.map((e) => errorMessage(e, t)) } : null,
    );
    view.announce(invalidSummary(errors.length, t));
    focusField(matched[0]?.field);
    persist();
    return;
  }
  view.showBanner(null);
  pendingRequestId = createRequestId(typeof crypto.randomUUID === 'function' ? () => crypto.randomUUID() : undefined);
  orphanRequestId = undefined;
  setPhase('submitting');
  view.setSubmitting(true);
  view.announce(t('status.submitting'));
  persist();
  post({ type: 'submit', requestId: pendingRequestId, draft });
}

function onCreateAnother(): void {
  if (!view) {
    return;
  }
  created = undefined;
  draft = emptyLeadDraft();
  ui = initialUiState();
  fresh = true;
  suggestions = emptySuggestions();
  view.setSuggestions(suggestions);
  view.setDraft(draft);
  applyFormConfig();
  view.showBanner(null);
  refreshErrors();
  view.showForm();
  setPhase('editing');
  persist();
  focusField('description');
}

/** "Create Lead from Selection": an empty description takes the selection's; suggestions are offered. */
function onApplySelection(description: string, raw: unknown): void {
  if (!view) {
    return;
  }
  if (phase === 'success') {
    onCreateAnother();
  }
  if (draft.description.trim() === '' && description.trim() !== '' && phase === 'editing') {
    draft = setTextField(draft, 'description', description);
    view.textField('description')?.setValue(description);
  }
  suggestions = readSuggestions(raw);
  view.setSuggestions(suggestions);
  persist();
  refreshErrors();
}

// ----- host messages -----------------------------------------------------------------------

function showCreated(lead: CreatedLeadSummary): void {
  if (!view) {
    return;
  }
  created = lead;
  setPhase('success');
  view.showSuccess(lead, successTitle(lead, t));
}

function onSubmitResult(outcome: SubmitOutcome): void {
  if (!view) {
    return;
  }
  pendingRequestId = undefined;
  orphanRequestId = undefined;
  view.setSubmitting(false);
  const hadFocus = document.activeElement;
  const lostFocus = hadFocus === null || hadFocus === document.body || hadFocus === view.submitButton;

  if (outcome.status === 'created') {
    suggestions = emptySuggestions();
    view.setSuggestions(suggestions);
    showCreated(outcome.lead);
    // Only now is the draft done with: the saved state forgets it.
    persist();
    return;
  }

  setPhase('editing');
  if (outcome.status === 'cancelled') {
    view.showBanner({ tone: 'info', message: t('banner.cancelled') });
    persist();
    if (lostFocus) {
      view.submitButton.focus();
    }
    return;
  }

  const { matched, unmatched } = partitionErrors(outcome.fieldErrors, draft);
  ui = withServerErrors(ui, matched);
  refreshErrors();
  const details = unmatched.map((error) => errorMessage(error, t));
  if (outcome.status === 'invalid') {
    view.showBanner({ tone: 'error', message: t('banner.invalid'), details });
  } else {
    view.showBanner({ tone: 'error', message: outcome.message, details, ...(outcome.action ? { action: outcome.action } : {}) });
  }
  persist();
  if (focusField(matched[0]?.field)) {
    return;
  }
  if (outcome.status === 'failed' && outcome.action === 'signIn' && view.focusBannerAction()) {
    return;
  }
  if (lostFocus) {
    view.submitButton.focus();
  }
}

function start(strings: Record<string, string>, hostDraft: unknown, signedIn: boolean): void {
  t = createTranslator(strings);
  view = renderForm(app, {
    t,
    createLinkField: createPickerFactory({ hub: searchHub, t }),
    shortcutLabel: submitShortcutLabel(isMacPlatform(navigator.platform || navigator.userAgent)),
    callbacks: {
      onText,
      onLink,
      onProductPicked,
      onCustomChoice,
      onBlur,
      onAddRow,
      onRemoveRow,
      onSubmit,
      onSignIn: () => post({ type: 'signIn' }),
      onOpenLead: () => post({ type: 'openLead' }),
      onCopyLink: () => post({ type: 'copyLink' }),
      onCreateAnother,
    },
  });
  view.setSignedIn(signedIn);
  view.form.addEventListener('keydown', (event) => {
    if (isSubmitShortcut(event) && !event.repeat) {
      event.preventDefault();
      view?.form.requestSubmit();
    }
  });

  if (saved.created && !saved.draft) {
    draft = emptyLeadDraft();
    view.setDraft(draft);
    showCreated(saved.created);
    persist();
    return;
  }
  draft = startingDraft(saved, hostDraft, emptyLeadDraft);
  ui = saved.draft ? saved.ui : initialUiState();
  // Defaults go only into a new form: not into a restored draft, nor one the host handed over.
  fresh = saved.draft ? saved.fresh === true : toLeadDraft(hostDraft) === null;
  view.setDraft(draft);
  view.setSuggestions(suggestions);
  applyFormConfig();
  refreshErrors();
  setPhase('editing');
  persist();
  focusAndReveal(document.getElementById('description'));
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  if (!message) {
    return;
  }
  switch (message.type) {
    case 'init':
      if (!view) {
        start(message.strings, message.draft, message.signedIn);
      } else {
        view.setSignedIn(message.signedIn);
      }
      break;
    case 'submitStarted':
      break;
    case 'submitResult': {
      const expected = message.requestId === pendingRequestId || message.requestId === orphanRequestId;
      if (expected && (phase === 'submitting' || phase === 'editing')) {
        onSubmitResult(message.outcome);
      }
      break;
    }
    case 'credentialsChanged':
      view?.setSignedIn(message.signedIn);
      if (message.signedIn && view?.bannerAction() === 'signIn') {
        view.showBanner({ tone: 'info', message: t('banner.signedIn') });
      }
      break;
    case 'searchResult':
      // Anything but the latest search of its field is stale, and dropped.
      searchHub.receive(message);
      break;
    case 'formConfig':
      config = { customFields: message.customFields, defaults: message.defaults };
      applyFormConfig();
      break;
    case 'applySelection':
      onApplySelection(message.description, message.suggestions);
      break;
  }
});

post({ type: 'ready' });

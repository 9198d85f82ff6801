/**
 * The lead form webview: owns the draft and the form's state, talks to the host, and tells the
 * view (render.ts) what to show. The logic it relies on is in form-model.ts (pure, tested).
 */
import { emptyLeadDraft, type FieldError, type LeadDraft } from '../core/lead-schema.ts';
import { parseHostMessage, type CreatedLeadSummary, type SubmitOutcome, type WebviewToHost } from '../core/protocol.ts';
import { focusAndReveal } from './dom.ts';
import {
  clientErrors,
  createRequestId,
  customFieldKey,
  errorMessage,
  initialUiState,
  invalidSummary,
  isMacPlatform,
  isSubmitShortcut,
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
  addCustomFieldRow,
  addProductRow,
  uiAfterRowRemoved,
  visibleErrors,
  withServerErrors,
  type FormUiState,
  type PersistedState,
} from './form-model.ts';
import { createLinkField } from './link-field.ts';
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
  vscode.setState(state);
}

function post(message: WebviewToHost): void {
  vscode.postMessage(message);
}

/** Errors the schema cannot see: a date input holding a half-typed date. */
function extraErrors(): FieldError[] {
  return view?.textField('dueDate')?.hasBadInput() ? [{ field: 'dueDate', code: 'invalidDate' }] : [];
}

function refreshErrors(): void {
  if (!view) {
    return;
  }
  const messages = new Map<string, string>();
  for (const [key, error] of visibleErrors(draft, ui, extraErrors())) {
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
  if (key === 'dueDate' && extraErrors().length > 0) {
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
  const errors = clientErrors(draft, extraErrors());
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
  view.setDraft(draft);
  view.showBanner(null);
  refreshErrors();
  view.showForm();
  setPhase('editing');
  persist();
  focusField('description');
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
    createLinkField,
    shortcutLabel: submitShortcutLabel(isMacPlatform(navigator.platform || navigator.userAgent)),
    callbacks: {
      onText,
      onLink,
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
  view.setDraft(draft);
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
      // Search pickers come later; the text inputs do not search.
      break;
  }
});

post({ type: 'ready' });

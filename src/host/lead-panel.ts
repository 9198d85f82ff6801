/**
 * The "New Nutshell Lead" webview panel: renders the form, routes its messages through the
 * protocol dispatcher, and runs the submission (re-validation, POST, notification).
 */
import * as vscode from 'vscode';
import { buildCreateLeadBody } from '../core/create-lead-request.ts';
import type { Credentials } from '../core/credentials.ts';
import { resolveLeadUrl } from '../core/endpoint.ts';
import { customFieldChecker, customFieldNormalizer, type CustomFieldDefinition } from '../core/custom-fields.ts';
import { NutshellError, describeError, mapServerErrorsToFields } from '../core/errors.ts';
import { FORM_STRINGS } from '../core/form-strings.ts';
import { validateLeadDraft, type ValidLeadDraft } from '../core/lead-schema.ts';
import { createWebviewMessageDispatcher, type HostToWebview, type SubmitOutcome, type WebviewToHost } from '../core/protocol.ts';
import type { SearchCoordinator } from '../core/search-coordinator.ts';
import type { SelectionCapture } from '../core/selection-capture.ts';
import { renderLeadFormHtml } from '../core/webview-html.ts';
import { SecretStorageUnavailableError, describeSecretStorageFailure } from './credential-store.ts';
import { loadCustomFields, resolveSuggestions } from '../core/form-data.ts';
import { createPanelSearch, formDefaults, rememberLastUsed, searchErrorMessage } from './form-data.ts';
import { ConfigurationError, type Services } from './services.ts';
import { signIn } from './sign-in.ts';

export const LEAD_FORM_VIEW_TYPE = 'nutshell.leadForm';

const t = vscode.l10n.t;

export function localizedFormStrings(): Record<string, string> {
  // Placeholders are passed through so that the webview can fill them in later.
  return Object.fromEntries(
    Object.entries(FORM_STRINGS).map(([key, english]) => [key, vscode.l10n.t(english, '{0}', '{1}', '{2}')]),
  );
}

interface CreatedLeadState {
  name: string;
  number: number | undefined;
  url: string | undefined;
}

export class LeadPanel implements vscode.Disposable {
  private static current: LeadPanel | undefined;

  static showOrCreate(services: Services): LeadPanel {
    if (LeadPanel.current) {
      LeadPanel.current.panel.reveal(undefined, false);
      return LeadPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      LEAD_FORM_VIEW_TYPE,
      t('New Nutshell Lead'),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      LeadPanel.webviewOptions(services.extensionUri),
    );
    return new LeadPanel(services, panel);
  }

  /** Re-attaches to a panel that VS Code restored after a reload; the webview restores its own draft. */
  static restore(services: Services, panel: vscode.WebviewPanel): LeadPanel {
    LeadPanel.current?.dispose();
    panel.webview.options = LeadPanel.webviewOptions(services.extensionUri);
    return new LeadPanel(services, panel);
  }

  private static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
  }

  private readonly services: Services;
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly search: SearchCoordinator;
  private pendingSubmit = false;
  private lastCreated: CreatedLeadState | undefined;
  private customFields: CustomFieldDefinition[] = [];
  private webviewReady = false;
  private formConfig: Extract<HostToWebview, { type: 'formConfig' }> | undefined;
  private lastSubmitResult: Extract<HostToWebview, { type: 'submitResult' }> | undefined;
  private pendingSelection: SelectionCapture | undefined;

  private constructor(services: Services, panel: vscode.WebviewPanel) {
    this.services = services;
    this.panel = panel;
    this.search = createPanelSearch(services);
    LeadPanel.current = this;
    panel.iconPath = vscode.Uri.joinPath(services.extensionUri, 'media', 'icon.png');
    panel.webview.html = this.render();
    const dispatch = createWebviewMessageDispatcher(
      {
        ready: () => this.sendInit(),
        submit: (message) => this.submit(message),
        search: (message) => this.runSearch(message),
        openLead: () => this.openLastCreated(),
        copyLink: () => this.copyLastCreatedLink(),
        signIn: async () => {
          await signIn(this.services);
        },
      },
      (type) => services.logger.warn(`Dropped a malformed webview message (type: ${type ?? 'none'}).`),
    );
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        dispatch(raw).catch((error: unknown) => {
          services.logger.error(`Webview message handler failed: ${error instanceof Error ? error.message : String(error)}`);
        });
      }),
      panel.onDidDispose(() => this.dispose()),
      // Without retainContextWhenHidden a hidden webview is torn down; it says `ready` again.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) {
          this.webviewReady = false;
        }
      }),
      services.credentials.onDidChange((credentials) => {
        void this.post({ type: 'credentialsChanged', signedIn: credentials !== undefined });
        if (credentials && this.webviewReady) {
          void this.sendFormConfig(true);
        }
      }),
    );
  }

  private render(): string {
    const webview = this.panel.webview;
    const asset = (...segments: string[]) =>
      webview.asWebviewUri(vscode.Uri.joinPath(this.services.extensionUri, ...segments)).toString();
    return renderLeadFormHtml({
      cspSource: webview.cspSource,
      scriptUri: asset('dist', 'webview.js'),
      styleUri: asset('media', 'form.css'),
      title: t('New Nutshell Lead'),
      language: vscode.env.language,
    });
  }

  private async sendInit(): Promise<void> {
    const signedIn = await this.services.credentials.get().then(
      (credentials) => credentials !== undefined,
      () => false,
    );
    await this.post({ type: 'init', strings: localizedFormStrings(), draft: null, signedIn });
    this.webviewReady = true;
    // A result that arrived while the tab was hidden (its webview torn down) is delivered now;
    // the form accepts it only if it still waits for that request.
    if (this.lastSubmitResult) {
      await this.post(this.lastSubmitResult);
    }
    await this.sendFormConfig();
    if (this.pendingSelection) {
      const capture = this.pendingSelection;
      this.pendingSelection = undefined;
      await this.sendSelection(capture);
    }
  }

  /** The client for background calls (search, custom fields), or undefined when signed out. */
  private async backgroundClient() {
    const credentials = await this.services.credentials.get().catch(() => undefined);
    if (!credentials) {
      return undefined;
    }
    try {
      return this.services.clientFor(credentials).client;
    } catch {
      return undefined;
    }
  }

  /** Loaded once per panel (and again after a sign-in), then re-sent whenever the webview reloads. */
  private async sendFormConfig(reload = false): Promise<void> {
    if (!this.formConfig || reload) {
      const client = await this.backgroundClient();
      if (!client) {
        return;
      }
      const [customFields, defaults] = await Promise.all([
        loadCustomFields(client, this.services.logger),
        formDefaults(client, this.services),
      ]);
      this.customFields = customFields;
      this.formConfig = { type: 'formConfig', customFields, defaults };
    }
    await this.post(this.formConfig);
  }

  /** "Create Lead from Selection": the webview gets it once it is ready. */
  async applySelection(capture: SelectionCapture): Promise<void> {
    if (!this.webviewReady) {
      this.pendingSelection = capture;
      return;
    }
    await this.sendSelection(capture);
  }

  private async sendSelection(capture: SelectionCapture): Promise<void> {
    const client = await this.backgroundClient();
    const suggestions = client
      ? await resolveSuggestions(client, capture, this.services.logger)
      : { accounts: [], contacts: [] };
    await this.post({ type: 'applySelection', description: capture.description, suggestions });
  }

  private async runSearch(message: Extract<WebviewToHost, { type: 'search' }>): Promise<void> {
    const { requestId, field } = message;
    try {
      const outcome = await this.search.search(field, message.query, message.page);
      if (outcome.status === 'stale') {
        return;
      }
      await this.post({ type: 'searchResult', requestId, field, items: outcome.page.items, hasMore: outcome.page.hasMore });
    } catch (error) {
      this.services.logger.warn(`Search for ${field} failed: ${error instanceof NutshellError ? error.kind : 'error'}`);
      await this.post({ type: 'searchResult', requestId, field, items: [], hasMore: false, error: searchErrorMessage(error) });
    }
  }

  private async post(message: HostToWebview): Promise<void> {
    try {
      await this.panel.webview.postMessage(message);
    } catch {
      // The panel was closed meanwhile; nothing to tell.
    }
  }

  private async submit(message: Extract<WebviewToHost, { type: 'submit' }>): Promise<void> {
    const { requestId } = message;
    if (this.pendingSubmit) {
      this.services.logger.info('Ignored a second submission while one is in flight.');
      return;
    }
    const validation = validateLeadDraft(message.draft, customFieldChecker(this.customFields));
    if (!validation.ok) {
      await this.post({ type: 'submitResult', requestId, outcome: { status: 'invalid', fieldErrors: validation.errors } });
      return;
    }
    this.pendingSubmit = true;
    try {
      await this.post({ type: 'submitStarted', requestId });
      const outcome = await this.createLead(validation.draft);
      this.lastSubmitResult = { type: 'submitResult', requestId, outcome };
      await this.post(this.lastSubmitResult);
    } finally {
      this.pendingSubmit = false;
    }
  }

  private async credentialsOrSignIn(): Promise<Credentials | undefined> {
    return (await this.services.credentials.get()) ?? (await signIn(this.services));
  }

  private async createLead(draft: ValidLeadDraft): Promise<SubmitOutcome> {
    let credentials: Credentials | undefined;
    try {
      credentials = await this.credentialsOrSignIn();
    } catch (error) {
      if (error instanceof SecretStorageUnavailableError) {
        return { status: 'failed', message: describeSecretStorageFailure(error), fieldErrors: [] };
      }
      throw error;
    }
    if (!credentials) {
      return { status: 'failed', message: t('Sign in to Nutshell to create the lead.'), fieldErrors: [], action: 'signIn' };
    }

    let appOrigin: string;
    let client;
    try {
      ({ client, appOrigin } = this.services.clientFor(credentials));
    } catch (error) {
      if (error instanceof ConfigurationError) {
        return { status: 'failed', message: error.message, fieldErrors: [] };
      }
      throw error;
    }

    const body = buildCreateLeadBody(draft, customFieldNormalizer(this.customFields));
    try {
      const lead = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: t('Creating the lead in Nutshell…'), cancellable: true },
        async (_progress, token) => {
          const abort = new AbortController();
          const cancellation = token.onCancellationRequested(() => abort.abort());
          try {
            return await client.createLead(body, { signal: abort.signal });
          } finally {
            cancellation.dispose();
          }
        },
      );
      const url = resolveLeadUrl(appOrigin, lead);
      if (!url && (lead.htmlUrl || lead.htmlUrlPath)) {
        this.services.logger.warn('The lead link is not on the configured Nutshell origin; it will not be opened.');
      }
      this.lastCreated = { name: lead.name, number: lead.number, url };
      this.services.logger.info(`Created lead ${lead.id}.`);
      await rememberLastUsed(this.services.globalState, draft);
      // "Create Another" then starts from the owner and source just used.
      void this.sendFormConfig(true);
      void this.notifyCreated(this.lastCreated);
      return {
        status: 'created',
        lead: { name: lead.name, ...(lead.number === undefined ? {} : { number: lead.number }), ...(url ? { url } : {}) },
      };
    } catch (error) {
      if (!(error instanceof NutshellError)) {
        throw error;
      }
      return this.outcomeForFailure(error, draft);
    }
  }

  private outcomeForFailure(error: NutshellError, draft: ValidLeadDraft): SubmitOutcome {
    if (error.kind === 'cancelled') {
      return { status: 'cancelled' };
    }
    this.services.logger.warn(`Creating the lead failed: ${error.kind}${error.status ? ` (HTTP ${error.status})` : ''}.`);
    if (error.kind === 'unauthorized' || error.kind === 'forbidden') {
      const update = t('Update Credentials');
      void vscode.window.showErrorMessage(describeError(error, t), update).then(async (choice) => {
        if (choice === update) {
          await signIn(this.services);
        }
      });
      return { status: 'failed', message: describeError(error, t), fieldErrors: [], action: 'signIn' };
    }
    if (error.kind === 'timeout' || error.kind === 'network') {
      // The request may have reached Nutshell before the answer was lost: a blind retry could
      // create the lead twice.
      return {
        status: 'failed',
        message: t(
          '{0} The lead may have been created anyway: check Nutshell before you submit again.',
          describeError(error, t),
        ),
        fieldErrors: [],
      };
    }
    if (error.kind === 'validation') {
      const { fieldErrors, unmatched } = mapServerErrorsToFields(error.serverErrors, draft);
      const message =
        unmatched.length > 0
          ? t('Nutshell did not accept the lead: {0}', unmatched.join(' '))
          : t('Nutshell did not accept the lead. Check the highlighted fields.');
      return { status: 'failed', message, fieldErrors };
    }
    return { status: 'failed', message: describeError(error, t), fieldErrors: [] };
  }

  private async notifyCreated(lead: CreatedLeadState): Promise<void> {
    const text =
      lead.number === undefined ? t('Lead created: {0}', lead.name) : t('Lead created: {0} (#{1})', lead.name, lead.number);
    const open = t('Open in Nutshell');
    const copy = t('Copy Link');
    const actions = lead.url ? [open, copy] : [];
    const choice = await vscode.window.showInformationMessage(text, ...actions);
    if (choice === open) {
      await this.openLastCreated(lead);
    } else if (choice === copy) {
      await this.copyLastCreatedLink(lead);
    }
  }

  private async openLastCreated(lead: CreatedLeadState | undefined = this.lastCreated): Promise<void> {
    if (lead?.url) {
      await vscode.env.openExternal(vscode.Uri.parse(lead.url, true));
    }
  }

  private async copyLastCreatedLink(lead: CreatedLeadState | undefined = this.lastCreated): Promise<void> {
    if (lead?.url) {
      await vscode.env.clipboard.writeText(lead.url);
      void vscode.window.showInformationMessage(t('Link copied.'));
    }
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    this.search.dispose();
    if (LeadPanel.current === this) {
      LeadPanel.current = undefined;
    }
    for (const disposable of this.disposables.splice(0)) {
      disposable.dispose();
    }
    this.panel.dispose();
  }
}

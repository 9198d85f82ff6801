/**
 * Sign In: email and API key from two input boxes, checked against Nutshell with one cheap GET
 * before anything is stored. Wrong credentials are never saved.
 */
import * as vscode from 'vscode';
import { credentialsSchema, type Credentials } from '../core/credentials.ts';
import { NutshellError, describeError } from '../core/errors.ts';
import { isEmail } from '../core/lead-schema.ts';
import * as z from 'zod/mini';
import { SecretStorageUnavailableError, describeSecretStorageFailure } from './credential-store.ts';
import { ConfigurationError, type Services } from './services.ts';

const t = vscode.l10n.t;

async function askCredentials(previousEmail: string | undefined): Promise<Credentials | undefined> {
  const email = await vscode.window.showInputBox({
    title: t('Nutshell: Sign In (1/2)'),
    prompt: t('The email address you sign in to Nutshell with'),
    placeHolder: 'you@example.com',
    value: previousEmail ?? '',
    ignoreFocusOut: true,
    validateInput: (value) => (isEmail(value) ? undefined : t('Enter an email address, such as you@example.com.')),
  });
  if (email === undefined) {
    return undefined;
  }
  const apiKey = await vscode.window.showInputBox({
    title: t('Nutshell: Sign In (2/2)'),
    prompt: t("Your Nutshell API key, from your Nutshell account's settings. It is kept in VS Code's secret storage."),
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() === '' ? t('Enter the API key.') : undefined),
  });
  if (apiKey === undefined) {
    return undefined;
  }
  const parsed = z.safeParse(credentialsSchema, { email, apiKey });
  return parsed.success ? parsed.data : undefined;
}

/**
 * Runs the sign-in flow until the user succeeds or gives up. Returns the stored credentials, or
 * undefined when the user cancelled or they could not be stored.
 */
export async function signIn(services: Services): Promise<Credentials | undefined> {
  let previousEmail: string | undefined;
  try {
    previousEmail = (await services.credentials.get())?.email;
  } catch {
    previousEmail = undefined;
  }
  for (;;) {
    const candidate = await askCredentials(previousEmail);
    if (!candidate) {
      return undefined;
    }
    previousEmail = candidate.email;
    let verification: NutshellError | ConfigurationError | undefined;
    try {
      const { client } = services.clientFor(candidate);
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: t('Checking your Nutshell credentials…'), cancellable: true },
        async (_progress, token) => {
          const abort = new AbortController();
          const cancellation = token.onCancellationRequested(() => abort.abort());
          try {
            await client.verifyCredentials({ signal: abort.signal });
          } finally {
            cancellation.dispose();
          }
        },
      );
    } catch (error) {
      if (error instanceof NutshellError || error instanceof ConfigurationError) {
        verification = error;
      } else {
        throw error;
      }
    }

    if (verification instanceof ConfigurationError) {
      void vscode.window.showErrorMessage(verification.message);
      return undefined;
    }
    if (verification) {
      if (verification.kind === 'cancelled') {
        return undefined;
      }
      services.logger.warn(`Sign-in check failed: ${verification.kind}`);
      const rejected = verification.kind === 'unauthorized' || verification.kind === 'forbidden';
      const message = rejected
        ? t('Nutshell rejected that email and API key. Nothing was saved.')
        : t('Could not check the credentials, so nothing was saved: {0}', describeError(verification, t));
      const tryAgain = t('Try Again');
      const choice = await vscode.window.showErrorMessage(message, tryAgain);
      if (choice !== tryAgain) {
        return undefined;
      }
      continue;
    }

    try {
      await services.credentials.store(candidate);
    } catch (error) {
      if (error instanceof SecretStorageUnavailableError) {
        services.logger.error(`SecretStorage failed: ${error.message}`);
        void vscode.window.showErrorMessage(describeSecretStorageFailure(error), { modal: false });
        return undefined;
      }
      throw error;
    }
    services.logger.info('Signed in; credentials stored in SecretStorage.');
    void vscode.window.showInformationMessage(t('Signed in to Nutshell.'));
    return candidate;
  }
}

export async function signOut(services: Services): Promise<void> {
  try {
    await services.credentials.delete();
  } catch (error) {
    if (error instanceof SecretStorageUnavailableError) {
      void vscode.window.showErrorMessage(describeSecretStorageFailure(error));
      return;
    }
    throw error;
  }
  services.logger.info('Signed out; credentials deleted.');
  void vscode.window.showInformationMessage(t('Signed out of Nutshell. Your API key was removed from this machine.'));
}

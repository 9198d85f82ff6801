import * as vscode from 'vscode';
import { createRedactingLogger, type Logger } from '../core/redact.ts';

/** The "Nutshell" log channel. Every line is redacted against the secrets known at the time. */
export function createLog(currentSecrets: () => readonly string[]): { channel: vscode.LogOutputChannel; logger: Logger } {
  const channel = vscode.window.createOutputChannel(vscode.l10n.t('Nutshell'), { log: true });
  const logger = createRedactingLogger(
    {
      info: (message) => channel.info(message),
      warn: (message) => channel.warn(message),
      error: (message) => channel.error(message),
      debug: (message) => channel.debug(message),
    },
    currentSecrets,
  );
  return { channel, logger };
}

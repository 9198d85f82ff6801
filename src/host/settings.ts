/**
 * Reads the extension's settings. `nutshell.*` settings are `application`-scoped in the manifest,
 * so VS Code ignores workspace values; reading only the user (global) value here as well means a
 * cloned repository's `.vscode/settings.json` can never redirect the Basic-auth header.
 */
import * as vscode from 'vscode';
import { DEFAULT_API_BASE_URL, checkApiBaseUrl, type BaseUrlCheck } from '../core/endpoint.ts';
import type { NetworkSettings } from '../core/network.ts';

function userSetting<T>(section: string, key: string, fallback: T): T {
  const inspected = vscode.workspace.getConfiguration(section).inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

/** `nutshell.defaults.*`: ids preselected on new forms (empty when not set). */
export function defaultIdsSetting(): { owner: string; sources: string[]; tags: string[] } {
  return {
    owner: userSetting('nutshell', 'defaults.owner', ''),
    sources: userSetting<string[]>('nutshell', 'defaults.sources', []),
    tags: userSetting<string[]>('nutshell', 'defaults.tags', []),
  };
}

export function apiBaseUrlSetting(): BaseUrlCheck {
  return checkApiBaseUrl(userSetting('nutshell', 'apiBaseUrl', DEFAULT_API_BASE_URL));
}

export function requestTimeoutMs(): number {
  const seconds = userSetting('nutshell', 'requestTimeoutSeconds', 30);
  const safe = Number.isFinite(seconds) ? Math.min(300, Math.max(1, seconds)) : 30;
  return Math.round(safe * 1000);
}

export function networkSettings(): NetworkSettings {
  const http = vscode.workspace.getConfiguration('http');
  return {
    proxy: http.get<string>('proxy', ''),
    noProxy: http.get<string[]>('noProxy', []),
    proxyStrictSSL: http.get<boolean>('proxyStrictSSL', true),
    proxyAuthorization: http.get<string | null>('proxyAuthorization', null),
    proxySupport: http.get<string>('proxySupport', 'override'),
    systemCertificates: http.get<boolean>('systemCertificates', true),
  };
}

export function describeBaseUrlProblem(check: Extract<BaseUrlCheck, { ok: false }>): string {
  switch (check.problem) {
    case 'insecure':
      return vscode.l10n.t(
        'The "nutshell.apiBaseUrl" setting must use https. Plain http is allowed only for localhost, so your API key is never sent unencrypted.',
      );
    case 'credentialsInUrl':
      return vscode.l10n.t('The "nutshell.apiBaseUrl" setting must not contain a user name or password.');
    case 'queryOrFragment':
      return vscode.l10n.t('The "nutshell.apiBaseUrl" setting must not contain a query or fragment.');
    case 'invalid':
      return vscode.l10n.t('The "nutshell.apiBaseUrl" setting is not a valid http(s) URL.');
  }
}

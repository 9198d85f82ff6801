/**
 * The lead form's HTML shell. The form itself is rendered by the webview bundle; this page only
 * sets the Content-Security-Policy and loads that bundle and its stylesheet.
 *
 * CSP: `default-src 'none'`; scripts only with this render's nonce; styles and fonts only from
 * the extension's own webview resource origin; no network access at all (`connect-src` stays
 * 'none' because every Nutshell call goes through the host).
 */
import { randomBytes } from 'node:crypto';

export interface LeadFormHtmlOptions {
  /** `webview.cspSource`: the origin VS Code serves extension resources from. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  title: string;
  /** BCP 47 tag of the UI language, for screen readers. */
  language: string;
  nonce?: string;
}

/** 128 bits from the CSPRNG, base64url: a fresh value for every render. */
export function createNonce(): string {
  return randomBytes(16).toString('base64url');
}

export function buildContentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    "connect-src 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
  ].join('; ');
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

export function renderLeadFormHtml(options: LeadFormHtmlOptions): string {
  const nonce = options.nonce ?? createNonce();
  const csp = buildContentSecurityPolicy(options.cspSource, nonce);
  return `<!DOCTYPE html>
<html lang="${escapeHtml(options.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(options.styleUri)}">
<title>${escapeHtml(options.title)}</title>
</head>
<body>
<main id="app" data-state="loading"></main>
<script nonce="${nonce}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>`;
}

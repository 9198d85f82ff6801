/**
 * Log redaction. Every line the extension logs passes through `redact`, so that even a careless
 * message (an error whose text echoes a header, say) cannot put the API key in the Output panel.
 */

const AUTH_HEADER_PATTERN = /\b(Basic|Bearer)\s+[A-Za-z0-9+/=._-]{4,}/gi;
const URL_USERINFO_PATTERN = /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi;
export const REDACTED = '‹redacted›';

export function redact(text: string, secrets: readonly string[]): string {
  let result = text.replace(AUTH_HEADER_PATTERN, `$1 ${REDACTED}`).replace(URL_USERINFO_PATTERN, `$1${REDACTED}@`);
  // Longest first, so a secret that contains another is removed whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret) {
      result = result.split(secret).join(REDACTED);
    }
  }
  return result;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

export interface LogSink {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

/** Wraps a sink so that whatever secrets are current are scrubbed from every line. */
export function createRedactingLogger(sink: LogSink, currentSecrets: () => readonly string[]): Logger {
  const clean = (message: string) => redact(message, currentSecrets());
  return {
    info: (message) => sink.info(clean(message)),
    warn: (message) => sink.warn(clean(message)),
    error: (message) => sink.error(clean(message)),
    debug: (message) => sink.debug(clean(message)),
  };
}

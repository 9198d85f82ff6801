/**
 * The Nutshell credentials: the user's email and an API key, kept as one SecretStorage entry.
 * What comes back from storage is parsed, never trusted: anything unreadable counts as signed out.
 */
import * as z from 'zod/mini';
import { isEmail } from './lead-schema.ts';

export const CREDENTIALS_SECRET_KEY = 'nutshell.credentials.v1';

export const credentialsSchema = z.object({
  email: z.string().check(
    z.trim(),
    z.refine((value) => isEmail(value), 'invalidEmail'),
  ),
  apiKey: z.string().check(z.trim(), z.minLength(1, 'required'), z.maxLength(512, 'tooLong')),
});

export type Credentials = z.output<typeof credentialsSchema>;

export function parseStoredCredentials(stored: string | undefined): Credentials | undefined {
  if (!stored) {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(stored);
  } catch {
    return undefined;
  }
  const result = z.safeParse(credentialsSchema, json);
  return result.success ? result.data : undefined;
}

export function serializeCredentials(credentials: Credentials): string {
  return JSON.stringify({ email: credentials.email, apiKey: credentials.apiKey });
}

export function basicAuthorization(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.email}:${credentials.apiKey}`, 'utf8').toString('base64')}`;
}

/** The texts that must never appear in a log line, an error message or the webview. */
export function secretsOf(credentials: Credentials): string[] {
  const authorization = basicAuthorization(credentials);
  return [credentials.apiKey, authorization.slice('Basic '.length), credentials.email].filter((s) => s.length >= 3);
}

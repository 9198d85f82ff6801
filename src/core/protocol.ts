/**
 * The message protocol between the lead form webview and the extension host. Both sides import
 * this module. The host treats every incoming message as untrusted: anything that does not parse
 * is dropped (and logged) before it can reach a handler, so a malformed or unknown message never
 * causes an HTTP call.
 */
import * as z from 'zod/mini';
import { CUSTOM_FIELD_KINDS, type CustomFieldDefinition } from './custom-fields.ts';
import { FIELD_ERROR_CODES, type FieldError, type LeadDraft, type LinkRef } from './lead-schema.ts';

export const PICKER_FIELDS = ['owner', 'accounts', 'contacts', 'sources', 'tags', 'products', 'competitors'] as const;
export type PickerField = (typeof PICKER_FIELDS)[number];

const requestId = z.string().check(z.minLength(1), z.maxLength(64));

export const webviewToHostSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  // The draft is checked with the lead schema by the handler, so that a bad draft can be
  // answered with field errors instead of being dropped silently.
  z.strictObject({ type: z.literal('submit'), requestId, draft: z.unknown() }),
  z.strictObject({
    type: z.literal('search'),
    requestId,
    field: z.enum(PICKER_FIELDS),
    query: z.string().check(z.maxLength(200)),
    page: z.int().check(z.minimum(0), z.maximum(1000)),
  }),
  z.strictObject({ type: z.literal('openLead') }),
  z.strictObject({ type: z.literal('copyLink') }),
  z.strictObject({ type: z.literal('signIn') }),
]);
export type WebviewToHost = z.infer<typeof webviewToHostSchema>;
export type WebviewToHostType = WebviewToHost['type'];

export interface PickerItem {
  id: string;
  name: string;
  secondary?: string;
  /** Products only: the default price as a decimal string, to prefill the price input. */
  price?: string;
}

export interface CreatedLeadSummary {
  name: string;
  number?: number;
  /** Present only when it passed the origin check; the webview shows it as text, never as a link. */
  url?: string;
}

export type SubmitOutcome =
  | { status: 'created'; lead: CreatedLeadSummary }
  | { status: 'invalid'; fieldErrors: FieldError[] }
  | { status: 'failed'; message: string; fieldErrors: FieldError[]; action?: 'signIn' }
  | { status: 'cancelled' };

/** Something the selection suggested for a picker: an existing record, or one to create. */
export interface PickerSuggestion {
  label: string;
  secondary?: string;
  ref: LinkRef | { create: { name: string; email?: string; phone?: string } };
}

export interface FormDefaults {
  owner?: LinkRef;
  sources?: LinkRef[];
  tags?: LinkRef[];
}

export type HostToWebview =
  | { type: 'init'; strings: Record<string, string>; draft: LeadDraft | null; signedIn: boolean }
  | { type: 'submitStarted'; requestId: string }
  | { type: 'submitResult'; requestId: string; outcome: SubmitOutcome }
  | { type: 'searchResult'; requestId: string; field: PickerField; items: PickerItem[]; hasMore: boolean; error?: string }
  | { type: 'credentialsChanged'; signedIn: boolean }
  /** Sent after `init` once the account's custom fields and the defaults are resolved. */
  | { type: 'formConfig'; customFields: CustomFieldDefinition[]; defaults: FormDefaults }
  /** From "Create Lead from Selection": fills an empty description, and offers suggestions. */
  | {
      type: 'applySelection';
      description: string;
      suggestions: { accounts: PickerSuggestion[]; contacts: PickerSuggestion[] };
    };

const fieldErrorSchema = z.object({
  field: z.string(),
  code: z.enum(FIELD_ERROR_CODES),
  message: z.optional(z.string()),
});

const pickerItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  secondary: z.optional(z.string()),
  price: z.optional(z.string()),
});

const linkRefSchema = z.object({ id: z.string(), label: z.optional(z.string()) });
const suggestionSchema = z.object({
  label: z.string(),
  secondary: z.optional(z.string()),
  ref: z.union([
    linkRefSchema,
    z.object({
      create: z.object({ name: z.string(), email: z.optional(z.string()), phone: z.optional(z.string()) }),
    }),
  ]),
});

/** The webview checks host messages too: it is cheap, and it keeps both sides honest in tests. */
export const hostToWebviewSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    strings: z.record(z.string(), z.string()),
    draft: z.nullable(z.unknown()),
    signedIn: z.boolean(),
  }),
  z.object({ type: z.literal('submitStarted'), requestId }),
  z.object({
    type: z.literal('submitResult'),
    requestId,
    outcome: z.discriminatedUnion('status', [
      z.object({
        status: z.literal('created'),
        lead: z.object({ name: z.string(), number: z.optional(z.number()), url: z.optional(z.string()) }),
      }),
      z.object({ status: z.literal('invalid'), fieldErrors: z.array(fieldErrorSchema) }),
      z.object({
        status: z.literal('failed'),
        message: z.string(),
        fieldErrors: z.array(fieldErrorSchema),
        action: z.optional(z.literal('signIn')),
      }),
      z.object({ status: z.literal('cancelled') }),
    ]),
  }),
  z.object({
    type: z.literal('searchResult'),
    requestId,
    field: z.enum(PICKER_FIELDS),
    items: z.array(pickerItemSchema),
    hasMore: z.boolean(),
    error: z.optional(z.string()),
  }),
  z.object({ type: z.literal('credentialsChanged'), signedIn: z.boolean() }),
  z.object({
    type: z.literal('formConfig'),
    customFields: z.array(
      z.object({
        name: z.string(),
        kind: z.enum(CUSTOM_FIELD_KINDS),
        choices: z.array(z.string()),
        unknownType: z.optional(z.string()),
      }),
    ),
    defaults: z.object({
      owner: z.optional(linkRefSchema),
      sources: z.optional(z.array(linkRefSchema)),
      tags: z.optional(z.array(linkRefSchema)),
    }),
  }),
  z.object({
    type: z.literal('applySelection'),
    description: z.string(),
    suggestions: z.object({ accounts: z.array(suggestionSchema), contacts: z.array(suggestionSchema) }),
  }),
]);

export function parseWebviewMessage(raw: unknown): WebviewToHost | undefined {
  const result = z.safeParse(webviewToHostSchema, raw);
  return result.success ? result.data : undefined;
}

export function parseHostMessage(raw: unknown): HostToWebview | undefined {
  const result = z.safeParse(hostToWebviewSchema, raw);
  return result.success ? (result.data as HostToWebview) : undefined;
}

type HandlerMap = { [K in WebviewToHostType]: (message: Extract<WebviewToHost, { type: K }>) => void | Promise<void> };

/**
 * Routes a raw webview message to its handler. Returns false when the message was rejected;
 * `onRejected` gets only the message's `type` (if any), never its contents, since it may carry
 * what the user typed.
 */
export function createWebviewMessageDispatcher(
  handlers: HandlerMap,
  onRejected: (type: string | undefined) => void,
): (raw: unknown) => Promise<boolean> {
  return async (raw) => {
    const message = parseWebviewMessage(raw);
    if (!message) {
      const type =
        typeof raw === 'object' && raw !== null && typeof (raw as { type?: unknown }).type === 'string'
          ? String((raw as { type: string }).type).slice(0, 40)
          : undefined;
      onRejected(type);
      return false;
    }
    const handler = handlers[message.type] as (message: WebviewToHost) => void | Promise<void>;
    await handler(message);
    return true;
  };
}

/**
 * The webview's string lookup: the host's localized table first, the English default second.
 * DOM-free, so it is unit-tested.
 */
import { FORM_STRINGS, format, isFormStringKey, type FormStringKey } from '../core/form-strings.ts';

export type Translate = (key: FormStringKey, ...args: readonly (string | number)[]) => string;

export function createTranslator(strings: Readonly<Record<string, string>>): Translate {
  return (key, ...args) => {
    const localized = Object.hasOwn(strings, key) ? strings[key] : undefined;
    // An empty translation would render an unlabelled control: treat it as missing.
    const template = typeof localized === 'string' && localized.trim() !== '' ? localized : FORM_STRINGS[key];
    return format(template, ...args);
  };
}

/** Looks up a key built at run time (such as `error.<code>.<field>`), if the table has it. */
export function toStringKey(key: string): FormStringKey | undefined {
  return isFormStringKey(key) ? key : undefined;
}

/**
 * Every user-visible string of the lead form webview, in English. The host runs each value
 * through `vscode.l10n.t` and sends the results to the webview in `init.strings`, keyed as here;
 * the webview falls back to these defaults for any key that is missing.
 *
 * Placeholders are `{0}`, `{1}`, … (the same syntax as `vscode.l10n.t`), filled with `format`.
 * Error texts are keyed `error.<FieldErrorCode>`; a few have a field-specific variant
 * `error.<code>.<field>` that the webview prefers when it exists.
 */
import type { FieldErrorCode } from './lead-schema.ts';

export const FORM_STRINGS = {
  'form.title': 'New Nutshell Lead',
  'form.requiredMarker': '(required)',

  'field.description': 'Description',
  'field.description.hint': 'This is also the name of the lead.',
  'field.manualValue': 'Value',
  'field.manualValue.hint': 'An amount, such as 1,250.00.',
  'field.dueDate': 'Due date',
  'field.owner': 'Owner',
  'field.accounts': 'Companies',
  'field.contacts': 'People',
  'field.sources': 'Sources',
  'field.tags': 'Tags',
  'field.competitors': 'Competitors',

  /** Search pickers. */
  'picker.loading': 'Loading…',
  'picker.noMatches': 'No matches',
  'picker.resultsOne': '1 result',
  /** {0}: how many results are listed. */
  'picker.resultsMany': '{0} results',
  'picker.moreAvailable': 'more available',
  /** {0}: how many suggestions match. */
  'picker.suggestedCount': '{0} suggested from the selection',
  /** {0}: the search error, as the host reported it. */
  'picker.searchFailed': 'Search failed: {0}',
  'picker.loadMore': 'Load more results',
  /** {0}: the text typed, which becomes the new record's name. */
  'picker.create': 'Create "{0}"',
  /** {0}: a Nutshell ID typed into the picker. */
  'picker.useId': 'Use ID {0}',
  /** {0}: the name of a record that will be created with the lead. */
  'picker.newItem': '{0} (new)',
  /** {0}: what a chip shows, such as `Acme Corp`. */
  'picker.remove': 'Remove {0}',
  /** {0}: what was added. */
  'picker.added': '{0} added',
  /** {0}: what was removed. */
  'picker.removed': '{0} removed',
  /** {0}: what was chosen in a single picker. */
  'picker.selected': '{0} selected',
  'picker.cleared': 'Selection cleared',
  /** {0}: the field's label, such as `Companies`. */
  'picker.chosenLabel': 'Chosen {0}',
  'picker.suggestedGroup': 'Suggested from selection',
  'picker.resultsGroup': 'Results',
  'picker.suggestionsOne': '1 suggestion from the selection',
  /** {0}: how many suggestions are not chosen yet. */
  'picker.suggestionsMany': '{0} suggestions from the selection',

  'products.legend': 'Products',
  /** {0}: an example product id. */
  'products.hint': 'A product ID looks like {0}. Quantity and price are optional.',
  'products.add': 'Add Product',
  /** {0}: the row number, from 1. */
  'products.row': 'Product {0}',
  'products.remove': 'Remove',
  /** {0}: the row number, from 1. */
  'products.removeLabel': 'Remove product {0}',
  'field.productName': 'Product',
  'products.pickerHint': 'Search for a product. Quantity and price are optional; an empty price is filled from the product.',
  'field.quantity': 'Quantity',
  'field.price': 'Price',

  'customFields.legend': 'Custom fields',
  'customFields.hint': 'The name must match a custom field in Nutshell. Rows without a value are not sent.',
  'customFields.add': 'Add Custom Field',
  /** {0}: the row number, from 1. */
  'customFields.row': 'Custom field {0}',
  'customFields.remove': 'Remove',
  /** {0}: the row number, from 1. */
  'customFields.removeLabel': 'Remove custom field {0}',
  'field.customFieldName': 'Name',
  'field.customFieldValue': 'Value',
  'customFields.typedHint': 'Fields left empty are not sent.',
  /** The empty option of a choice field. */
  'customFields.none': '(None)',

  'submit.label': 'Create Lead',
  'submit.busy': 'Creating Lead…',
  /** {0}: the key combination, such as `Ctrl+Enter`. */
  'submit.shortcutHint': 'Press {0} to create the lead.',
  'status.submitting': 'Creating the lead…',
  'status.invalidOne': '1 field needs attention.',
  /** {0}: the number of fields. */
  'status.invalidMany': '{0} fields need attention.',

  'notice.signedOut': 'You are not signed in to Nutshell. You will be asked for credentials when you create the lead.',
  'notice.signIn': 'Sign In',
  'banner.invalid': 'Nutshell did not accept some of the fields. Check the highlighted fields and try again.',
  'banner.cancelled': 'Lead creation was cancelled. Your entries are still here.',
  'banner.signIn': 'Update Credentials',
  'banner.signedIn': 'You are signed in. Create the lead again when you are ready.',

  /** {0}: the lead's name; {1}: its number. */
  'success.title': 'Lead created: {0} (#{1})',
  /** {0}: the lead's name. */
  'success.titleNoNumber': 'Lead created: {0}',
  'success.open': 'Open in Nutshell',
  'success.copy': 'Copy Link',
  'success.another': 'Create Another',

  'error.required': 'This field is required.',
  'error.required.description': 'Enter a description.',
  'error.required.product': 'Choose a product, or remove this row.',
  'error.required.customFieldName': 'Enter the name of the custom field, or clear its value.',
  'error.tooLong': 'This is too long.',
  'error.invalidAmount': 'Enter an amount, such as 1,250.00.',
  'error.invalidDate': 'Enter a valid date.',
  'error.invalidQuantity': 'Enter a whole number greater than 0.',
  /** {0}: an example id of the right type, such as `12-accounts`. */
  'error.wrongEntityType': 'Use a Nutshell ID of the right type, such as {0}.',
  'error.duplicate': 'This is listed more than once.',
  'error.invalidEmail': 'Enter an email address, such as name@example.com.',
  'error.invalidNumber': 'Enter a number.',
  'error.invalidUrl': 'Enter a web address, such as https://example.com.',
  'error.invalidPhone': 'Enter a phone number.',
  'error.invalidChoice': 'Choose one of the available options.',
  'error.invalid': 'This value is not valid.',
  'error.server': 'Nutshell did not accept this value.',
} as const satisfies Record<`error.${FieldErrorCode}`, string> & Record<string, string>;

export type FormStringKey = keyof typeof FORM_STRINGS;

export function isFormStringKey(key: string): key is FormStringKey {
  return Object.hasOwn(FORM_STRINGS, key);
}

/**
 * Fills `{0}`, `{1}`, … with `args`. A placeholder without an argument is left as it is, so a
 * translation with a typo shows visibly rather than throwing.
 */
export function format(template: string, ...args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}

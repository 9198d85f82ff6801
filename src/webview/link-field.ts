/**
 * Link fields (owner, companies, people, sources, tags, competitors, and each product row's
 * product) sit behind `LinkFieldControl`: the form only ever calls the methods below, and hears
 * back through `onChange` / `onBlur`. The search picker (picker.ts) implements it.
 */
import type { LinkField } from '../core/nutshell-ids.ts';
import type { PickerItem, PickerSuggestion } from '../core/protocol.ts';
import type { FieldControl } from './fields.ts';
import type { LinkItem } from './form-model.ts';

export interface LinkFieldControl extends FieldControl {
  /** Which Nutshell entity it links to. */
  readonly kind: LinkField;
  /** What it holds now. A single control (`multiple: false`) holds at most one item. */
  getRefs(): LinkItem[];
  /** Replaces what it holds (restoring a draft, starting over). Does not call `onChange`. */
  setRefs(items: readonly LinkItem[]): void;
  /** Removes listeners and anything outside `element` (a picker's pending searches). */
  dispose(): void;
  /**
   * Records suggested for this field (from a selection): a picker lists them first and never
   * adds them by itself. Does not call `onChange`.
   */
  setSuggestions?(suggestions: readonly PickerSuggestion[]): void;
}

export interface LinkFieldOptions {
  /** Field key, as in `FieldError.field`: `accounts`, `owner`, `products.2.product`. */
  key: string;
  kind: LinkField;
  /** The id of the focusable element, and the base of `-error` / `-hint` ids. */
  id: string;
  /** The `name` attribute of the input (`productId` in product rows). */
  name?: string;
  label: string;
  multiple: boolean;
  /** Shown under the control; omit it when `describedBy` points at a shared hint. */
  hint?: string;
  describedBy?: readonly string[];
  className?: string;
  /** The user changed the value; `items` is what `getRefs()` now returns. */
  onChange(items: LinkItem[]): void;
  /** Focus left the control (not just moved inside it). */
  onBlur(): void;
  /** A search result was chosen (after `onChange`): product rows prefill their price from it. */
  onPick?(item: PickerItem): void;
}

export type LinkFieldFactory = (options: LinkFieldOptions) => LinkFieldControl;

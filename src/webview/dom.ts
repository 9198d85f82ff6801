/**
 * A tiny element builder. Text goes in as text nodes only (never HTML), and it refuses inline
 * styles and event-handler attributes, which the webview's CSP forbids anyway.
 */
export type Child = Node | string | null | undefined | false;
export type Attributes = Record<string, string | number | boolean | null | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'style' || name.toLowerCase().startsWith('on')) {
      throw new Error(`h(): attribute ${name} is not allowed`);
    }
    if (value === null || value === undefined || value === false) {
      continue;
    }
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) {
      element.append(child);
    }
  }
  return element;
}

/**
 * Shows or clears an input's error: the message element's text, `aria-invalid`, and an
 * `aria-describedby` that lists the hints first and the error last.
 */
export function applyFieldError(
  input: HTMLElement,
  errorElement: HTMLElement,
  hintIds: readonly string[],
  message: string | null,
): void {
  if (message === null) {
    errorElement.textContent = '';
    errorElement.hidden = true;
    input.removeAttribute('aria-invalid');
  } else {
    errorElement.textContent = message;
    errorElement.hidden = false;
    input.setAttribute('aria-invalid', 'true');
  }
  const ids = [...hintIds, ...(message === null ? [] : [errorElement.id])];
  if (ids.length > 0) {
    input.setAttribute('aria-describedby', ids.join(' '));
  } else {
    input.removeAttribute('aria-describedby');
  }
}

export function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** Moves focus and brings the element into view without smooth scrolling when motion is reduced. */
export function focusAndReveal(element: HTMLElement | null | undefined): void {
  if (!element) {
    return;
  }
  element.focus({ preventScroll: true });
  element.scrollIntoView({ block: 'nearest', behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
}

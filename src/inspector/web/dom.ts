/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/** A tiny element builder: the page has no framework, just keyed elements updated in place. */

type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') el.className = String(value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child);
  }
  return el;
}

/** Sets text only when it changed, so live updates do not churn the DOM. */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

export function setData(el: HTMLElement, key: string, value: string): void {
  if (el.dataset[key] !== value) el.dataset[key] = value;
}

/** Short highlight animations; each starts from its first keyframe and eases back to the element's own style. */
const FLASHES = {
  row: { keyframes: [{ backgroundColor: 'rgba(94, 168, 255, 0.4)' }], duration: 1500 },
  rowSubtle: { keyframes: [{ backgroundColor: 'rgba(94, 168, 255, 0.12)' }], duration: 700 },
  state: {
    keyframes: [
      { boxShadow: '0 0 0 3px #5ea8ff, 0 0 28px #5ea8ff', backgroundColor: 'rgba(94, 168, 255, 0.45)' },
    ],
    duration: 1000,
  },
  passed: {
    keyframes: [
      { outline: '2px solid #d9a122', outlineOffset: '1px' },
      { outline: '2px solid #d9a122', outlineOffset: '1px', offset: 0.4 },
      { outline: '2px solid rgba(217, 161, 34, 0)', outlineOffset: '1px' },
    ],
    duration: 1400,
  },
  badge: { keyframes: [{ boxShadow: '0 0 0 3px currentColor' }], duration: 1200 },
} satisfies Record<string, { keyframes: Keyframe[]; duration: number }>;

export type FlashKind = keyof typeof FLASHES;

const reducedMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)');

/**
 * Flashes an element with the Web Animations API: unlike restarting a CSS
 * class, it needs no forced layout, so a burst of hundreds of changes stays cheap.
 */
export function flash(el: Element, kind: FlashKind): void {
  if (reducedMotion?.matches || typeof el.animate !== 'function') return;
  const { keyframes, duration } = FLASHES[kind];
  el.animate(keyframes, { duration, easing: 'ease-out' });
}

/** Makes `parent`'s element children exactly `wanted`, in order, moving only what is out of place. */
export function reconcileChildren(parent: Element, wanted: readonly Element[]): void {
  let cursor = parent.firstElementChild;
  for (const el of wanted) {
    if (el === cursor) {
      cursor = cursor.nextElementSibling;
      continue;
    }
    parent.insertBefore(el, cursor);
  }
  while (cursor) {
    const next = cursor.nextElementSibling;
    cursor.remove();
    cursor = next;
  }
}

import { h } from '../../shared/dom.js';

/** A labelled form control: the wrapper to place and the control to read. */
export interface Field<E extends HTMLElement> {
  root: HTMLElement;
  input: E;
}

/** A `<select>` of `options` (value, shown text). */
export function selectField(
  label: string,
  name: string,
  options: readonly (readonly [string, string])[],
  onChange: (value: string) => void,
): Field<HTMLSelectElement> {
  const input = h('select', { name, id: `f-${name}` }, ...options.map(([value, text]) => h('option', { value }, text)));
  input.addEventListener('change', () => onChange(input.value));
  return { root: h('label', { class: 'field', for: `f-${name}` }, h('span', {}, label), input), input };
}

/**
 * A number box; `onChange` gets values inside [min, max] only — anything else is marked
 * invalid in place (with the rule as its tooltip) and not applied.
 */
export function numberField(
  label: string,
  name: string,
  range: { min: number; max: number; step?: number; integer?: boolean },
  onChange: (value: number) => void,
): Field<HTMLInputElement> {
  const input = h('input', {
    type: 'number',
    name,
    id: `f-${name}`,
    min: range.min,
    max: range.max,
    step: range.step ?? (range.integer ? 1 : 'any'),
  });
  const rule = `${range.integer ? 'an integer' : 'a number'} in ${range.min}…${range.max}`;
  input.addEventListener('change', () => {
    const v = Number(input.value);
    const ok =
      input.value.trim() !== '' &&
      Number.isFinite(v) &&
      v >= range.min &&
      v <= range.max &&
      (!range.integer || Number.isInteger(v));
    input.classList.toggle('invalid', !ok);
    input.title = ok ? '' : `expected ${rule}`;
    input.setAttribute('aria-invalid', ok ? 'false' : 'true');
    if (ok) onChange(v);
  });
  return { root: h('label', { class: 'field', for: `f-${name}` }, h('span', {}, label), input), input };
}

/** A slider with its value shown beside it. */
export function rangeField(
  label: string,
  name: string,
  range: { min: number; max: number; step: number },
  show: (value: number) => string,
  onChange: (value: number) => void,
): Field<HTMLInputElement> & { sync(): void } {
  const input = h('input', { type: 'range', name, id: `f-${name}`, min: range.min, max: range.max, step: range.step });
  const value = h('output', { for: `f-${name}` });
  const sync = () => {
    value.textContent = show(Number(input.value));
  };
  input.addEventListener('input', sync);
  input.addEventListener('change', () => onChange(Number(input.value)));
  return {
    root: h('label', { class: 'field range', for: `f-${name}` }, h('span', {}, label), input, value),
    input,
    sync,
  };
}

/** Offers `bytes` (or text) as a file download named `name`. */
export function download(name: string, data: Uint8Array | string | Blob, type: string): void {
  const blob = data instanceof Blob ? data : new Blob([data as BlobPart], { type });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

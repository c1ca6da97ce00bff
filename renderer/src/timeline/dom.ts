/** Tiny DOM helpers for the timeline's HTML parts. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; testId?: string; text?: string } = {},
  children: (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  if (props.className !== undefined) node.className = props.className
  if (props.testId !== undefined) node.dataset.testid = props.testId
  if (props.text !== undefined) node.textContent = props.text
  node.append(...children)
  return node
}

/** An <option> of a <select>. */
export function option(value: string, text: string, disabled = false): HTMLOptionElement {
  const o = el('option', { text })
  o.value = value
  o.disabled = disabled
  return o
}

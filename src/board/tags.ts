/**
 * Groups tags by their first path segment (`conv1/weights/mean` → `conv1`), as
 * TensorBoard does; tags without a slash form their own group. Groups and the tags in
 * them are sorted so the page is stable while runs grow.
 */
export function groupTags(tags: Iterable<string>): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const tag of [...new Set(tags)].sort()) {
    const slash = tag.indexOf('/');
    const group = slash < 0 ? tag : tag.slice(0, slash);
    const list = groups.get(group) ?? [];
    list.push(tag);
    groups.set(group, list);
  }
  return new Map([...groups.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * A run or tag filter typed by the user: a case-insensitive regular expression, or
 * plain text when it is not a valid expression (half-typed brackets must not blank the page).
 */
export function makeFilter(text: string): (name: string) => boolean {
  const trimmed = text.trim();
  if (trimmed === '') return () => true;
  try {
    const re = new RegExp(trimmed, 'i');
    return (name) => re.test(name);
  } catch {
    const lower = trimmed.toLowerCase();
    return (name) => name.toLowerCase().includes(lower);
  }
}

/** Tags of dead-unit fractions: the share of exact zeros in each layer's activation. */
export function deadUnitTags(tags: Iterable<string>): string[] {
  return [...new Set(tags)].filter((t) => t.endsWith('/activation/zero_fraction')).sort();
}

/** Newline or comma separated list, trimmed, empties dropped. */
export function parseList(value: string | undefined): string[] {
  if (!value) return []
  return value
    .split(/[\n,]/)
    .map(s => s.trim())
    .filter(s => s.length > 0)
}

/**
 * Paste mistakes undone: surrounding spaces and quotes, and an auth scheme pasted with the value. For shape checks,
 * for parsing a connection string, and for finding the secrets in it (never for sending).
 */
export function cleaned(value: string): string {
  return value
    .trim()
    .replace(/^(["'])(.*)\1$/s, '$2')
    .replace(/^(bearer|basic|digest)\s+/i, '')
    .trim()
}

/** Every form a secret could leak in: raw, URL-encoded, base64 (alone and inside a Basic header). */
export function leakForms(secrets: string[]): string[] {
  const forms = new Set<string>()
  for (const s of secrets) {
    if (!s || s.length < 6) continue
    forms.add(s)
    forms.add(encodeURIComponent(s))
    forms.add(Buffer.from(s).toString('base64').replace(/=+$/, ''))
    for (const t of secrets)
      if (t && t !== s) forms.add(Buffer.from(`${t}:${s}`).toString('base64').replace(/=+$/, ''))
  }
  return [...forms]
}

export function leaks(text: string, secrets: string[]): string[] {
  return leakForms(secrets).filter(f => text.includes(f))
}

/**
 * The credential-trust rule, at the lowest layer that sends anything: a credential goes only to a trusted origin,
 * over HTTPS, or to loopback (the sandbox and tests). The HTTP client applies it to every request, whatever the
 * configuration said.
 */
import { isIP } from 'node:net'

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (h === 'localhost' || h.endsWith('.localhost')) return true
  // Only an address literal is asked of isIP: a host name never reaches its IPv6 test (a large regular expression
  // whose first use costs more start-up time than the rest of the config check).
  if (/^[\d.]+$/.test(h)) return isIP(h) === 4 && h.startsWith('127.')
  return h === '::1'
}

/** Whether a credential may be sent to this URL (checked again per request, whatever config said). */
export function mayCarryCredentials(url: string, trustedOrigins: ReadonlySet<string>): boolean {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  if (u.protocol === 'http:' && !isLoopbackHost(u.hostname)) return false
  return trustedOrigins.has(u.origin)
}

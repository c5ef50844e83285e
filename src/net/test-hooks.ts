/**
 * The one way to point the probes at a test world from outside the code, for the bundled action under test (the
 * scenario and hostile suites run dist/index.js in a fresh process, where no code can be injected). It is not an
 * input and cannot be set through `with:`, and it is honoured only when all of these hold:
 * - `NODE_ENV` is `test`;
 * - `ATLAS_PREFLIGHT_TEST_DNS` is a loopback `127.0.0.1:PORT` (a DNS responder on this machine);
 * - `ATLAS_PREFLIGHT_TEST_CA` is one PEM certificate;
 * and even then both apply only to names under `.sandbox.test` (`.test` is reserved by RFC 6761: no real host, and
 * no Atlas host, is ever there). Every other name keeps the system resolver and the system's CAs, so at worst the
 * variables change how the preflight sees hosts that do not exist outside a test.
 */
import type { NetOptions } from './prober.js'

export const TEST_DOMAIN = 'sandbox.test'

export function inTestDomain(name: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '')
  return n === TEST_DOMAIN || n.endsWith(`.${TEST_DOMAIN}`)
}

export function testNetOptions(env: Readonly<Record<string, string | undefined>>): NetOptions | undefined {
  if (env['NODE_ENV'] !== 'test') return undefined
  const server = env['ATLAS_PREFLIGHT_TEST_DNS']?.trim()
  const ca = env['ATLAS_PREFLIGHT_TEST_CA']?.trim()
  const out: NetOptions = {}
  if (server && /^127\.0\.0\.1:\d{1,5}$/.test(server))
    out.dns = { servers: [server], serversFor: inTestDomain }
  if (ca && /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----$/.test(ca))
    out.ca = { pem: ca, for: inTestDomain }
  return out.dns || out.ca ? out : undefined
}

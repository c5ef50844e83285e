// Preload (NODE_OPTIONS=--import <this file>) for the trust suite: a DNS resolver that never answers for the
// host names listed in HOSTILE_DNS_HANG (comma separated). Like a real stuck getaddrinfo, each pending lookup
// keeps the event loop alive (a referenced timer) and is never called back; other names resolve normally.
import dns from 'node:dns'
import { syncBuiltinESMExports } from 'node:module'

const hung = new Set(
  (process.env.HOSTILE_DNS_HANG ?? '')
    .split(',')
    .map(h => h.trim().toLowerCase())
    .filter(Boolean)
)
const pending = []
const hangs = hostname => hung.has(String(hostname).toLowerCase())
const stuck = () => pending.push(setInterval(() => undefined, 1 << 30))

const lookup = dns.lookup
dns.lookup = function (hostname, ...rest) {
  if (hangs(hostname)) {
    stuck()
    return {}
  }
  return lookup.call(this, hostname, ...rest)
}
const promisesLookup = dns.promises.lookup
dns.promises.lookup = function (hostname, ...rest) {
  if (hangs(hostname)) {
    stuck()
    return new Promise(() => undefined)
  }
  return promisesLookup.call(this, hostname, ...rest)
}
syncBuiltinESMExports()

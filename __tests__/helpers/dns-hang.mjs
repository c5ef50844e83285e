// Preload (NODE_OPTIONS=--import <this file>) for the trust suite: a system resolver (getaddrinfo, dns.lookup)
// that never answers for the host names listed in HOSTILE_DNS_HANG (comma separated). Like a real stuck
// getaddrinfo, each pending lookup keeps the event loop alive (a referenced timer) and is never called back; other
// names resolve normally. With HOSTILE_DNS_LOG set, each hung name asked of the system is appended to that file: a
// real stuck getaddrinfo also holds a thread of libuv's pool, which the process waits for at exit, so the action
// must never ask the system for a name its own resolver got no answer for.
import dns from 'node:dns'
import { appendFileSync } from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'

const hung = new Set(
  (process.env.HOSTILE_DNS_HANG ?? '')
    .split(',')
    .map(h => h.trim().toLowerCase())
    .filter(Boolean)
)
const pending = []
const hangs = hostname => hung.has(String(hostname).toLowerCase())
const stuck = hostname => {
  if (process.env.HOSTILE_DNS_LOG) appendFileSync(process.env.HOSTILE_DNS_LOG, `${hostname}\n`)
  pending.push(setInterval(() => undefined, 1 << 30))
}

const lookup = dns.lookup
dns.lookup = function (hostname, ...rest) {
  if (hangs(hostname)) {
    stuck(hostname)
    return {}
  }
  return lookup.call(this, hostname, ...rest)
}
const promisesLookup = dns.promises.lookup
dns.promises.lookup = function (hostname, ...rest) {
  if (hangs(hostname)) {
    stuck(hostname)
    return new Promise(() => undefined)
  }
  return promisesLookup.call(this, hostname, ...rest)
}
syncBuiltinESMExports()

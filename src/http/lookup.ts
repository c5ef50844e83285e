/**
 * The name lookup of every request the action makes (Atlas, Atlas Cloud, the echo services, GitHub), abandonable at
 * the run's deadline. Node's default lookup is the system's getaddrinfo, which runs on libuv's thread pool and cannot
 * be cancelled: a resolver that never answers holds those threads, and the process cannot exit until the system's
 * own resolver timeouts end (about 10 s), whatever the deadline said. This lookup asks through a c-ares `Resolver`
 * instead (queries on the event loop, cancelled when the deadline's signal aborts or its own time is up), so nothing
 * is left blocking when the run ends.
 *
 * - An IP address is its own answer; `localhost` and `*.localhost` are loopback (RFC 6761), as the credential rule
 *   (`trust.ts`) already takes them to be, without asking anyone.
 * - When the resolver answers that it cannot help (no such name in DNS, no DNS server reachable: names from
 *   /etc/hosts or another NSS source), the system's lookup is asked, and its answer is not waited for past the
 *   deadline. A resolver that does not answer at all is never followed by the system's lookup, which would hang the
 *   same way on a thread it cannot give back.
 * - Code and tests may point the resolver at other servers for the names `serversFor` accepts (the test-only domain,
 *   see net/test-hooks.ts); no user input can.
 */
import type { LookupAddress, lookup as systemLookup } from 'node:dns'
import { isIP } from 'node:net'

export interface LookupOptions {
  /** "host:port" servers asked instead of the system's, only for the names `serversFor` accepts. */
  servers?: readonly string[]
  serversFor?: (name: string) => boolean
  /** The system's lookup (tests replace it to see whether it was asked). */
  system?: typeof systemLookup
}

type Callback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number
) => void
/** The `lookup` option of net.connect (what undici's connector passes on). */
export type Lookup = (
  hostname: string,
  options: { family?: number | string; all?: boolean },
  cb: Callback
) => void

/** The most one resolver query may take, whatever time is left. */
const MAX_QUERY_MS = 5000
/** Resolver answers after which the system's lookup is worth asking (it may know the name from elsewhere). */
const ASK_THE_SYSTEM = new Set(['ENOTFOUND', 'ENODATA', 'ESERVFAIL', 'EREFUSED', 'ECONNREFUSED', 'EBADRESP'])

/** A lookup for net.connect whose every query ends by `remainingMs()` or when `signal` aborts. */
export function deadlineLookup(
  signal: AbortSignal,
  remainingMs: () => number,
  options: LookupOptions = {}
): Lookup {
  return (hostname, opts, cb) => {
    const family =
      opts.family === 'IPv6' || opts.family === 6 ? 6 : opts.family === 'IPv4' || opts.family === 4 ? 4 : 0
    const answer = (addresses: LookupAddress[]) => {
      const list = family ? addresses.filter(a => a.family === family) : addresses
      if (list.length === 0) return cb(lookupError('ENOTFOUND', hostname), opts.all ? [] : '')
      if (opts.all) cb(null, list)
      else cb(null, list[0]!.address, list[0]!.family)
    }
    resolve(hostname, signal, remainingMs, options).then(answer, (err: NodeJS.ErrnoException) =>
      cb(err, opts.all ? [] : '')
    )
  }
}

/** The addresses of `hostname` (IPv4 when it has any, else IPv6), or an error with a DNS code. */
export async function resolve(
  hostname: string,
  signal: AbortSignal,
  remainingMs: () => number,
  options: LookupOptions = {}
): Promise<LookupAddress[]> {
  const host = hostname.replace(/^\[|\]$/g, '')
  const ip = isIP(host)
  if (ip) return [{ address: host, family: ip }]
  const name = host.toLowerCase().replace(/\.$/, '')
  if (name === 'localhost' || name.endsWith('.localhost'))
    return [
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 }
    ]
  if (signal.aborted) throw lookupError('ECANCELLED', hostname)
  // node:dns loads with the first name to resolve: a run that resolves none never loads it.
  const dns = await import('node:dns')
  const timeoutMs = Math.max(1, Math.min(MAX_QUERY_MS, remainingMs()))
  const resolver = new dns.promises.Resolver({ timeout: Math.max(1, Math.round(timeoutMs / 2)), tries: 2 })
  if (options.servers?.length && (options.serversFor?.(name) ?? true))
    resolver.setServers([...options.servers])
  // IPv4 first (and only, when it answers), as the probes ask: IPv6 only for names with no IPv4 address.
  const asked = (async (): Promise<LookupAddress[] | string> => {
    let code = 'ENODATA'
    for (const family of [4, 6]) {
      try {
        const list = family === 4 ? await resolver.resolve4(name) : await resolver.resolve6(name)
        if (list.length > 0) return list.map(address => ({ address, family }))
      } catch (err) {
        code = codeOf(err)
        if (code !== 'ENODATA') return code
      }
    }
    return code
  })()
  const result = await bounded(asked, signal, timeoutMs, () => resolver.cancel(), hostname)
  if (typeof result !== 'string') return result
  // Not answered at all (the resolver timed out or was cancelled): asking getaddrinfo now would block a thread.
  if (!ASK_THE_SYSTEM.has(result)) throw lookupError(result, hostname)
  const system = options.system ?? dns.lookup
  const fromSystem = new Promise<LookupAddress[]>((ok, fail) =>
    system(name, { all: true }, (err, list) => (err ? fail(err) : ok(list)))
  )
  return bounded(fromSystem, signal, Math.max(1, remainingMs()), () => undefined, hostname)
}

/** `p`, or a DNS error once `ms` passed or `signal` aborted (calling `cancel`). Never waits past either. */
function bounded<T>(
  p: Promise<T>,
  signal: AbortSignal,
  ms: number,
  cancel: () => void,
  host: string
): Promise<T> {
  return new Promise<T>((ok, fail) => {
    const end = (code: string) => {
      clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
      cancel()
      fail(lookupError(code, host))
    }
    const onAbort = () => end('ECANCELLED')
    const timer = setTimeout(() => end('ETIMEOUT'), ms)
    if (signal.aborted) return onAbort()
    signal.addEventListener('abort', onAbort, { once: true })
    p.then(
      v => {
        clearTimeout(timer)
        signal.removeEventListener('abort', onAbort)
        ok(v)
      },
      (err: unknown) => {
        clearTimeout(timer)
        signal.removeEventListener('abort', onAbort)
        fail(err)
      }
    )
  })
}

function lookupError(code: string, host: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`${code}: the name ${host} was not resolved`)
  err.code = code
  err.syscall = 'lookup'
  return err
}

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | undefined)?.code
  return typeof code === 'string' ? code : 'EDNS'
}

/**
 * DNS for the probes, each answer timed: SRV and TXT through a c-ares Resolver (its queries are cancelled when the
 * probe's signal aborts or its time is up), host addresses through the action's own cancellable lookup
 * (http/lookup.ts: the system's getaddrinfo only when DNS cannot help, never waited for past the deadline). Code and tests may point the Resolver at other servers
 * for the names `serversFor` accepts (a test-only domain); there is no way to do so from a user input.
 */
import type { promises as dnsPromises } from 'node:dns'
import { resolve } from '../http/lookup.js'

export interface DnsOptions {
  /** "host:port" servers asked instead of the system's, only for the names `serversFor` accepts. */
  servers?: readonly string[]
  serversFor?: (name: string) => boolean
}

export type Timed<T> = { ok: true; ms: number; value: T } | { ok: false; ms: number; code: string }

/** Our own timeout of a query (the resolver's code for it is ETIMEOUT too). */
export const TIMEOUT = 'ETIMEOUT'
/** The probe's signal aborted (the run's deadline). */
export const ABORTED = 'ABORTED'

export class ProbeDns {
  constructor(private readonly options: DnsOptions = {}) {}

  private overridden(name: string): boolean {
    return !!this.options.servers?.length && (this.options.serversFor?.(name) ?? true)
  }

  /** A c-ares resolver for one query; node:dns loads with the first one, so a run that probes nothing never loads it. */
  private async resolver(
    name: string,
    timeoutMs: number
  ): Promise<InstanceType<typeof dnsPromises.Resolver>> {
    const { promises } = await import('node:dns')
    const r = new promises.Resolver({
      timeout: Math.round(Math.max(1, Math.min(timeoutMs, 5000))),
      tries: 2
    })
    if (this.overridden(name)) r.setServers([...this.options.servers!])
    return r
  }

  async resolveSrv(name: string, timeoutMs: number, signal: AbortSignal) {
    const r = await this.resolver(name, timeoutMs)
    return timed(r.resolveSrv(name), timeoutMs, signal, () => r.cancel())
  }

  async resolveTxt(name: string, timeoutMs: number, signal: AbortSignal) {
    const r = await this.resolver(name, timeoutMs)
    return timed(r.resolveTxt(name), timeoutMs, signal, () => r.cancel())
  }

  /** Every address of a host (IPv4 first, as the system orders them otherwise). */
  async lookup(host: string, timeoutMs: number, signal: AbortSignal): Promise<Timed<string[]>> {
    if (this.overridden(host)) {
      const r = await this.resolver(host, timeoutMs)
      return timed(
        r.resolve4(host).catch(async (err: { code?: string }) => {
          if (err?.code !== 'ENODATA') throw err
          return r.resolve6(host)
        }),
        timeoutMs,
        signal,
        () => r.cancel()
      )
    }
    // The action's own lookup (http/lookup.ts): c-ares first, the system's only when DNS cannot help, and nothing
    // left blocking a thread at the deadline (getaddrinfo cannot be abandoned).
    return timed(
      resolve(host, signal, () => timeoutMs).then(list => list.map(a => a.address)),
      timeoutMs,
      signal,
      () => undefined
    )
  }
}

/** A promise timed, ended by `timeoutMs` or the signal (calling `cancel`), its error reduced to a code. */
export function timed<T>(
  p: Promise<T>,
  timeoutMs: number,
  signal: AbortSignal,
  cancel: () => void
): Promise<Timed<T>> {
  const t0 = performance.now()
  const ms = () => Math.round(performance.now() - t0)
  return new Promise(resolve => {
    let done = false
    const finish = (r: Timed<T>) => {
      if (done) return
      done = true
      clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
      resolve(r)
    }
    const onAbort = () => {
      finish({ ok: false, ms: ms(), code: ABORTED })
      cancel()
    }
    const timer = setTimeout(
      () => {
        finish({ ok: false, ms: ms(), code: TIMEOUT })
        cancel()
      },
      Math.max(0, timeoutMs)
    )
    // The query's own end is always handled first: a query cancelled below (the signal already aborted when it
    // started) rejects, and an unhandled rejection would end the process.
    p.then(
      value => finish({ ok: true, ms: ms(), value }),
      (err: unknown) => finish({ ok: false, ms: ms(), code: codeOf(err) })
    )
    if (signal.aborted) return onAbort()
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | undefined)?.code
  return typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code) ? code : 'EDNS'
}

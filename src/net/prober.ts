/**
 * The run's prober: a connection string's hosts probed once (memoized by target), concurrently, under the run's
 * one deadline. A `mongodb+srv://` name is resolved first (SRV `_mongodb._tcp.<name>` and TXT `<name>`, together),
 * then every target host is probed. Started by whichever check first knows the hosts; awaited by the check that
 * reports them. Pure of Atlas knowledge.
 */
import type { Deadline } from '../http/deadline.js'
import { ProbeDns, type DnsOptions, type Timed } from './dns.js'
import { DEFAULT_TIMEOUTS, probeHost, type ExtraCa, type HostProbe, type StageTimeouts } from './probe.js'
import { targetKey, type ProbeTarget } from './connection-string.js'

export interface NetOptions {
  dns?: DnsOptions
  ca?: ExtraCa
  timeouts?: Partial<StageTimeouts>
}

export interface SrvAnswer {
  name: string
  srv: { ok: boolean; ms: number; code?: string; targets?: number }
  txt: { ok: boolean; ms: number; code?: string; records?: string[] }
}

export interface ProbeReport {
  target: ProbeTarget
  srv?: SrvAnswer
  hosts: HostProbe[]
  ms: number
}

/**
 * Time kept back from the deadline, so the check reports its own verdict before the runner's deadline finding,
 * with room for a loaded machine's timer drift.
 */
const RESERVE_MS = 1500
/** At most this many hosts are probed at once (sharded clusters list many). */
const CONCURRENCY = 8
const MAX_HOSTS = 64

export class Prober {
  private readonly memo = new Map<string, Promise<ProbeReport>>()
  private readonly dns: ProbeDns
  private readonly timeouts: StageTimeouts

  constructor(
    private readonly deadline: Deadline,
    private readonly options: NetOptions = {}
  ) {
    this.dns = new ProbeDns(options.dns)
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts }
  }

  /** The probe of `target`, started on the first call and shared by every later one. */
  probe(target: ProbeTarget): Promise<ProbeReport> {
    const key = targetKey(target)
    let p = this.memo.get(key)
    if (!p) {
      p = this.run(target)
      this.memo.set(key, p)
    }
    return p
  }

  /** Whether a probe of `target` was started (by a prefetch or another check). */
  started(target: ProbeTarget): boolean {
    return this.memo.has(targetKey(target))
  }

  private async run(target: ProbeTarget): Promise<ProbeReport> {
    const t0 = performance.now()
    const budgetEnd = t0 + Math.max(0, this.deadline.remainingMs() - RESERVE_MS)
    const left = () => Math.max(0, budgetEnd - performance.now())
    // Every stage's timeout is cut to what is left before the reserve, so the probe ends on its own timeouts (a
    // verdict) before the deadline; the deadline's signal is only the backstop.
    const signal = this.deadline.signal
    let hosts: { host: string; port: number }[]
    let srv: SrvAnswer | undefined
    if (target.kind === 'srv') {
      const name = target.name
      const dnsMs = Math.min(this.timeouts.dnsMs, left())
      const [s, t] = await Promise.all([
        this.dns.resolveSrv(`_mongodb._tcp.${name}`, dnsMs, signal),
        this.dns.resolveTxt(name, dnsMs, signal)
      ])
      srv = {
        name,
        srv: summary(s, v => ({ targets: v.length })),
        txt: summary(t, v => ({ records: v.map(r => r.join('')) }))
      }
      hosts = s.ok ? s.value.map(r => ({ host: r.name.toLowerCase().replace(/\.$/, ''), port: r.port })) : []
    } else {
      hosts = target.hosts
    }
    const env = () => ({
      dns: this.dns,
      timeouts: this.timeouts,
      signal,
      budgetMs: left(),
      ca: this.options.ca
    })
    const results = await mapLimit(hosts.slice(0, MAX_HOSTS), CONCURRENCY, h =>
      probeHost(h.host, h.port, env())
    )
    return { target, ...(srv ? { srv } : {}), hosts: results, ms: Math.round(performance.now() - t0) }
  }
}

function summary<T, X extends object>(
  r: Timed<T>,
  more: (v: T) => X
): { ok: boolean; ms: number; code?: string } & Partial<X> {
  if (r.ok) return { ok: true, ms: r.ms, ...more(r.value) }
  return { ok: false, ms: r.ms, code: r.code } as { ok: boolean; ms: number; code?: string } & Partial<X>
}

async function mapLimit<T, R>(items: readonly T[], limit: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await f(items[i]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}

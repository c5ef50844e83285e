/**
 * The run's prober: a connection string's hosts probed once (memoized by target), concurrently, under the run's
 * one deadline. A `mongodb+srv://` name is resolved first (SRV `_<srvServiceName>._tcp.<name>` and TXT `<name>`,
 * together) and its answers held to the Initial DNS Seedlist Discovery rules (./seedlist.ts) before anything
 * connects: answers a driver refuses are reported and no host is probed, as no driver would connect. With
 * `srvMaxHosts`, the first N hosts in DNS order are probed (a driver picks N at random). Started by whichever check
 * first knows the hosts; awaited by the check that reports them. Pure of Atlas knowledge.
 */
import type { Deadline } from '../http/deadline.js'
import { ProbeDns, type DnsOptions, type Timed } from './dns.js'
import type { ExtraCa, HostProbe, StageTimeouts } from './probe.js'
import { targetKey, type ProbeTarget } from './connection-string.js'
import { seedlistOf, type SeedlistRefusal } from './seedlist.js'

export interface NetOptions {
  dns?: DnsOptions
  ca?: ExtraCa
  timeouts?: Partial<StageTimeouts>
}

export interface SrvAnswer {
  name: string
  /** The SRV record asked: `_<service>._tcp.<name>`. */
  record: string
  srv: { ok: boolean; ms: number; code?: string; targets?: number }
  txt: { ok: boolean; ms: number; code?: string; records?: string[] }
  /** A seedlist rule the answers break: a driver refuses the string, and nothing was probed. */
  refusal?: SeedlistRefusal
  /** With `srvMaxHosts`: how many hosts DNS gave, how many were kept (the first N, in DNS order). */
  kept?: { of: number; kept: number }
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
/** Each stage's own timeout, before the deadline cuts it. */
const DEFAULT_TIMEOUTS: StageTimeouts = { dnsMs: 5000, tcpMs: 10_000, tlsMs: 10_000 }
/** The probes themselves (TCP and TLS, node:tls among them), loaded by the first run that probes a cluster. */
const probes = () => import('./probe.js')
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
      const record = `_${target.serviceName}._tcp.${name}`
      const dnsMs = Math.min(this.timeouts.dnsMs, left())
      const [s, t] = await Promise.all([
        this.dns.resolveSrv(record, dnsMs, signal),
        this.dns.resolveTxt(name, dnsMs, signal)
      ])
      srv = {
        name,
        record,
        srv: summary(s, v => ({ targets: v.length })),
        txt: summary(t, v => ({ records: v.map(r => r.join('')) }))
      }
      hosts = []
      if (s.ok) {
        const list = seedlistOf(name, s.value, t.ok ? t.value : [], target)
        if (list.refusal) srv.refusal = list.refusal
        else if (list.seeds.length < list.all.length)
          srv.kept = { of: list.all.length, kept: list.seeds.length }
        hosts = list.seeds
      }
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
    const { probeHost } = await probes()
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

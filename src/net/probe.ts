/**
 * One host probed the way a driver's first connection goes, and no further: DNS answer, TCP connect, TLS handshake
 * with the host's name as server name, each timed. Nothing is ever written after the handshake: the socket is ended
 * the moment `secureConnect` fires (a TLS close_notify and a FIN, no byte of application data), so no database
 * credential can leave the runner. Pure of Atlas knowledge.
 *
 * The handshake does not refuse an unverified certificate itself (`rejectUnauthorized: false`): it reads the
 * verdict (`authorized`, `authorizationError`, identity check included) and the certificate's issuer so the report
 * can name a TLS-inspecting proxy, then destroys the socket. With nothing ever sent, that costs nothing.
 */
import { connect as netConnect, isIP, type Socket } from 'node:net'
import {
  connect as tlsConnect,
  createSecureContext,
  rootCertificates,
  type SecureContext,
  type TLSSocket
} from 'node:tls'
import { ABORTED, TIMEOUT, type ProbeDns } from './dns.js'

export interface StageTimeouts {
  dnsMs: number
  tcpMs: number
  tlsMs: number
}

export interface ExtraCa {
  /** PEM of a CA trusted on top of the system's, for the server names `for` accepts only. */
  pem: string
  for: (servername: string) => boolean
}

export interface ProbeEnv {
  dns: ProbeDns
  timeouts: StageTimeouts
  signal: AbortSignal
  /** Ms from now the whole probe may use (each stage's timeout is cut to what is left). */
  budgetMs: number
  ca?: ExtraCa
}

export interface Stage {
  ok: boolean
  ms: number
  /** An error code (ECONNREFUSED, ETIMEOUT, ABORTED, a TLS verify code…) when not ok. */
  code?: string
}

export type HostOutcome =
  | 'ok'
  | 'dns'
  | 'tcp-timeout'
  | 'refused'
  | 'tcp-error'
  | 'closed-before-tls'
  | 'tls-timeout'
  | 'tls-certificate'
  | 'tls-error'
  | 'aborted'

export interface HostProbe {
  host: string
  port: number
  outcome: HostOutcome
  dns: Stage & { addresses?: string[] }
  tcp?: Stage & { address?: string }
  tls?: Stage & { protocol?: string; issuer?: string; subject?: string }
}

/** Probe one host: stops at the first stage that fails. */
export async function probeHost(host: string, port: number, env: ProbeEnv): Promise<HostProbe> {
  const started = performance.now()
  const left = (stageMs: number) =>
    Math.max(0, Math.min(stageMs, env.budgetMs - (performance.now() - started)))
  const literal = isIP(host) !== 0
  const dns: HostProbe['dns'] = literal
    ? { ok: true, ms: 0, addresses: [host] }
    : await env.dns
        .lookup(host, left(env.timeouts.dnsMs), env.signal)
        .then(r =>
          r.ok && r.value.length > 0
            ? { ok: true, ms: r.ms, addresses: r.value }
            : { ok: false, ms: r.ms, code: r.ok ? 'ENODATA' : r.code }
        )
  if (!dns.ok) return { host, port, outcome: dns.code === ABORTED ? 'aborted' : 'dns', dns }
  const address = dns.addresses![0]!

  const tcp = await connectTcp(address, port, left(env.timeouts.tcpMs), env.signal)
  if (!tcp.stage.ok) {
    const code = tcp.stage.code
    const outcome: HostOutcome =
      code === ABORTED
        ? 'aborted'
        : code === TIMEOUT
          ? 'tcp-timeout'
          : code === 'ECONNREFUSED'
            ? 'refused'
            : 'tcp-error'
    return { host, port, outcome, dns, tcp: { ...tcp.stage, address } }
  }
  const tls = await handshake(tcp.socket!, host, literal, left(env.timeouts.tlsMs), env)
  return { host, port, outcome: tls.outcome, dns, tcp: { ...tcp.stage, address }, tls: tls.stage }
}

function connectTcp(
  address: string,
  port: number,
  timeoutMs: number,
  signal: AbortSignal
): Promise<{ stage: Stage; socket?: Socket }> {
  const t0 = performance.now()
  const ms = () => Math.round(performance.now() - t0)
  return new Promise(resolve => {
    if (signal.aborted) return resolve({ stage: { ok: false, ms: 0, code: ABORTED } })
    const socket = netConnect({ host: address, port })
    let done = false
    const end = (stage: Stage, keep = false) => {
      if (done) return
      done = true
      clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
      socket.removeAllListeners('connect')
      if (!keep) socket.destroy()
      resolve(keep ? { stage, socket } : { stage })
    }
    const onAbort = () => end({ ok: false, ms: ms(), code: ABORTED })
    const timer = setTimeout(() => end({ ok: false, ms: ms(), code: TIMEOUT }), timeoutMs)
    signal.addEventListener('abort', onAbort, { once: true })
    socket.once('connect', () => {
      // Errors from here on are the handshake's to report; none may go unheard meanwhile.
      socket.on('error', () => undefined)
      end({ ok: true, ms: ms() }, true)
    })
    socket.once('error', (err: Error & { code?: string }) =>
      end({ ok: false, ms: ms(), code: err.code ?? 'ECONNECT' })
    )
  })
}

function handshake(
  socket: Socket,
  host: string,
  literal: boolean,
  timeoutMs: number,
  env: ProbeEnv
): Promise<{ outcome: HostOutcome; stage: NonNullable<HostProbe['tls']> }> {
  const t0 = performance.now()
  const ms = () => Math.round(performance.now() - t0)
  return new Promise(resolve => {
    if (env.signal.aborted) {
      socket.destroy()
      return resolve({ outcome: 'aborted', stage: { ok: false, ms: 0, code: ABORTED } })
    }
    const extra = env.ca && !literal && env.ca.for(host) ? { secureContext: contextWith(env.ca) } : {}
    const tls: TLSSocket = tlsConnect({
      socket,
      ...(literal ? { host } : { servername: host, host }),
      rejectUnauthorized: false,
      ...extra
    })
    let done = false
    const end = (outcome: HostOutcome, stage: NonNullable<HostProbe['tls']>) => {
      if (done) return
      done = true
      clearTimeout(timer)
      env.signal.removeEventListener('abort', onAbort)
      tls.removeAllListeners()
      tls.on('error', () => undefined)
      if (outcome === 'ok' || outcome === 'tls-certificate') {
        // Handshake done: end at once. `end()` flushes the handshake's last flight and sends a TLS close_notify
        // alert and a FIN, never a byte of application data; whatever the server says is not read.
        tls.end()
        setTimeout(() => tls.destroy(), 2000).unref()
      } else {
        tls.destroy()
        socket.destroy()
      }
      resolve({ outcome, stage })
    }
    const onAbort = () => end('aborted', { ok: false, ms: ms(), code: ABORTED })
    const timer = setTimeout(() => end('tls-timeout', { ok: false, ms: ms(), code: TIMEOUT }), timeoutMs)
    env.signal.addEventListener('abort', onAbort, { once: true })
    tls.once('secureConnect', () => {
      const t = tls
      const cert = t.getPeerCertificate()
      const issuer = nameOf(cert?.issuer)
      const subject = nameOf(cert?.subject)
      const base = {
        ms: ms(),
        ...(t.getProtocol() ? { protocol: String(t.getProtocol()) } : {}),
        ...(issuer ? { issuer } : {}),
        ...(subject ? { subject } : {})
      }
      if (t.authorized) return end('ok', { ok: true, ...base })
      end('tls-certificate', { ok: false, ...base, code: String(t.authorizationError ?? 'CERT_UNTRUSTED') })
    })
    tls.once('error', (err: Error & { code?: string }) => {
      const code = err.code ?? 'ETLS'
      const closed =
        code === 'ECONNRESET' || code === 'EPIPE' || /disconnected before secure TLS/.test(err.message)
      end(closed ? 'closed-before-tls' : 'tls-error', { ok: false, ms: ms(), code })
    })
    tls.once('close', () => end('closed-before-tls', { ok: false, ms: ms(), code: 'ECONNRESET' }))
  })
}

/** One TLS context per extra CA (building one parses every root certificate: never per connection). */
const contexts = new WeakMap<ExtraCa, SecureContext>()
function contextWith(ca: ExtraCa): SecureContext {
  let c = contexts.get(ca)
  if (!c) contexts.set(ca, (c = createSecureContext({ ca: [...rootCertificates, ca.pem] })))
  return c
}

function nameOf(n: unknown): string | undefined {
  if (!n || typeof n !== 'object') return undefined
  const o = n as Record<string, unknown>
  const pick = (k: string) =>
    typeof o[k] === 'string' ? (o[k] as string) : Array.isArray(o[k]) ? String(o[k][0]) : ''
  const parts = [pick('CN'), pick('O')].filter(Boolean)
  return parts.length ? parts.join(', ') : undefined
}

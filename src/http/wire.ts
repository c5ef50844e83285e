/**
 * Which way a request goes, and the one name lookup every way uses. HTTPS_PROXY/HTTP_PROXY/NO_PROXY go through
 * undici's EnvHttpProxyAgent (proxied.ts; loopback is always direct); every other request goes straight to its
 * server on Node's own HTTP client (direct.ts). Both resolve names (the proxy's own included) with the deadline's
 * lookup (lookup.ts), never the system's uncancellable one. undici is loaded only when a proxy applies, or for
 * GitHub's API (`fetch`, which Octokit needs), where its fetch and its dispatchers come from the one npm undici.
 */
import type { Dispatcher } from 'undici'
import { isIP } from 'node:net'
import { isLoopbackHost } from './trust.js'
import { deadlineLookup, type Lookup, type LookupOptions } from './lookup.js'
import type { Answer, SendInit } from './answer.js'
import { CONNECT_TIMEOUT_MS, DirectAgents } from './direct.js'

const AGENT_OPTIONS = { keepAliveTimeout: 30_000, connections: 8 }

export interface WireOptions {
  /** The deadline's signal: name lookups are abandoned when it aborts. */
  signal: AbortSignal
  remainingMs: () => number
  /** Where proxy settings are read (HTTPS_PROXY, HTTP_PROXY, NO_PROXY). */
  env: NodeJS.ProcessEnv
  lookup?: LookupOptions
}

/** Whether any proxy variable is set (EnvHttpProxyAgent then applies NO_PROXY itself). */
function proxyConfigured(env: NodeJS.ProcessEnv): boolean {
  return ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some(k => Boolean(env[k]))
}

type Undici = Awaited<ReturnType<typeof loadUndici>>
const loadUndici = () => import('undici')

export class Wire {
  private readonly lookup: Lookup
  /** How undici's agents connect: in time, and resolving names with the deadline's lookup. */
  private readonly connect: { timeout: number; lookup: Lookup }
  private readonly direct: DirectAgents
  private undici: Promise<Undici> | undefined
  private proxied:
    Promise<{ dispatcher: Dispatcher; send: typeof import('./proxied.js').sendProxied }> | undefined
  private fetchAgent: Promise<Dispatcher> | undefined

  constructor(private readonly options: WireOptions) {
    this.lookup = deadlineLookup(options.signal, options.remainingMs, options.lookup)
    this.connect = { timeout: CONNECT_TIMEOUT_MS, lookup: this.lookup }
    this.direct = new DirectAgents(this.lookup)
    // Connections opened ahead of requests that never came are closed when the deadline passes, not left connecting.
    options.signal.addEventListener('abort', () => this.direct.destroy(), { once: true })
  }

  /** Whether a request to `url` goes through the proxy. */
  private viaProxy(url: URL): boolean {
    return !isLoopbackHost(url.hostname) && proxyConfigured(this.options.env)
  }

  private undiciModule(): Promise<Undici> {
    return (this.undici ??= loadUndici())
  }

  /** The proxy's agent and the way a request goes through it, loaded once. */
  private proxy(): Promise<{ dispatcher: Dispatcher; send: typeof import('./proxied.js').sendProxied }> {
    const env = this.options.env
    return (this.proxied ??= Promise.all([this.undiciModule(), import('./proxied.js')]).then(
      ([{ EnvHttpProxyAgent }, { sendProxied }]) => ({
        dispatcher: new EnvHttpProxyAgent({
          ...AGENT_OPTIONS,
          connect: this.connect,
          // The connection to the proxy itself: its name is looked up the same way.
          proxyTls: this.connect,
          httpProxy: env['HTTP_PROXY'] ?? env['http_proxy'],
          httpsProxy: env['HTTPS_PROXY'] ?? env['https_proxy'],
          noProxy: env['NO_PROXY'] ?? env['no_proxy']
        } as ConstructorParameters<typeof EnvHttpProxyAgent>[0]),
        send: sendProxied
      })
    ))
  }

  /** Sends one request the way its URL and the proxy settings say. */
  readonly send = async (url: URL, init: SendInit): Promise<Answer> => {
    if (!this.viaProxy(url)) return this.direct.send(url, init)
    const { dispatcher, send } = await this.proxy()
    return send(dispatcher, url, init)
  }

  /**
   * `expected` requests to `url`'s origin are on their way (they wait for a token or a challenge): open the
   * connections they will need while they wait. Nothing behind a proxy, whose agent keeps its own connections.
   */
  warm(url: URL, expected: number): void {
    if (!this.viaProxy(url)) this.direct.warm(url, expected)
  }

  /** A fetch on the same ways, for a client with its own HTTP stack (Octokit): undici's fetch with its own agents. */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    // `Request` is not named: reading that global would load Node's own undici.
    const url = new URL(typeof input === 'string' || input instanceof URL ? input.toString() : input.url)
    const undici = await this.undiciModule()
    const dispatcher = this.viaProxy(url)
      ? (await this.proxy()).dispatcher
      : isIP(url.hostname.replace(/^\[|\]$/g, ''))
        ? undefined
        : await (this.fetchAgent ??= Promise.resolve(
            new undici.Agent({ ...AGENT_OPTIONS, connect: this.connect })
          ))
    const answer = await undici.fetch(input as Parameters<Undici['fetch']>[0], {
      ...(init as Parameters<Undici['fetch']>[1]),
      ...(dispatcher ? { dispatcher } : {})
    })
    return answer as unknown as Response
  }

  async close(): Promise<void> {
    this.direct.destroy()
    for (const d of [this.proxied?.then(p => p.dispatcher), this.fetchAgent])
      if (d) await d.then(x => x.destroy()).catch(() => undefined)
  }
}

/**
 * Which dispatcher carries a request, and the lookup it resolves names with. HTTPS_PROXY/HTTP_PROXY/NO_PROXY go
 * through undici's EnvHttpProxyAgent (loopback always direct); every other request to a host name goes through an
 * undici Agent; both resolve names (the proxy's own included) with the deadline's lookup (`lookup.ts`), never the
 * system's uncancellable one. Only a request to an IP address with no proxy needs no name lookup: it keeps Node's own
 * dispatcher, so the sandbox and the tests never evaluate the npm undici at all. undici is loaded on first use.
 */
import type { Dispatcher } from 'undici'
import { isIP } from 'node:net'
import { isLoopbackHost } from './trust.js'
import { deadlineLookup, type Lookup, type LookupOptions } from './lookup.js'

const CONNECT_TIMEOUT_MS = 10_000
const AGENT_OPTIONS = { keepAliveTimeout: 30_000, connections: 8 }

export interface DispatchOptions {
  /** The deadline's signal: name lookups are abandoned when it aborts. */
  signal: AbortSignal
  remainingMs: () => number
  /** Where proxy settings are read (HTTPS_PROXY, HTTP_PROXY, NO_PROXY). */
  env: NodeJS.ProcessEnv
  lookup?: LookupOptions
}

/** Whether any proxy variable is set (EnvHttpProxyAgent then applies NO_PROXY itself). */
export function proxyConfigured(env: NodeJS.ProcessEnv): boolean {
  return ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some(k => Boolean(env[k]))
}

export class Dispatchers {
  private direct: Promise<Dispatcher> | undefined
  private proxied: Promise<Dispatcher> | undefined
  private readonly lookup: Lookup

  constructor(private readonly options: DispatchOptions) {
    this.lookup = deadlineLookup(options.signal, options.remainingMs, options.lookup)
  }

  /** The dispatcher for `url`; undefined means Node's own (an IP address, no proxy: nothing to look up). */
  async for(url: URL): Promise<Dispatcher | undefined> {
    const connect = { timeout: CONNECT_TIMEOUT_MS, lookup: this.lookup }
    if (!isLoopbackHost(url.hostname) && proxyConfigured(this.options.env)) {
      const env = this.options.env
      this.proxied ??= import('undici').then(
        ({ EnvHttpProxyAgent }) =>
          new EnvHttpProxyAgent({
            ...AGENT_OPTIONS,
            connect,
            // The connection to the proxy itself: its name is looked up the same way.
            proxyTls: connect,
            httpProxy: env['HTTP_PROXY'] ?? env['http_proxy'],
            httpsProxy: env['HTTPS_PROXY'] ?? env['https_proxy'],
            noProxy: env['NO_PROXY'] ?? env['no_proxy']
          } as ConstructorParameters<typeof EnvHttpProxyAgent>[0])
      )
      return this.proxied
    }
    if (isIP(url.hostname.replace(/^\[|\]$/g, ''))) return undefined
    this.direct ??= import('undici').then(({ Agent }) => new Agent({ ...AGENT_OPTIONS, connect }))
    return this.direct
  }

  /** The global fetch through these dispatchers, for a client with its own HTTP stack (Octokit). */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input.toString())
    const dispatcher = await this.for(url)
    return fetch(input, { ...init, ...(dispatcher ? { dispatcher } : {}) } as RequestInit)
  }

  async close(): Promise<void> {
    for (const d of [this.direct, this.proxied]) if (d) await d.then(x => x.destroy()).catch(() => undefined)
  }
}

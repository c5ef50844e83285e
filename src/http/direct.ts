/**
 * A request straight to its server, on Node's own HTTP client (`node:http` or `node:https`, each loaded for its first
 * request, so a run that sends none never loads either): keep-alive agents, the deadline's name lookup on every connection, a connect timeout, TLS always
 * verified (Node's defaults: the system's CAs plus NODE_EXTRA_CA_CERTS). No redirect is ever followed here (the
 * client decides, http/client.ts). Node's HTTP parser is native, so a run pays no compile of a second HTTP stack for
 * its requests (undici loads only behind a proxy: proxied.ts).
 */
import type { AgentOptions, IncomingMessage, RequestOptions, request as httpRequest } from 'node:http'
import { isIP } from 'node:net'
import { warmAgent, type WarmAgent } from './warm-agent.js'
import { readAnswer, wireHeaders, type Answer, type SendInit } from './answer.js'
import type { Lookup } from './lookup.js'

/** The longest a new connection may take to be established, within the attempt's own timeout. */
export const CONNECT_TIMEOUT_MS = 10_000
const AGENT_OPTIONS = { keepAlive: true, maxSockets: 8 }

/** One scheme's keep-alive agent and its request function. */
interface Client {
  agent: WarmAgent
  request: typeof httpRequest
}

const client = (agent: WarmAgent, request: (...args: never[]) => unknown): Client => ({
  agent,
  request: request as typeof httpRequest
})

/** The keep-alive agents of one run, one per scheme; `destroy` closes every socket they hold. */
export class DirectAgents {
  private http: Promise<Client> | undefined
  private https: Promise<Client> | undefined

  constructor(private readonly lookup: Lookup) {}

  /** One scheme's client; its agent resolves names with the deadline's lookup for every connection it opens. */
  private client(url: URL): Promise<Client> {
    const options = { ...AGENT_OPTIONS, lookup: this.lookup as AgentOptions['lookup'] }
    return url.protocol === 'https:'
      ? (this.https ??= import('node:https').then(m => client(warmAgent(m.Agent, options), m.request)))
      : (this.http ??= import('node:http').then(m => client(warmAgent(m.Agent, options), m.request)))
  }

  /** `expected` requests to `url`'s origin are on their way: open the connections they will need now. */
  warm(url: URL, expected: number): void {
    const host = url.hostname.replace(/^\[|\]$/g, '')
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80)
    const servername = url.protocol === 'https:' && !isIP(host) ? host : undefined
    this.client(url)
      .then(c => c.agent.warm({ host, port, ...(servername ? { servername } : {}) }, expected))
      // Warming is only a head start: a connection that cannot be opened now is the request's own to report.
      .catch(() => undefined)
  }

  async send(url: URL, init: SendInit): Promise<Answer> {
    const { agent, request } = await this.client(url)
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const options: RequestOptions = {
        method: init.method,
        headers: wireHeaders(init),
        agent,
        signal: init.signal
      }
      const req = request(url, options, resolve)
      req.on('error', reject)
      req.on('socket', socket => {
        if (!socket.connecting) return
        const timer = setTimeout(
          () => req.destroy(Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' })),
          CONNECT_TIMEOUT_MS
        )
        socket.once('connect', () => clearTimeout(timer))
        socket.once('close', () => clearTimeout(timer))
      })
      req.end(init.body)
    })
    return readAnswer(response.statusCode ?? 0, response.headers, response, init.maxBodyBytes, init.signal)
  }

  destroy(): void {
    for (const c of [this.http, this.https]) void c?.then(x => x.agent.destroy())
  }
}

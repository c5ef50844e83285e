/**
 * A request straight to its server, on Node's own HTTP client (`node:http`, and `node:https` loaded for the first
 * https URL): keep-alive agents, the deadline's name lookup on every connection, a connect timeout, TLS always
 * verified (Node's defaults: the system's CAs plus NODE_EXTRA_CA_CERTS). No redirect is ever followed here (the
 * client decides, http/client.ts). Node's HTTP parser is native, so a run pays no compile of a second HTTP stack for
 * its requests (undici loads only behind a proxy: proxied.ts).
 */
import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  type RequestOptions
} from 'node:http'
import type { Agent as HttpsAgent } from 'node:https'
import { readAnswer, wireHeaders, type Answer, type SendInit } from './answer.js'
import type { Lookup } from './lookup.js'

const CONNECT_TIMEOUT_MS = 10_000
const AGENT_OPTIONS = { keepAlive: true, maxSockets: 8 }

/** The keep-alive agents of one run, one per scheme; `destroy` closes every socket they hold. */
export class DirectAgents {
  private http: HttpAgent | undefined
  private https: Promise<{ agent: HttpsAgent; request: typeof httpRequest }> | undefined

  constructor(private readonly lookup: Lookup) {}

  async send(url: URL, init: SendInit): Promise<Answer> {
    const { agent, request } =
      url.protocol === 'https:'
        ? await (this.https ??= import('node:https').then(m => ({
            agent: new m.Agent(AGENT_OPTIONS),
            request: m.request as typeof httpRequest
          })))
        : { agent: (this.http ??= new HttpAgent(AGENT_OPTIONS)), request: httpRequest }
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const options: RequestOptions = {
        method: init.method,
        headers: wireHeaders(init),
        agent,
        lookup: this.lookup as RequestOptions['lookup'],
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
    this.http?.destroy()
    void this.https?.then(h => h.agent.destroy())
  }
}

/**
 * A request through the runner's proxy (HTTPS_PROXY, HTTP_PROXY, NO_PROXY): undici's EnvHttpProxyAgent, which
 * tunnels https with CONNECT and applies NO_PROXY itself, its connections resolving names with the deadline's lookup.
 * The request goes through the agent's own `request` (no fetch), and its answer is read as a direct one is.
 */
import type { Dispatcher } from 'undici'
import { readAnswer, wireHeaders, type Answer, type SendInit } from './answer.js'

export async function sendProxied(dispatcher: Dispatcher, url: URL, init: SendInit): Promise<Answer> {
  const res = await dispatcher.request({
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    method: init.method,
    headers: wireHeaders(init),
    body: init.body,
    signal: init.signal
  })
  return readAnswer(res.statusCode, res.headers, res.body, init.maxBodyBytes, init.signal)
}

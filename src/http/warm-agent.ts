/**
 * A keep-alive agent that can open connections before the requests that will use them are sent. When several calls
 * to one origin wait for the same thing (the run's OAuth token, or its Digest challenge), the connections they will
 * need are opened while they wait, so the calls go out together the moment they are released, instead of each
 * opening its own connection (a TCP and a TLS handshake, a round trip or two) only then. Built on the agent's
 * documented seams: `createConnection` hands a ready connection to the next request that needs a new one, and
 * `sockets`/`freeSockets` say how many the origin already has. Opening one ahead takes what the agent itself passes
 * to `createConnection`: its own options (the run's name lookup among them; __tests__/http/wire.test.ts fails if a
 * Node release stops keeping them on the agent) and the `_agentKey` its TLS sessions are kept under (undocumented:
 * if a release renames it, a connection opened ahead only misses a cached TLS session). A ready connection that is
 * never used is closed with the agent (or when the run's deadline passes); it never keeps the process alive.
 */
import type { Agent, AgentOptions, ClientRequestArgs } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'

export interface WarmAgent extends Agent {
  /**
   * Make sure `expected` requests to `host`:`port` will find a connection (at most `maxSockets`): connections it
   * already has, in use or idle, count.
   */
  warm(target: { host: string; port: number; servername?: string }, expected: number): void
}

export function warmAgent(Base: new (options: AgentOptions) => Agent, options: AgentOptions): WarmAgent {
  class Warm extends Base implements WarmAgent {
    /** Connections opened ahead of their requests, by host:port. */
    private readonly ready = new Map<string, Duplex[]>()

    override createConnection(
      options: ClientRequestArgs,
      callback?: (err: Error | null, stream: Duplex) => void
    ): Duplex | null | undefined {
      const list = this.ready.get(`${options.host}:${Number(options.port)}`)
      for (let s = list?.shift(); s; s = list?.shift()) {
        if (s.destroyed) continue
        ;(s as Socket).ref()
        return s
      }
      return super.createConnection(options, callback)
    }

    warm(target: { host: string; port: number; servername?: string }, expected: number): void {
      const key = `${target.host}:${target.port}`
      const args = {
        host: target.host,
        port: target.port,
        ...(target.servername ? { servername: target.servername } : {})
      }
      const name = this.getName(args)
      const list = this.ready.get(key) ?? []
      this.ready.set(key, list)
      const have = (this.sockets[name]?.length ?? 0) + (this.freeSockets[name]?.length ?? 0) + list.length
      for (let n = Math.min(expected, this.maxSockets) - have; n > 0; n--) {
        // The options the agent itself would connect with: its own (the run's lookup among them), the target's.
        const socket = super.createConnection({
          ...(this as unknown as { options: AgentOptions }).options,
          ...args,
          _agentKey: name,
          encoding: null
        } as ClientRequestArgs)
        if (!socket) return
        ;(socket as Socket).unref()
        // A connection that fails before it is used is dropped; the request that would have used it opens its own.
        socket.on('error', () => socket.destroy())
        // Only live connections count towards the next warm.
        socket.once('close', () => list.splice(list.indexOf(socket) >>> 0, list.includes(socket) ? 1 : 0))
        list.push(socket)
      }
    }

    override destroy(): void {
      for (const list of this.ready.values()) for (const s of list) s.destroy()
      this.ready.clear()
      super.destroy()
    }
  }
  return new Warm(options)
}

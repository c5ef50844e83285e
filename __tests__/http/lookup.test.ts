/**
 * The lookup of every request (issue 19 item 8): names are resolved by a resolver whose queries end with the
 * deadline, against the sandbox's DNS responder; a resolver that never answers is abandoned when the deadline's
 * signal aborts, and the system's uncancellable lookup is never asked then; it is asked only when the resolver says
 * it cannot help (a name from /etc/hosts).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { LookupAddress } from 'node:dns'
import { DnsResponder } from '../../sandbox/dns.js'
import { deadlineLookup, resolve, type LookupOptions } from '../../src/http/lookup.js'

const dns = new DnsResponder()
let server = ''
beforeAll(async () => {
  server = await dns.listen()
  dns.addA('api.sandbox.test', '127.0.0.7')
  dns.behave('hang.sandbox.test', '*', 'hang')
})
afterAll(() => dns.close())

/** The resolver pointed at the sandbox's responder, and a system lookup that records whether it was asked. */
function world(system: (name: string) => LookupAddress[] | Error = () => new Error('not asked')) {
  const asked: string[] = []
  const options: LookupOptions = {
    servers: [server],
    serversFor: n => n.endsWith('.sandbox.test'),
    system: ((name: string, _o: unknown, cb: (e: Error | null, l: LookupAddress[]) => void) => {
      asked.push(name)
      const r = system(name)
      if (r instanceof Error) cb(r, [])
      else cb(null, r)
    }) as unknown as LookupOptions['system']
  }
  return { options, asked }
}

const FAR = () => 60_000

describe('the deadline lookup', () => {
  it('resolves a name through the resolver, not the system', async () => {
    const { options, asked } = world()
    await expect(resolve('api.sandbox.test', new AbortController().signal, FAR, options)).resolves.toEqual([
      { address: '127.0.0.7', family: 4 }
    ])
    expect(asked).toEqual([])
  })

  it('answers an IP address and localhost names itself, asking no one', async () => {
    const { options, asked } = world()
    const signal = new AbortController().signal
    await expect(resolve('203.0.113.9', signal, FAR, options)).resolves.toEqual([
      { address: '203.0.113.9', family: 4 }
    ])
    await expect(resolve('[::1]', signal, FAR, options)).resolves.toEqual([{ address: '::1', family: 6 }])
    await expect(resolve('dns-hang.localhost', signal, FAR, options)).resolves.toEqual([
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 }
    ])
    expect(asked).toEqual([])
    expect(dns.queries.filter(q => q.name.includes('localhost'))).toEqual([])
  })

  it('abandons a resolver that never answers when the deadline aborts, and never asks the system then', async () => {
    const { options, asked } = world()
    const deadline = new AbortController()
    const pending = resolve('hang.sandbox.test', deadline.signal, FAR, options)
    // The query reached the responder (which keeps it), then the deadline passes.
    await waitFor(() => dns.queries.some(q => q.name === 'hang.sandbox.test'))
    deadline.abort()
    await expect(pending).rejects.toMatchObject({ code: 'ECANCELLED' })
    expect(asked).toEqual([])
  })

  it('gives up on its own when no time is left, without the system', async () => {
    const { options, asked } = world()
    await expect(
      resolve('hang.sandbox.test', new AbortController().signal, () => 1, options)
    ).rejects.toMatchObject({
      code: expect.stringMatching(/^(ETIMEOUT|ECANCELLED)$/)
    })
    expect(asked).toEqual([])
  })

  it('asks the system when the resolver says the name is not in DNS (a name from /etc/hosts)', async () => {
    const { options, asked } = world(() => [{ address: '10.1.2.3', family: 4 }])
    await expect(
      resolve('hosts-only.sandbox.test', new AbortController().signal, FAR, options)
    ).resolves.toEqual([{ address: '10.1.2.3', family: 4 }])
    expect(asked).toEqual(['hosts-only.sandbox.test'])
  })

  it('answers net.connect in both of its shapes', async () => {
    const { options } = world()
    const lookup = deadlineLookup(new AbortController().signal, FAR, options)
    const one = await new Promise(ok => lookup('api.sandbox.test', {}, (e, a, f) => ok({ e, a, f })))
    const all = await new Promise(ok => lookup('api.sandbox.test', { all: true }, (e, a) => ok({ e, a })))
    // Not in DNS, and the system (asked then) does not know it either: its error reaches net.connect.
    const gone = await new Promise(ok => lookup('nowhere.sandbox.test', { all: true }, e => ok(e?.message)))
    expect(one).toEqual({ e: null, a: '127.0.0.7', f: 4 })
    expect(all).toEqual({ e: null, a: [{ address: '127.0.0.7', family: 4 }] })
    expect(gone).toBe('not asked')
  })
})

/** Resolve once `done()` holds, checking on each turn of the event loop (no timer decides the outcome). */
async function waitFor(done: () => boolean): Promise<void> {
  while (!done()) await new Promise(r => setImmediate(r))
}

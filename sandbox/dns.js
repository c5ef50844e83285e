// A small real DNS responder over UDP on a loopback port (free port, never fixed), authoritative for the names the
// sandbox gives it: SRV, TXT and A (and AAAA, answered empty) records, enough for a `mongodb+srv://` connection
// string (SRV `_mongodb._tcp.<name>`, TXT `<name>`, A for each SRV target). No DNS library is installed in this
// repository, so the wire format (RFC 1035, SRV RFC 2782) is encoded and decoded here, for these few types only.
//
// Any name can be made to misbehave, per record type or for all types ('*'):
//   'hang'      the query is read and never answered (the client's resolver times out)
//   'nxdomain'  RCODE 3, the name does not exist
//   'servfail'  RCODE 2, the server failed
// A name the responder does not know answers NXDOMAIN; a known name without a record of the asked type answers
// NOERROR with no answer (NODATA). Point a resolver at it only from code or tests, e.g.
//   const r = new (await import('node:dns')).promises.Resolver({ timeout: 500, tries: 1 })
//   r.setServers([sandbox.dnsServer]) // '127.0.0.1:PORT'
import { createSocket } from 'node:dgram'

export const TYPES = /** @type {const} */ ({ A: 1, TXT: 16, AAAA: 28, SRV: 33 })
const TYPE_NAMES = Object.fromEntries(Object.entries(TYPES).map(([k, v]) => [v, k]))
const RCODE = /** @type {const} */ ({ NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3 })

/**
 * @typedef {{ priority?: number, weight?: number, port: number, target: string }} SrvRecord
 * @typedef {'ok' | 'hang' | 'nxdomain' | 'servfail'} Behaviour
 * @typedef {{ name: string, type: string, answer: string }} QueryLog
 */

export class DnsResponder {
  constructor({ ttl = 60 } = {}) {
    this.ttl = ttl
    /** @type {Map<string, { A: string[], TXT: string[][], SRV: SrvRecord[] }>} */
    this.zone = new Map()
    /** @type {Map<string, Behaviour>} keyed `${name} ${type}` or `${name} *` */
    this.behaviours = new Map()
    /** Every query, in arrival order, with what it got ('answer' | 'nodata' | 'nxdomain' | 'servfail' | 'hang'). */
    /** @type {QueryLog[]} */
    this.queries = []
    /** @type {import('node:dgram').Socket | undefined} */
    this.socket = undefined
    this.address = ''
  }

  /** @param {string} name */
  entry(name) {
    const key = norm(name)
    let e = this.zone.get(key)
    if (!e) this.zone.set(key, (e = { A: [], TXT: [], SRV: [] }))
    return e
  }

  /** @param {string} name @param {string} ipv4 */
  addA(name, ipv4) {
    this.entry(name).A.push(ipv4)
  }

  /** @param {string} name @param {string | string[]} text one TXT record (its character-strings) */
  addTxt(name, text) {
    this.entry(name).TXT.push(Array.isArray(text) ? text : [text])
  }

  /** @param {string} name @param {SrvRecord} srv */
  addSrv(name, srv) {
    this.entry(name).SRV.push(srv)
  }

  /** @param {string} name @param {'A' | 'TXT' | 'SRV' | 'AAAA' | '*'} type @param {Behaviour} behaviour */
  behave(name, type, behaviour) {
    this.behaviours.set(`${norm(name)} ${type}`, behaviour)
  }

  /** @param {string} [host] @param {number} [port] @returns {Promise<string>} "host:port" */
  async listen(host = '127.0.0.1', port = 0) {
    const socket = createSocket('udp4')
    socket.on('message', (msg, rinfo) => {
      const reply = this.answer(msg)
      if (reply) socket.send(reply, rinfo.port, rinfo.address)
    })
    socket.on('error', () => undefined)
    await new Promise((resolve, reject) => {
      socket.once('error', reject)
      socket.bind(port, host, () => resolve(undefined))
    })
    this.socket = socket
    this.address = `${host}:${socket.address().port}`
    return this.address
  }

  async close() {
    const s = this.socket
    this.socket = undefined
    if (s) await new Promise(resolve => s.close(() => resolve(undefined)))
  }

  /**
   * The reply to one query message, or undefined when it gets none (malformed beyond a header, or 'hang').
   * @param {Buffer} msg
   */
  answer(msg) {
    const q = decodeQuery(msg)
    if (!q) return msg.length >= 12 ? encodeReply(msg, undefined, RCODE.FORMERR, []) : undefined
    const typeName = TYPE_NAMES[q.type] ?? String(q.type)
    const name = norm(q.name)
    const behaviour = this.behaviours.get(`${name} ${typeName}`) ?? this.behaviours.get(`${name} *`) ?? 'ok'
    const e = this.zone.get(name)
    const outcome =
      behaviour !== 'ok' ? behaviour : !e ? 'nxdomain' : q.type in TYPE_NAMES ? 'answer' : 'nodata'
    /** @type {Buffer[]} */
    let rdatas = []
    if (outcome === 'answer' && e) {
      if (q.type === TYPES.A) rdatas = e.A.map(ip => Buffer.from(ip.split('.').map(Number)))
      else if (q.type === TYPES.TXT) rdatas = e.TXT.map(encodeTxt)
      else if (q.type === TYPES.SRV) rdatas = e.SRV.map(encodeSrv)
    }
    this.queries.push({
      name,
      type: typeName,
      answer: outcome === 'answer' && !rdatas.length ? 'nodata' : outcome
    })
    if (outcome === 'hang') return undefined
    if (outcome === 'servfail') return encodeReply(msg, q, RCODE.SERVFAIL, [])
    if (outcome === 'nxdomain') return encodeReply(msg, q, RCODE.NXDOMAIN, [])
    return encodeReply(
      msg,
      q,
      RCODE.NOERROR,
      rdatas.map(rdata => ({ type: q.type, ttl: this.ttl, rdata }))
    )
  }
}

/** @param {string} name */
function norm(name) {
  return name.toLowerCase().replace(/\.$/, '')
}

/**
 * The first question of a query: its name, type, class and where it ends.
 * @param {Buffer} msg
 * @returns {{ name: string, type: number, qclass: number, end: number } | undefined}
 */
export function decodeQuery(msg) {
  if (msg.length < 12) return undefined
  if (msg[2] & 0x80) return undefined // a response, not a query
  if (msg.readUInt16BE(4) < 1) return undefined
  const labels = []
  let i = 12
  for (;;) {
    if (i >= msg.length) return undefined
    const len = msg[i]
    if (len === 0) break
    if (len > 63 || i + 1 + len > msg.length) return undefined // no compression in a question we accept
    labels.push(msg.toString('latin1', i + 1, i + 1 + len))
    i += 1 + len
  }
  i += 1
  if (i + 4 > msg.length) return undefined
  return { name: labels.join('.'), type: msg.readUInt16BE(i), qclass: msg.readUInt16BE(i + 2), end: i + 4 }
}

/** @param {string} name */
export function encodeName(name) {
  const parts = norm(name)
    .split('.')
    .filter(Boolean)
    .map(l => {
      const b = Buffer.from(l, 'latin1')
      if (b.length > 63) throw new Error(`DNS label too long: ${l}`)
      return Buffer.concat([Buffer.from([b.length]), b])
    })
  return Buffer.concat([...parts, Buffer.from([0])])
}

/** @param {string[]} strings */
function encodeTxt(strings) {
  return Buffer.concat(
    strings.map(s => {
      const b = Buffer.from(s, 'utf8')
      if (b.length > 255) throw new Error('TXT character-string longer than 255 bytes')
      return Buffer.concat([Buffer.from([b.length]), b])
    })
  )
}

/** @param {SrvRecord} s */
function encodeSrv(s) {
  const head = Buffer.alloc(6)
  head.writeUInt16BE(s.priority ?? 0, 0)
  head.writeUInt16BE(s.weight ?? 0, 2)
  head.writeUInt16BE(s.port, 4)
  return Buffer.concat([head, encodeName(s.target)])
}

/**
 * A reply to `msg`: same id and opcode, QR and AA set, RD copied, RA set; the question echoed byte for byte (so a
 * client's 0x20 case randomisation survives); each answer's owner a pointer to the question name (offset 12).
 * @param {Buffer} msg @param {{ end: number } | undefined} q @param {number} rcode
 * @param {{ type: number, ttl: number, rdata: Buffer }[]} answers
 */
export function encodeReply(msg, q, rcode, answers) {
  const header = Buffer.alloc(12)
  header.writeUInt16BE(msg.readUInt16BE(0), 0)
  const flags = msg.readUInt16BE(2)
  header.writeUInt16BE(0x8000 | (flags & 0x7800) | 0x0400 | (flags & 0x0100) | 0x0080 | rcode, 2)
  header.writeUInt16BE(q ? 1 : 0, 4)
  header.writeUInt16BE(answers.length, 6)
  const question = q ? msg.subarray(12, q.end) : Buffer.alloc(0)
  const records = answers.map(a => {
    const fixed = Buffer.alloc(12)
    fixed.writeUInt16BE(0xc00c, 0)
    fixed.writeUInt16BE(a.type, 2)
    fixed.writeUInt16BE(1, 4) // class IN
    fixed.writeUInt32BE(a.ttl, 6)
    fixed.writeUInt16BE(a.rdata.length, 10)
    return Buffer.concat([fixed, a.rdata])
  })
  return Buffer.concat([header, question, ...records])
}

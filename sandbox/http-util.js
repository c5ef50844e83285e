// Small helpers shared by the sandbox's three services.

/** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} body @param {Record<string,string>} [headers] */
export function sendJson(res, status, body, headers = {}) {
  const text = body === undefined ? '' : JSON.stringify(body)
  // Atlas names an error's code in an X-Error-Code header too (real recorded answers, atlas-round3.md §1).
  const code =
    status >= 400 && body && typeof body === 'object' && typeof body.errorCode === 'string'
      ? { 'x-error-code': body.errorCode }
      : {}
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...code,
    ...headers
  })
  res.end(text)
}

/** @param {import('node:http').IncomingMessage} req @returns {Promise<string>} */
export function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = []
    let size = 0
    req.on('data', c => {
      size += c.length
      if (size > 1024 * 1024) req.destroy()
      else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** @param {string} ip @param {string} cidr */
export function inCidr(ip, cidr) {
  const [net, bitsRaw] = cidr.includes('/') ? cidr.split('/') : [cidr, ip.includes(':') ? '128' : '32']
  const bits = Number(bitsRaw)
  const a = toBig(ip)
  const n = toBig(net)
  if (a === undefined || n === undefined || a.v6 !== n.v6) return false
  const width = a.v6 ? 128n : 32n
  if (bits === 0) return true
  const shift = width - BigInt(bits)
  return a.value >> shift === n.value >> shift
}

/** @param {string} ip */
function toBig(ip) {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(ip))
    return { v6: false, value: ip.split('.').reduce((acc, o) => (acc << 8n) + BigInt(Number(o)), 0n) }
  if (!ip.includes(':')) return undefined
  const [head, tail] = ip.split('::')
  const h = head ? head.split(':') : []
  const t = tail !== undefined ? (tail ? tail.split(':') : []) : []
  const parts = tail !== undefined ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h
  if (parts.length !== 8) return undefined
  return { v6: true, value: parts.reduce((acc, p) => (acc << 16n) + BigInt(parseInt(p || '0', 16)), 0n) }
}

export function requestId() {
  return `req_${Math.random().toString(36).slice(2, 14)}`
}

// The reference the benchmark compares the action with: the same calls a careful hand-written curl script would
// make, one after another, each on a new connection (`curl --digest` challenges every call; a script reuses the one
// token it fetched). Run as its own process: node bench/sequential-client.js PLAN.json; prints {"ms":N,"calls":N}.
//
// PLAN.json: { calls: [{ url, method, accept?, auth: 'none'|'basic'|'bearer'|'digest', form? }],
//              apiKey?: { user, password }, client?: { id, secret } }
import { request } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { createHash, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const started = performance.now()
let token
let roundTrips = 0

/** One request on a fresh connection (agent: false, Connection: close). */
function send(url, { method = 'GET', headers = {}, body } = {}) {
  roundTrips++
  const u = new URL(url)
  const lib = u.protocol === 'https:' ? httpsRequest : request
  return new Promise((resolve, reject) => {
    const req = lib(u, { method, agent: false, headers: { connection: 'close', ...headers } }, res => {
      const chunks = []
      res.on('data', c => chunks.push(c))
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() })
      )
    })
    req.on('error', reject)
    if (body) req.end(body)
    else req.end()
  })
}

const md5 = s => createHash('md5').update(s).digest('hex')

function digestHeader(challenge, { user, password }, method, uri) {
  const get = k => new RegExp(`${k}="?([^",]*)"?`, 'i').exec(challenge)?.[1] ?? ''
  const realm = get('realm')
  const nonce = get('nonce')
  const qop = 'auth'
  const nc = '00000001'
  const cnonce = randomBytes(8).toString('hex')
  const ha1 = md5(`${user}:${realm}:${password}`)
  const ha2 = md5(`${method}:${uri}`)
  const response = md5(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`)
  return `Digest username="${user}", realm="${realm}", nonce="${nonce}", uri="${uri}", qop=${qop}, nc=${nc}, cnonce="${cnonce}", response="${response}", algorithm=MD5`
}

const unexpected = []
for (const call of plan.calls) {
  const headers = call.accept ? { accept: call.accept } : {}
  let res
  if (call.auth === 'basic') {
    const basic = Buffer.from(`${plan.client.id}:${plan.client.secret}`).toString('base64')
    res = await send(call.url, {
      method: 'POST',
      headers: {
        ...headers,
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded'
      },
      body: 'grant_type=client_credentials'
    })
    token = JSON.parse(res.body).access_token
  } else if (call.auth === 'bearer') {
    const key = new URL(call.url).origin === plan.aiOrigin ? plan.aiKey : token
    res = await send(call.url, { headers: { ...headers, authorization: `Bearer ${key}` } })
  } else if (call.auth === 'digest') {
    // curl --digest: an unauthenticated request for the challenge, then the authenticated one.
    const challenge = await send(call.url, { headers })
    const u = new URL(call.url)
    const auth = digestHeader(
      challenge.headers['www-authenticate'] ?? '',
      plan.apiKey,
      'GET',
      u.pathname + u.search
    )
    res = await send(call.url, { headers: { ...headers, authorization: auth } })
  } else {
    res = await send(call.url, { headers })
  }
  if (res.status !== call.expectStatus)
    unexpected.push(
      `${call.method} ${new URL(call.url).pathname}: ${res.status}, the action saw ${call.expectStatus}`
    )
}
console.log(
  JSON.stringify({ ms: performance.now() - started, calls: plan.calls.length, roundTrips, unexpected })
)

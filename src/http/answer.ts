/**
 * One request as it goes on the wire, and its answer as the rest of the run sees it: the status, the headers (names
 * lower-case, repeated values joined with ", "), and the body read whole, decoded, bounded. Both wires (direct.ts on
 * Node's own HTTP, proxied.ts through undici's proxy agent) read their answers with `readAnswer`.
 */
import type { Readable } from 'node:stream'

/** DELETE is idempotent (callers retry it like a GET); a POST is retried only when the caller says it changes nothing. */
export type Method = 'GET' | 'POST' | 'DELETE'

export interface SendInit {
  method: Method
  headers: Record<string, string>
  body?: string
  /** Aborts the request and the reading of its answer (the attempt's timeout and the run's deadline). */
  signal: AbortSignal
  /** The largest body read; a larger one is abandoned unread. */
  maxBodyBytes: number
}

export interface Answer {
  status: number
  headers: Record<string, string>
  /** The body as text, or `too-large` when it passed `maxBodyBytes` (declared or while reading). */
  body: string | 'too-large'
}

/** Sends one request and reads its answer. Rejects on a network failure (http/errors.ts describes it). */
export type Send = (url: URL, init: SendInit) => Promise<Answer>

/**
 * What every request asks for besides the caller's headers: any type, and no content coding (a server that encodes
 * anyway is decoded, see `readAnswer`). Names are lower-cased so a caller's `Authorization` replaces nothing twice.
 */
export function wireHeaders(init: SendInit): Record<string, string> {
  const headers: Record<string, string> = { accept: '*/*', 'accept-encoding': 'identity' }
  for (const [k, v] of Object.entries(init.headers)) headers[k.toLowerCase()] = v
  if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body))
  return headers
}

/** Header values as one string each (a repeated header's values joined with ", ", as fetch's Headers does). */
function flatHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(raw))
    if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
  return headers
}

/**
 * Reads an answer's body whole, up to `max` bytes after decoding, and abandons it (destroying the stream) as soon as
 * it is declared or found larger, or when `signal` aborts (the reading then rejects with the signal's reason).
 */
export async function readAnswer(
  status: number,
  rawHeaders: Record<string, string | string[] | undefined>,
  body: Readable,
  max: number,
  signal: AbortSignal
): Promise<Answer> {
  const headers = flatHeaders(rawHeaders)
  const declared = Number(headers['content-length'] ?? NaN)
  if (Number.isFinite(declared) && declared > max) {
    body.destroy()
    return { status, headers, body: 'too-large' }
  }
  const stream = await decoded(status, body, headers['content-encoding'])
  // Abandoning the decoded stream leaves the socket's own stream to destroy: both go, so no connection stays busy.
  const destroyBoth = (err?: Error) => {
    stream.destroy(err)
    if (stream !== body) body.destroy()
  }
  const abandon = () => destroyBoth(signal.reason instanceof Error ? signal.reason : new Error('aborted'))
  if (signal.aborted) abandon()
  signal.addEventListener('abort', abandon, { once: true })
  try {
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length
      if (size > max) {
        destroyBoth()
        return { status, headers, body: 'too-large' }
      }
      chunks.push(chunk)
    }
    return { status, headers, body: Buffer.concat(chunks).toString('utf8') }
  } catch (err) {
    destroyBoth()
    throw err
  } finally {
    signal.removeEventListener('abort', abandon)
  }
}

/**
 * The body decoded when the server applied a content coding anyway (gzip, deflate, br); zlib loads only then. Like
 * fetch, a body cut short or empty ends what was decoded instead of failing (`finishFlush`), and an answer that has no
 * body (204, 304) is not decoded at all.
 */
async function decoded(status: number, body: Readable, encoding: string | undefined): Promise<Readable> {
  const coding = encoding?.trim().toLowerCase()
  if (!coding || coding === 'identity' || status === 204 || status === 304) return body
  const zlib = await import('node:zlib')
  const flush = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH }
  const decoder =
    coding === 'gzip' || coding === 'x-gzip'
      ? zlib.createGunzip(flush)
      : coding === 'deflate'
        ? zlib.createInflate(flush)
        : coding === 'br'
          ? zlib.createBrotliDecompress({
              flush: zlib.constants.BROTLI_OPERATION_FLUSH,
              finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH
            })
          : undefined
  if (!decoder) return body
  body.on('error', err => decoder.destroy(err))
  return body.pipe(decoder)
}

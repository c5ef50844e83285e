/** Network failures in words a user can act on. Never includes a URL query or a header. */

export type FailureKind =
  | 'timeout'
  | 'deadline'
  | 'refused'
  | 'reset'
  | 'dns'
  | 'tls'
  | 'too-large'
  | 'redirect'
  | 'untrusted'
  | 'network'

export interface NetFailure {
  kind: FailureKind
  message: string
  /** For redirects: the origin it pointed to. */
  location?: string
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS/i

export function describeError(err: unknown, host: string, timedOut: boolean, deadline: boolean): NetFailure {
  if (deadline)
    return {
      kind: 'deadline',
      message: `no answer from ${host} before the preflight's deadline (timeout-seconds)`
    }
  if (timedOut) return { kind: 'timeout', message: `${host} did not answer in time` }
  const code = errorCode(err)
  if (code && TLS_CODES.test(code))
    return {
      kind: 'tls',
      message: `the TLS certificate of ${host} could not be verified (${code}); nothing was sent`
    }
  switch (code) {
    case 'ECONNREFUSED':
      return { kind: 'refused', message: `${host} refused the connection` }
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return { kind: 'reset', message: `the connection to ${host} was closed before the answer was complete` }
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { kind: 'dns', message: `the name ${host} could not be resolved (DNS)` }
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'ETIMEDOUT':
      return { kind: 'timeout', message: `${host} did not answer in time` }
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return { kind: 'network', message: `no route to ${host} from this runner` }
  }
  const msg = err instanceof Error ? err.message : ''
  if (/terminated|other side closed|socket/i.test(msg)) {
    return { kind: 'reset', message: `the connection to ${host} was closed before the answer was complete` }
  }
  return { kind: 'network', message: `the request to ${host} failed (${code ?? 'network error'})` }
}

function errorCode(err: unknown): string | undefined {
  let e: unknown = err
  for (let i = 0; i < 5 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') return code
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}

/**
 * How a request to the Atlas Administration API carries the credential: one object per mode behind one interface
 * (as google-github-actions/auth has one client class per mode), so the client has no branch on the mode.
 *
 * - `DigestAuth` (an API key pair): HTTP Digest through the session's transport; a 401 with a fresh challenge during
 *   writes is worth one retry (concurrent writes draw spurious replay rejections).
 * - `BearerAuth` (a service account): the cached OAuth token as a Bearer header; a token that cannot be minted is
 *   the request's failure.
 */
import type { HttpResult, Transport } from '../../http/client.js'
import { classify, type AtlasFailure } from '../errors.js'
import type { DigestSession } from './digest.js'
import type { TokenProvider } from './oauth.js'

export type Authorized = { ok: true; transport?: Transport } | { ok: false; failure: AtlasFailure }

export interface Authorizer {
  /** The credential family, as the report names it. */
  readonly method: 'api-key' | 'service-account'
  /** How Atlas's refusals of this mode are read (errors.ts). */
  readonly kind: 'digest' | 'bearer'
  /** Adds the credential to `headers`, or names the transport that will (Digest). */
  authorize(headers: Record<string, string>): Promise<Authorized>
  /** After a refusal: whether sending again with renewed credentials is worth it. */
  renew(result: HttpResult): boolean
}

export class DigestAuth implements Authorizer {
  readonly method = 'api-key'
  readonly kind = 'digest'
  constructor(readonly session: DigestSession) {}

  async authorize(): Promise<Authorized> {
    return { ok: true, transport: this.session.transport }
  }

  renew(result: HttpResult): boolean {
    return result.ok && this.session.renew(result.headers['www-authenticate'])
  }
}

export class BearerAuth implements Authorizer {
  readonly method = 'service-account'
  readonly kind = 'bearer'
  constructor(readonly tokens: TokenProvider) {}

  async authorize(headers: Record<string, string>): Promise<Authorized> {
    const token = await this.tokens.token()
    if (!token.ok) return { ok: false, failure: classify(token.result, 'token') ?? { kind: 'unexpected' } }
    headers['authorization'] = `Bearer ${token.accessToken}`
    return { ok: true }
  }

  renew(): boolean {
    return false
  }
}

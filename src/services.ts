/**
 * The run's shared services, built once from the config: one HTTP layer, the Atlas client (Digest session or
 * token cache) and the Atlas Cloud client. Checks get them through their context and never build their own.
 */
import { atlasAuthMethod, type Config } from './config/config.js'
import { Deadline } from './http/deadline.js'
import { HttpClient, type HttpClientOptions, type HttpEvent } from './http/client.js'
import { DigestSession } from './atlas/auth/digest.js'
import { TokenProvider } from './atlas/auth/oauth.js'
import { AtlasClient } from './atlas/client.js'
import { BearerAuth, DigestAuth } from './atlas/auth/authorizer.js'
import { AtlasCloudClient } from './atlascloud/client.js'
import { ManagementClient } from './atlascloud/management.js'
import { ModelHostClient } from './voyage/client.js'
import type { Redactor } from './trust/redact.js'
import { Prober, type NetOptions } from './net/prober.js'
import { testNetOptions } from './net/test-hooks.js'
import { VERSION } from './version.js'

export interface Services {
  http: HttpClient
  atlas?: AtlasClient
  tokens?: TokenProvider
  digest?: DigestSession
  ai?: AtlasCloudClient
  /** The Atlas Cloud Management API (reads only), with `ai-management-key`. */
  management?: ManagementClient
  /** The embeddings host of `model-api-key`, built only when the live proof is asked for. */
  model?: ModelHostClient
  /** The cluster path's prober (DNS, TCP, TLS; nothing sent after the handshake). Built for every run: no I/O. */
  net?: Prober
  redactor: Redactor
  /** Called with every secret minted during the run (tokens), so adapters can mask it. */
  onSecret: (secret: string) => void
}

export interface ServiceOptions {
  deadline: Deadline
  redactor: Redactor
  onSecret: (secret: string) => void
  onHttpEvent?: (e: HttpEvent) => void
  http?: Partial<HttpClientOptions>
  /** The prober's resolver, CA and timeouts, from code and tests only. */
  net?: NetOptions
  /** The process environment: read only for the test-only hooks of the prober and the lookup (src/net/test-hooks.ts). */
  env?: Readonly<Record<string, string | undefined>>
}

export function buildServices(config: Config, options: ServiceOptions): Services {
  const trusted = new Set<string>([new URL(config.atlas.baseUrl).origin, new URL(config.ai.baseUrl).origin])
  const netOptions = options.net ?? testNetOptions(options.env ?? {})
  // The model host is trusted only when the user asked for the live proof: otherwise no request goes there.
  const proving = config.model.apiKey !== undefined && config.model.proof
  if (proving) trusted.add(new URL(config.model.baseUrl).origin)
  const http = new HttpClient({
    deadline: options.deadline,
    trustedOrigins: trusted,
    userAgent: `atlas-preflight/${VERSION}`,
    onEvent: options.onHttpEvent,
    redact: text => options.redactor.redact(text),
    // The resolver's servers for the test-only domain, as the probes have them (net/test-hooks.ts).
    lookup: netOptions?.dns,
    ...options.http
  })
  const onSecret = (s: string) => {
    options.redactor.add(s)
    options.onSecret(s)
  }
  const services: Services = {
    http,
    redactor: options.redactor,
    onSecret,
    net: new Prober(options.deadline, netOptions)
  }
  const method = atlasAuthMethod(config)
  if (method === 'service-account') {
    services.tokens = new TokenProvider(
      http,
      config.atlas.baseUrl,
      config.atlas.clientId!,
      config.atlas.clientSecret!,
      onSecret
    )
    services.atlas = new AtlasClient(http, config.atlas.baseUrl, new BearerAuth(services.tokens))
  } else if (method === 'api-key') {
    services.digest = new DigestSession(config.atlas.publicKey!, config.atlas.privateKey!)
    services.atlas = new AtlasClient(http, config.atlas.baseUrl, new DigestAuth(services.digest))
  }
  if (config.ai.apiKey !== undefined)
    services.ai = new AtlasCloudClient(http, config.ai.baseUrl, config.ai.apiKey)
  if (config.ai.managementKey !== undefined)
    services.management = new ManagementClient(http, config.ai.baseUrl, config.ai.managementKey)
  if (proving) services.model = new ModelHostClient(http, config.model.baseUrl, config.model.apiKey!)
  return services
}

/**
 * secrets: which credential families were given, and whether each value has the right shape. Purely local: no
 * network. Never echoes a value; it says what is wrong with it (a newline, quotes, the wrong family) and where it
 * belongs.
 */
import type { Finding } from '../core/finding.js'
import { atlasAuthMethod, type Config } from '../config/config.js'
import { finding } from '../core/finding.js'
import { type Check } from '../check-support/check.js'
import {
  AI_PUBLIC_ID,
  CLIENT_ID,
  CLIENT_SECRET,
  HOME_INPUT,
  PRIVATE_KEY,
  PUBLIC_KEY,
  SHAPE_NAMES,
  cleaned,
  pasteProblems,
  shapeOf,
  type Family,
  type Shape
} from '../check-support/secret-formats.js'

interface Field {
  input: string
  family: Family
  expect: Shape
  valid: (v: string) => boolean
  value: (c: Config) => string | undefined
  expected: string
}

const FIELDS: Field[] = [
  {
    input: 'atlas-public-key',
    family: 'api-key',
    expect: 'public-key',
    valid: v => PUBLIC_KEY.test(v),
    value: c => c.atlas.publicKey,
    expected: '8 lowercase letters, e.g. `abcdwxyz`'
  },
  {
    input: 'atlas-private-key',
    family: 'api-key',
    expect: 'private-key',
    valid: v => PRIVATE_KEY.test(v),
    value: c => c.atlas.privateKey,
    expected: 'a UUID, e.g. `12345678-abcd-4ef0-9876-0123456789ab`'
  },
  {
    input: 'atlas-client-id',
    family: 'service-account',
    expect: 'client-id',
    valid: v => CLIENT_ID.test(v),
    value: c => c.atlas.clientId,
    expected: '`mdb_sa_id_` followed by 24 hexadecimal characters'
  },
  {
    input: 'atlas-client-secret',
    family: 'service-account',
    expect: 'client-secret',
    valid: v => CLIENT_SECRET.test(v),
    value: c => c.atlas.clientSecret,
    expected: '`mdb_sa_sk_` followed by letters, digits and underscores'
  },
  {
    input: 'ai-api-key',
    family: 'ai',
    expect: 'ai-key',
    valid: v => v.startsWith('apikey-') && !/\s/.test(v),
    value: c => c.ai.apiKey,
    expected: '`apikey-…`'
  }
]

export interface SecretsData extends Record<string, unknown> {
  given: Family[]
  /** Families whose values have an error left after `ignore`, computed by the checks that need them. */
}

export const secretsCheck: Check<SecretsData> = {
  id: 'secrets',
  title: 'Secrets',
  needs: [],
  applies: () => true,
  async run({ config }) {
    const findings: Finding[] = []
    const add = (
      id: string,
      severity: Finding['severity'],
      title: string,
      seen: string,
      fix: string,
      input: string,
      family: Family | 'none'
    ) => findings.push(finding('secrets', id, severity, title, seen, fix, { input, family }))

    const shapes = new Map<string, Shape>()
    for (const f of FIELDS) {
      const raw = f.value(config)
      if (raw === undefined) continue
      const problems = pasteProblems(f.input, raw)
      for (const p of problems) add(p.id, 'error', p.title, p.what, p.fix, f.input, f.family)
      if (problems.some(p => p.id === 'placeholder' || p.id === 'blank')) continue
      const v = cleaned(raw)
      const shape = shapeOf(v)
      shapes.set(f.input, shape)
      if (f.valid(v)) continue
      mismatch(f, v, shape, config, add)
    }

    // Public and private key swapped: one finding, not two.
    if (
      shapes.get('atlas-public-key') === 'private-key' &&
      shapes.get('atlas-private-key') === 'public-key'
    ) {
      for (let i = findings.length - 1; i >= 0; i--) {
        if (findings[i]!.id === 'secrets/wrong-family') findings.splice(i, 1)
      }
      add(
        'swapped-key-pair',
        'error',
        'Atlas public and private key are swapped',
        '`atlas-public-key` holds a UUID (a private key) and `atlas-private-key` holds 8 letters (a public key).',
        'Swap the two secrets: the public key is the 8-letter Digest user name, the private key the UUID password.',
        'atlas-public-key',
        'api-key'
      )
    }

    const a = config.atlas
    const half = (
      has: string | undefined,
      other: string | undefined,
      hasName: string,
      otherName: string,
      family: Family,
      what: string
    ) => {
      if (has !== undefined && other === undefined)
        add(
          'half-pair',
          'error',
          `\`${otherName}\` is missing`,
          `\`${hasName}\` is set but \`${otherName}\` is not: ${what} needs both halves.`,
          `Set \`${otherName}\` (if it is set in the workflow, the secret behind it is empty or not available to this workflow: secrets are not passed to workflows from forks or to Dependabot runs).`,
          otherName,
          family
        )
    }
    half(
      a.publicKey,
      a.privateKey,
      'atlas-public-key',
      'atlas-private-key',
      'api-key',
      'an Atlas API key pair'
    )
    half(
      a.privateKey,
      a.publicKey,
      'atlas-private-key',
      'atlas-public-key',
      'api-key',
      'an Atlas API key pair'
    )
    half(
      a.clientId,
      a.clientSecret,
      'atlas-client-id',
      'atlas-client-secret',
      'service-account',
      'an Atlas service account'
    )
    half(
      a.clientSecret,
      a.clientId,
      'atlas-client-secret',
      'atlas-client-id',
      'service-account',
      'an Atlas service account'
    )

    // The origin article's OAuth flow for the AI API does not exist: diagnose, never use.
    for (const [input, value] of [
      ['ai-client-id', config.ai.clientId],
      ['ai-client-secret', config.ai.clientSecret]
    ] as const) {
      if (value === undefined) continue
      const shape = shapeOf(value)
      const atlasHome = shape === 'client-id' || shape === 'client-secret' ? HOME_INPUT[shape] : undefined
      add(
        'ai-client-credentials',
        'error',
        'Atlas Cloud AI takes one API key, not a client id and secret',
        `\`${input}\` is set. Atlas Cloud AI authenticates with a single API key sent as a Bearer token; it has no client-credentials exchange${atlasHome ? `, and this value is ${SHAPE_NAMES[shape]}, a MongoDB Atlas service account credential` : ''}.`,
        atlasHome
          ? `Move this value to \`${atlasHome}\` (it is a MongoDB Atlas credential), and put your Atlas Cloud API key (Console → API Keys) in \`ai-api-key\`.`
          : 'Create an API key in the Atlas Cloud console (API Keys → Create API Key), store it as a secret and pass it as `ai-api-key`; remove `ai-client-id`/`ai-client-secret`.',
        input,
        'ai'
      )
    }

    const given: Family[] = []
    if (a.publicKey !== undefined || a.privateKey !== undefined) given.push('api-key')
    if (a.clientId !== undefined || a.clientSecret !== undefined) given.push('service-account')
    if (config.ai.apiKey !== undefined) given.push('ai')

    if (given.includes('api-key') && given.includes('service-account')) {
      add(
        'two-atlas-credentials',
        'warning',
        'Both an Atlas API key and a service account were given',
        'Both `atlas-public-key`/`atlas-private-key` and `atlas-client-id`/`atlas-client-secret` are set; the service account is the one checked.',
        'Pass only the credential your deployment uses, so the preflight checks exactly that one.',
        'atlas-client-id',
        'service-account'
      )
    }
    if (given.length === 0 && config.ai.clientId === undefined && config.ai.clientSecret === undefined) {
      add(
        'no-credentials',
        'error',
        'No credentials were given',
        'None of `atlas-public-key`, `atlas-private-key`, `atlas-client-id`, `atlas-client-secret` or `ai-api-key` has a value.',
        'Pass the credentials to check, e.g. `atlas-client-id: ${{ secrets.ATLAS_CLIENT_ID }}`. If they are set in the workflow, the secrets are empty here: secrets are not passed to workflows from forks or to Dependabot runs, and environment secrets need the job to name its `environment:`.',
        'none',
        'none'
      )
    }

    const method = atlasAuthMethod(config)
    if (findings.length === 0) {
      const names = {
        'api-key': 'Atlas API key pair',
        'service-account': 'Atlas service account',
        ai: 'Atlas Cloud AI key'
      }
      findings.push(
        finding(
          'secrets',
          'ok',
          'notice',
          'Secrets look right',
          `Given: ${given.map(g => names[g]).join(', ')}; every value has the expected shape.`,
          'Nothing to do.'
        )
      )
    }
    return { findings, data: { given }, outputs: { 'auth-method': method } }
  }
}

function mismatch(
  f: Field,
  v: string,
  shape: Shape,
  config: Config,
  add: (
    id: string,
    severity: Finding['severity'],
    title: string,
    seen: string,
    fix: string,
    input: string,
    family: Family
  ) => void
): void {
  const home = HOME_INPUT[shape]
  if (shape === 'redacted-private-key') {
    add(
      'redacted-private-key',
      'error',
      `\`${f.input}\` is a redacted key`,
      `\`${f.input}\` holds the masked form Atlas shows in key listings (********-****-…), not the key.`,
      'Atlas shows a private key only once, when it is created: create a new API key (or a service account) and store its private key.',
      f.input,
      f.family
    )
    return
  }
  if (f.family === 'ai') {
    if (shape === 'ai-public-id' || AI_PUBLIC_ID.test(v)) {
      add(
        'ai-public-id',
        'error',
        '`ai-api-key` is a key id, not a key',
        '`ai-api-key` holds an API key public id (ak_…), which Atlas Cloud shows in billing reports but which cannot authenticate.',
        'Pass the secret key itself (it starts with `apikey-` and is shown once, when created in Console → API Keys).',
        f.input,
        f.family
      )
      return
    }
    const atlasValues = [
      config.atlas.publicKey,
      config.atlas.privateKey,
      config.atlas.clientId,
      config.atlas.clientSecret
    ]
      .filter(Boolean)
      .map(x => cleaned(x!))
    if (
      atlasValues.includes(v) ||
      shape === 'client-id' ||
      shape === 'client-secret' ||
      shape === 'public-key'
    ) {
      add(
        'atlas-key-in-ai',
        'error',
        '`ai-api-key` holds a MongoDB Atlas credential',
        `\`ai-api-key\` holds ${SHAPE_NAMES[shape === 'unknown' ? 'private-key' : shape]}. MongoDB Atlas and Atlas Cloud AI are unrelated services with separate credentials.`,
        `Put your Atlas Cloud API key (apikey-…, from Console → API Keys) in \`ai-api-key\`${home ? ` and this value in \`${home}\`` : ''}.`,
        f.input,
        f.family
      )
      return
    }
    add(
      'ai-key-prefix',
      'warning',
      '`ai-api-key` does not start with `apikey-`',
      `Atlas Cloud API keys start with \`apikey-\`; this one does not${shape === 'private-key' ? ' (it is a UUID, which could be an older Atlas Cloud key or a MongoDB Atlas private key)' : ''}.`,
      'If the balance check below passes, the key is fine; otherwise create a new key in Console → API Keys.',
      f.input,
      f.family
    )
    return
  }
  if (home && home !== f.input) {
    const partner: Record<string, string> = {
      'atlas-client-secret': 'atlas-client-id',
      'atlas-client-id': 'atlas-client-secret',
      'atlas-public-key': 'atlas-private-key',
      'atlas-private-key': 'atlas-public-key'
    }
    const fix =
      shape === 'ai-key'
        ? `Move it to \`ai-api-key\`; \`${f.input}\` needs an Atlas ${f.family === 'api-key' ? 'API key' : 'service account'} credential.`
        : `Move it to \`${home}\`${partner[home] && HOME_INPUT[shape] ? ` (with its partner in \`${partner[home]}\`)` : ''}; \`${f.input}\` expects ${f.expected}.`
    add(
      'wrong-family',
      'error',
      `\`${f.input}\` holds ${SHAPE_NAMES[shape]}`,
      `\`${f.input}\` expects ${f.expected}, but the value is ${SHAPE_NAMES[shape]}.`,
      fix,
      f.input,
      f.family
    )
    return
  }
  add(
    'format',
    'error',
    `\`${f.input}\` is not in the expected format`,
    `\`${f.input}\` should be ${f.expected}; the value has ${v.length} characters and does not match.`,
    `Copy the value again from where it was created and save the secret behind \`${f.input}\`.`,
    f.input,
    f.family
  )
}

/** True when the secrets check left an error (after `ignore`) on a value of this family. */
export function familyBlocked(findings: readonly Finding[] | undefined, family: Family): boolean {
  return (findings ?? []).some(f => f.severity === 'error' && f.data?.['family'] === family)
}

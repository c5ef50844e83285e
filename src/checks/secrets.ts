/**
 * secrets: which credential families were given, and whether each value has the right shape. Purely local: no
 * network. Never echoes a value; it says what is wrong with it (a newline, quotes, the wrong family) and where it
 * belongs.
 */
import { CREDENTIAL_VARIABLES } from '../config/inputs.js'
import { defineFindings, type Finding } from '../core/finding.js'
import { atlasAuthMethod, type Config } from '../config/config.js'
import type { Check } from '../check-support/check.js'
import { MONGODB_URI_FINDINGS, mongodbUriFindings } from '../check-support/mongodb-uri.js'
import {
  AI_PUBLIC_ID,
  CLIENT_ID,
  CLIENT_SECRET,
  HOME_INPUT,
  PASTE_FINDINGS,
  PRIVATE_KEY,
  PUBLIC_KEY,
  SHAPE_NAMES,
  pasteProblems,
  shapeOf,
  type Family,
  type Shape
} from '../check-support/secret-formats.js'
import { cleaned } from '../core/pasted.js'

const NOT_PASSED = 'secrets are not passed to workflows from forks or to Dependabot runs'

/**
 * The secrets check's findings. Most are raised titled by the input and with a fix that names where the value
 * belongs; the titles and fixes here are the general ones. Each carries `data: { input, family }`.
 */
export const FINDINGS = defineFindings(
  'secrets',
  {
    'no-credentials': {
      severity: 'error',
      title: 'No credentials were given',
      fix: `Pass the credentials to check, e.g. \`atlas-client-id: \${{ secrets.ATLAS_CLIENT_ID }}\`, or set at job level the variables the Atlas CLI and Terraform read (${CREDENTIAL_VARIABLES.join(', ')}). If they are set in the workflow, the secrets are empty here: ${NOT_PASSED}, and environment secrets need the job to name its \`environment:\`.`
    },
    'half-pair': {
      severity: 'error',
      title: 'One half of a credential pair is missing',
      fix: `Set the missing input (if it is set in the workflow, the secret behind it is empty or not available to this workflow: ${NOT_PASSED}).`
    },
    'swapped-key-pair': {
      severity: 'error',
      title: 'Atlas public and private key are swapped',
      fix: 'Swap the two secrets: the public key is the 8-letter Digest user name, the private key the UUID password.'
    },
    'redacted-private-key': {
      severity: 'error',
      title: 'A secret is a redacted key',
      fix: 'Atlas shows a private key only once, when it is created: create a new API key (or a service account) and store its private key.'
    },
    'wrong-family': {
      severity: 'error',
      title: 'A secret holds another kind of credential',
      fix: 'Move the value to the input the finding names (with its partner, for a pair); each input takes one kind of credential.'
    },
    format: {
      severity: 'error',
      title: 'A secret is not in the expected format',
      fix: 'Copy the value again from where it was created and save the secret behind the input the finding names.'
    },
    'ai-public-id': {
      severity: 'error',
      title: '`ai-api-key` is a key id, not a key',
      fix: 'Pass the secret key itself (it starts with `apikey-` and is shown once, when created in Console → API Keys).'
    },
    'atlas-key-in-ai': {
      severity: 'error',
      title: '`ai-api-key` holds a MongoDB Atlas credential',
      fix: 'Put your Atlas Cloud API key (apikey-…, from Console → API Keys) in `ai-api-key`, and the Atlas credential in the input the finding names.'
    },
    'ai-key-prefix': {
      severity: 'warning',
      title: '`ai-api-key` does not start with `apikey-`',
      fix: 'If the balance check below passes, the key is fine; otherwise create a new key in Console → API Keys.'
    },
    'ai-client-credentials': {
      severity: 'error',
      title: 'Atlas Cloud AI takes one API key, not a client id and secret',
      fix: 'Create an API key in the Atlas Cloud console (API Keys → Create API Key), store it as a secret and pass it as `ai-api-key`; remove `ai-client-id`/`ai-client-secret`. A `mdb_sa_` value there is a MongoDB Atlas service account credential: it belongs in `atlas-client-id`/`atlas-client-secret`.'
    },
    'model-key-in-ai': {
      severity: 'error',
      title: '`ai-api-key` holds an Atlas model API key (al-…)',
      fix: 'Move the value to `model-api-key`: `al-` keys are MongoDB Atlas model API keys for Voyage AI embeddings on https://ai.mongodb.com, and Atlas Cloud rejects them. Put your Atlas Cloud key (apikey-…, Console → API Keys) in `ai-api-key`.'
    },
    'management-key-in-ai': {
      severity: 'error',
      title: '`ai-api-key` holds an Atlas Cloud Management API key (mgmt-…)',
      fix: 'Move the value to `ai-management-key` (it manages projects and budgets and cannot call models), and put the model key your pipeline uses (apikey-…) in `ai-api-key`.'
    },
    'ai-key-in-model': {
      severity: 'error',
      title: '`model-api-key` holds an Atlas Cloud key (apikey-…)',
      fix: 'Move the value to `ai-api-key`: `apikey-` keys belong to Atlas Cloud (api.atlascloud.ai), which is unrelated to MongoDB. Put the Atlas model API key (al-…, Atlas → AI Models → API Keys) in `model-api-key`.'
    },
    'public-id-as-secret': {
      severity: 'error',
      title: 'A secret input holds a key public id (ak_…)',
      fix: 'An `ak_…` id names a key in Atlas Cloud billing reports and cannot authenticate: pass it as `ai-key-id`, and put the secret key itself in the input the finding names.'
    },
    'secret-in-key-id': {
      severity: 'error',
      title: '`ai-key-id` holds a secret key, not its public id',
      fix: '`ai-key-id` is not masked: rotate that key in the Atlas Cloud console now, and set `ai-key-id` to the public id (ak_…) shown next to the key, passing secrets only in secret inputs.'
    },
    'key-id-format': {
      severity: 'warning',
      title: '`ai-key-id` does not look like a key public id (ak_…)',
      fix: "Copy the key's public id (ak_…) from the Atlas Cloud console (API Keys) or a billing report."
    },
    'two-atlas-credentials': {
      severity: 'warning',
      title: 'Both an Atlas API key and a service account were given',
      fix: 'Pass only the credential your deployment uses, so the preflight checks exactly that one.'
    },
    ok: { severity: 'notice', title: 'Secrets look right', fix: 'Nothing to do.' }
  },
  [PASTE_FINDINGS, MONGODB_URI_FINDINGS]
)

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
    input: 'model-api-key',
    family: 'model',
    expect: 'model-key',
    // Keys created on Voyage's own site have no documented prefix (atlas-round3.md §4): any value of no other
    // family is accepted here, and the host rule (the model-api-key check) says which host it can work on.
    valid: v => !/\s/.test(v) && (shapeOf(v) === 'model-key' || shapeOf(v) === 'unknown'),
    value: c => c.model.apiKey,
    expected: '`al-…` (an Atlas model API key)'
  },
  {
    input: 'ai-management-key',
    family: 'management',
    expect: 'management-key',
    valid: v => v.startsWith('mgmt-') && !/\s/.test(v),
    value: c => c.ai.managementKey,
    expected: '`mgmt-…` (an Atlas Cloud Management API key)'
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
  summary:
    "Which credential families were given; each value's format; whitespace, newlines, quotes, `Bearer ` prefixes, placeholders; mix-ups between the Atlas API key pair, the Atlas service account, the Atlas Cloud AI key (`apikey-`), the Atlas model API key (`al-`), the Atlas Cloud Management API key (`mgmt-`) and key public ids (`ak_`, never a credential); half pairs. No network.",
  needs: [],
  findings: FINDINGS,
  applies: () => true,
  async run({ config }) {
    const findings: Finding[] = []

    const shapes = new Map<string, Shape>()
    for (const f of FIELDS) {
      const raw = f.value(config)
      if (raw === undefined) continue
      const problems = pasteProblems(f.input, raw, { input: f.input, family: f.family })
      findings.push(...problems)
      if (problems.some(p => p.id === 'secrets/placeholder' || p.id === 'secrets/blank')) continue
      const v = cleaned(raw)
      const shape = shapeOf(v)
      shapes.set(f.input, shape)
      if (f.valid(v)) continue
      findings.push(mismatch(f, v, shape, config))
    }

    // Public and private key swapped: one finding, not two.
    if (
      shapes.get('atlas-public-key') === 'private-key' &&
      shapes.get('atlas-private-key') === 'public-key'
    ) {
      for (let i = findings.length - 1; i >= 0; i--) {
        if (findings[i]!.id === 'secrets/wrong-family') findings.splice(i, 1)
      }
      findings.push(
        FINDINGS['swapped-key-pair'](
          '`atlas-public-key` holds a UUID (a private key) and `atlas-private-key` holds 8 letters (a public key).',
          { data: { input: 'atlas-public-key', family: 'api-key' } }
        )
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
        findings.push(
          FINDINGS['half-pair'](
            `\`${hasName}\` is set but \`${otherName}\` is not: ${what} needs both halves.`,
            {
              title: `\`${otherName}\` is missing`,
              fix: `Set \`${otherName}\` (if it is set in the workflow, the secret behind it is empty or not available to this workflow: ${NOT_PASSED}).`,
              data: { input: otherName, family }
            }
          )
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

    // An OAuth client-credentials flow for the AI API appears in some guides but in no real client: diagnose, never use.
    for (const [input, value] of [
      ['ai-client-id', config.ai.clientId],
      ['ai-client-secret', config.ai.clientSecret]
    ] as const) {
      if (value === undefined) continue
      const shape = shapeOf(value)
      const atlasHome = shape === 'client-id' || shape === 'client-secret' ? HOME_INPUT[shape] : undefined
      findings.push(
        FINDINGS['ai-client-credentials'](
          `\`${input}\` is set. Atlas Cloud AI authenticates with a single API key sent as a Bearer token; it has no client-credentials exchange${atlasHome ? `, and this value is ${SHAPE_NAMES[shape]}, a MongoDB Atlas service account credential` : ''}.`,
          {
            fix: atlasHome
              ? `Move this value to \`${atlasHome}\` (it is a MongoDB Atlas credential), and put your Atlas Cloud API key (Console → API Keys) in \`ai-api-key\`.`
              : 'Create an API key in the Atlas Cloud console (API Keys → Create API Key), store it as a secret and pass it as `ai-api-key`; remove `ai-client-id`/`ai-client-secret`.',
            data: { input, family: 'ai' }
          }
        )
      )
    }

    findings.push(...keyIdFindings(config.ai.keyId))

    const given: Family[] = []
    if (a.publicKey !== undefined || a.privateKey !== undefined) given.push('api-key')
    if (a.clientId !== undefined || a.clientSecret !== undefined) given.push('service-account')
    if (config.ai.apiKey !== undefined) given.push('ai')
    if (config.model.apiKey !== undefined) given.push('model')
    if (config.ai.managementKey !== undefined) given.push('management')

    if (given.includes('api-key') && given.includes('service-account')) {
      findings.push(
        FINDINGS['two-atlas-credentials'](
          'Both `atlas-public-key`/`atlas-private-key` and `atlas-client-id`/`atlas-client-secret` are set; the service account is the one checked.',
          { data: { input: 'atlas-client-id', family: 'service-account' } }
        )
      )
    }
    if (
      given.length === 0 &&
      config.ai.clientId === undefined &&
      config.ai.clientSecret === undefined &&
      config.mongodbUri === undefined
    ) {
      findings.push(
        FINDINGS['no-credentials'](
          `None of \`atlas-public-key\`, \`atlas-private-key\`, \`atlas-client-id\`, \`atlas-client-secret\` or \`ai-api-key\` has a value, and none of ${CREDENTIAL_VARIABLES.join(', ')} is set.`,
          { data: { input: 'none', family: 'none' } }
        )
      )
    }

    // The connection string's lint (its own module and findings table): no network, never quoted.
    findings.push(...mongodbUriFindings(config))

    const method = atlasAuthMethod(config)
    if (findings.length === 0) {
      const names = {
        'api-key': 'Atlas API key pair',
        'service-account': 'Atlas service account',
        ai: 'Atlas Cloud AI key',
        model: 'Atlas model API key',
        management: 'Atlas Cloud Management API key'
      }
      const kinds = [...given.map(g => names[g]), ...(config.mongodbUri ? ['a connection string'] : [])]
      findings.push(FINDINGS.ok(`Given: ${kinds.join(', ')}; every value has the expected shape.`))
    }
    return { findings, data: { given }, outputs: { 'auth-method': method } }
  }
}

/** The finding for a value of the wrong shape: what it looks like instead, and where it belongs. */
function mismatch(f: Field, v: string, shape: Shape, config: Config): Finding {
  const data = { input: f.input, family: f.family }
  const home = HOME_INPUT[shape]
  if (shape === 'redacted-private-key') {
    return FINDINGS['redacted-private-key'](
      `\`${f.input}\` holds the masked form Atlas shows in key listings (********-****-…), not the key.`,
      { title: `\`${f.input}\` is a redacted key`, data }
    )
  }
  if (f.family === 'ai') {
    if (shape === 'model-key')
      return FINDINGS['model-key-in-ai'](
        '`ai-api-key` holds a value starting with `al-`, an Atlas model API key: Atlas Cloud (api.atlascloud.ai) answers it with 401 as if it were a bad key.',
        { data }
      )
    if (shape === 'management-key')
      return FINDINGS['management-key-in-ai'](
        '`ai-api-key` holds a value starting with `mgmt-`, an Atlas Cloud Management API key, which manages projects and budgets but cannot call models or read the balance as a model key does.',
        { data }
      )
    if (shape === 'ai-public-id' || AI_PUBLIC_ID.test(v)) {
      return FINDINGS['ai-public-id'](
        '`ai-api-key` holds an API key public id (ak_…), which Atlas Cloud shows in billing reports but which cannot authenticate.',
        { data }
      )
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
      return FINDINGS['atlas-key-in-ai'](
        `\`ai-api-key\` holds ${SHAPE_NAMES[shape === 'unknown' ? 'private-key' : shape]}. MongoDB Atlas and Atlas Cloud AI are unrelated services with separate credentials.`,
        {
          fix: `Put your Atlas Cloud API key (apikey-…, from Console → API Keys) in \`ai-api-key\`${home ? ` and this value in \`${home}\`` : ''}.`,
          data
        }
      )
    }
    return FINDINGS['ai-key-prefix'](
      `Atlas Cloud API keys start with \`apikey-\`; this one does not${shape === 'private-key' ? ' (it is a UUID, which could be an older Atlas Cloud key or a MongoDB Atlas private key)' : ''}.`,
      { data }
    )
  }
  if (shape === 'ai-public-id')
    return FINDINGS['public-id-as-secret'](
      `\`${f.input}\` holds a key public id (ak_…), which names a key in Atlas Cloud billing reports but cannot authenticate.`,
      { title: `\`${f.input}\` holds a key public id (ak_…)`, data }
    )
  if (f.family === 'model' && shape === 'ai-key')
    return FINDINGS['ai-key-in-model'](
      '`model-api-key` holds a value starting with `apikey-`, an Atlas Cloud key: ai.mongodb.com and api.voyageai.com answer it with 401/403 as if it were a bad key.',
      { data }
    )
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
    return FINDINGS['wrong-family'](
      `\`${f.input}\` expects ${f.expected}, but the value is ${SHAPE_NAMES[shape]}.`,
      {
        title: `\`${f.input}\` holds ${SHAPE_NAMES[shape]}`,
        fix,
        data
      }
    )
  }
  return FINDINGS.format(
    `\`${f.input}\` should be ${f.expected}; the value has ${v.length} characters and does not match.`,
    {
      title: `\`${f.input}\` is not in the expected format`,
      fix: `Copy the value again from where it was created and save the secret behind \`${f.input}\`.`,
      data
    }
  )
}

/**
 * `ai-key-id` is a public id (ak_…), deliberately not a secret input: a secret pasted there is named (it may have
 * been printed by other steps), without ever quoting it.
 */
function keyIdFindings(keyId: string | undefined): Finding[] {
  if (keyId === undefined) return []
  const data = { input: 'ai-key-id', family: 'ai' }
  const shape = shapeOf(keyId)
  if (shape === 'ai-public-id') return []
  if (shape !== 'unknown')
    return [
      FINDINGS['secret-in-key-id'](
        `\`ai-key-id\` holds ${SHAPE_NAMES[shape]}, a credential rather than a public id; this input is not masked.`,
        { data }
      )
    ]
  return [
    FINDINGS['key-id-format'](
      `\`ai-key-id\` has ${keyId.length} characters and does not start with \`ak_\`; the allowance of the key is read by this id.`,
      { data }
    )
  ]
}

/** True when the secrets check left an error (after `ignore`) on a value of this family. */
export function familyBlocked(findings: readonly Finding[] | undefined, family: Family): boolean {
  return (findings ?? []).some(f => f.severity === 'error' && f.data?.['family'] === family)
}

import { describe, expect, it } from '@jest/globals'
import { fillFromEnvironment, sourcesFinding } from '../../src/config/environment.js'

describe('the environment variables Atlas users already set', () => {
  it('fills an empty input from its variable and says which', () => {
    const { inputs, sources } = fillFromEnvironment(
      { 'atlas-client-id': '', 'atlas-project-id': '' },
      { MONGODB_ATLAS_CLIENT_ID: 'mdb_sa_id_x', MONGODB_ATLAS_PROJECT_ID: '65a1b2c3d4e5f60718293a4c' }
    )
    expect(inputs['atlas-client-id']).toBe('mdb_sa_id_x')
    expect(sources).toEqual({
      'atlas-client-id': 'MONGODB_ATLAS_CLIENT_ID',
      'atlas-project-id': 'MONGODB_ATLAS_PROJECT_ID'
    })
  })

  it('lets an input given to the step win', () => {
    const { inputs, sources } = fillFromEnvironment(
      { 'atlas-client-id': 'from-input' },
      { MONGODB_ATLAS_CLIENT_ID: 'from-env' }
    )
    expect(inputs['atlas-client-id']).toBe('from-input')
    expect(sources).toEqual({})
  })

  it("takes the Atlas CLI's name first, then Terraform's", () => {
    expect(
      fillFromEnvironment({}, { MONGODB_ATLAS_PUBLIC_KEY: 'tf', MONGODB_ATLAS_PUBLIC_API_KEY: 'cli' }).sources
    ).toEqual({ 'atlas-public-key': 'MONGODB_ATLAS_PUBLIC_API_KEY' })
    expect(fillFromEnvironment({}, { MONGODB_ATLAS_PRIVATE_KEY: 'tf' }).sources).toEqual({
      'atlas-private-key': 'MONGODB_ATLAS_PRIVATE_KEY'
    })
  })

  it('reports the sources as a notice that names variables, never values', () => {
    const f = sourcesFinding({ 'ai-api-key': 'ATLASCLOUD_API_KEY' })
    expect(f?.id).toBe('inputs/from-environment')
    expect(f?.severity).toBe('notice')
    expect(f?.seen).toContain('ATLASCLOUD_API_KEY')
    expect(sourcesFinding({})).toBeUndefined()
  })
})

/**
 * Which files of the shared bundle an entry loads (scripts/chunk-graph.js): what the npm package ships (the CLI's
 * files) and what dist/cli/licenses.txt covers. A chunk the CLI can load but the package left out would break the CLI
 * only behind a proxy or with an API key; one the CLI cannot load would ship action code to npm.
 */
import { describe, expect, it } from '@jest/globals'
import { filesLoadedBy } from '../../scripts/chunk-graph.js'

const hub = '/r/.cache/bundle-hub/index.js'
const stats = {
  chunks: [
    { id: 1, entry: true, initial: true, files: ['index.js'], origins: [{ request: hub }] },
    { id: 2, files: ['2.index.js'], origins: [{ moduleIdentifier: hub, request: '../../src/cli-main.ts' }] },
    { id: 3, files: ['3.index.js'], origins: [{ moduleIdentifier: hub, request: '../../src/index.ts' }] },
    {
      id: 4,
      files: ['4.index.js'],
      origins: [
        { moduleIdentifier: hub, request: '../../src/index.ts' },
        { moduleIdentifier: hub, request: '../../src/cli-main.ts' }
      ]
    },
    // undici behind a proxy: imported lazily by a module concatenated into a chunk both entries load
    { id: 5, files: ['5.index.js'], origins: [{ moduleIdentifier: '/r/src/http/client.ts', request: 'undici' }] },
    // the tracking issue: imported lazily by the GitHub adapter, which only the action loads
    { id: 6, files: ['6.index.js'], origins: [{ moduleIdentifier: '/r/src/adapters/github.ts', request: 'x' }] },
    // digest-fetch's own lazy import, reached only through chunk 6 here
    { id: 7, files: ['7.index.js'], origins: [{ moduleName: './node_modules/@octokit/core/index.js', request: 'y' }] }
  ],
  modules: [
    { identifier: hub, chunks: [1] },
    { identifier: '/r/src/cli-main.ts', chunks: [2] },
    { identifier: '/r/src/index.ts', chunks: [3] },
    { identifier: '/r/src/adapters/github.ts', chunks: [3] },
    {
      identifier: '/r/src/main.ts|concatenated',
      chunks: [4],
      modules: [{ identifier: '/r/src/main.ts' }, { identifier: '/r/src/http/client.ts' }]
    },
    { identifier: '/r/node_modules/undici/index.js', chunks: [5] },
    { identifier: '/r/node_modules/@octokit/core/index.js', name: './node_modules/@octokit/core/index.js', chunks: [6] },
    { identifier: '/r/node_modules/x/index.js', chunks: [7] }
  ]
}

describe('filesLoadedBy', () => {
  it("the CLI: the hub, its own chunk, the shared one, and what those import lazily; not the action's", () => {
    expect([...filesLoadedBy(stats, 'src/cli-main.ts')].sort()).toEqual([
      '2.index.js',
      '4.index.js',
      '5.index.js',
      'index.js'
    ])
  })

  it('the action: lazy imports of lazy imports too', () => {
    expect([...filesLoadedBy(stats, 'src/index.ts')].sort()).toEqual([
      '3.index.js',
      '4.index.js',
      '5.index.js',
      '6.index.js',
      '7.index.js',
      'index.js'
    ])
  })

  it('refuses an entry the build does not hold (a moved source not yet in ENTRIES)', () => {
    expect(() => filesLoadedBy(stats, 'src/post.ts')).toThrow(/no chunk is loaded by a lazy import of src\/post\.ts/)
  })
})

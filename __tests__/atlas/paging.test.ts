/**
 * Reading a whole Atlas list (reference atlas-round3.md §1): a page shorter than asked is not the end; `totalCount`
 * and `next` links are followed; the number of pages is bounded. Also through the client, against a stub that pages
 * below the size asked (as the reproduction: a server paging at 100 hid the runner's permanent /32 on page 2).
 */
import { describe, expect, it } from '@jest/globals'
import { MAX_PAGES, readAllPages, type PageRead } from '../../src/atlas/paging.js'
import { ORG_ID, PROJECT_ID, SERVICE_ACCOUNT_INPUTS, checkContext, json } from '../helpers/check-context.js'
import type { HttpRequest } from '../../src/http/client.js'

const pages =
  (items: number[], per: number, opts: { count?: boolean; next?: boolean } = {}) =>
  async (n: number): Promise<PageRead<number>> => {
    const results = items.slice((n - 1) * per, n * per)
    const more = n * per < items.length
    return {
      ok: true,
      page: {
        results,
        ...(opts.count === false ? {} : { totalCount: items.length }),
        links: opts.next && more ? [{ rel: 'next', href: `?pageNum=${n + 1}` }] : []
      }
    }
  }
const range = (n: number) => Array.from({ length: n }, (_, i) => i)

describe('readAllPages', () => {
  it('follows totalCount past pages shorter than asked', async () => {
    const r = await readAllPages(pages(range(250), 100))
    expect(r).toEqual({ ok: true, items: range(250), pages: 3 })
  })

  it('without a count, follows `next` links, and ends where none is given', async () => {
    expect(await readAllPages(pages(range(7), 3, { count: false, next: true }))).toEqual({
      ok: true,
      items: range(7),
      pages: 3
    })
    expect(await readAllPages(pages(range(7), 3, { count: false, next: false }))).toEqual({
      ok: true,
      items: range(3),
      pages: 1
    })
  })

  it('an empty page ends the list; a list that does not end within the bound is refused, not taken as whole', async () => {
    expect(await readAllPages(async () => ({ ok: true, page: { results: [], totalCount: 5 } }))).toEqual({
      ok: true,
      items: [],
      pages: 1
    })
    const endless = await readAllPages(async () => ({ ok: true, page: { results: [1], totalCount: 10_000 } }))
    expect(endless).toEqual({ ok: false, unbounded: true, pages: MAX_PAGES, items: MAX_PAGES })
  })
})

describe('AtlasClient.list through a server that pages below the size asked', () => {
  it('reads the entry on page 2 of a project list paged at 100', async () => {
    const entries = range(150).map(i => ({ cidrBlock: `10.1.${Math.floor(i / 250)}.${i % 250}/32` }))
    const asked: string[] = []
    const t = await checkContext({
      inputs: { ...SERVICE_ACCOUNT_INPUTS, 'atlas-project-id': PROJECT_ID },
      routes: {
        [`GET /api/atlas/v2/groups/${PROJECT_ID}/accessList`]: (req: HttpRequest) => {
          const u = new URL(req.url)
          asked.push(`${u.searchParams.get('itemsPerPage')}/${u.searchParams.get('pageNum')}`)
          const n = Number(u.searchParams.get('pageNum'))
          return json(200, { results: entries.slice((n - 1) * 100, n * 100), totalCount: entries.length })
        }
      }
    })
    const r = await t.services.atlas!.projectAccessListNow(PROJECT_ID)
    expect(r.ok && r.data.length).toBe(150)
    expect(asked).toEqual(['500/1', '500/2'])
  })
})

describe('AtlasClient memo: one answer per path and shape', () => {
  it("the check's and the fleet's reads of a service account's list are two reads, each asked once, each its shape", async () => {
    const path = `/api/atlas/v2/orgs/${ORG_ID}/serviceAccounts/mdb_sa_id_1/accessList`
    const asked: string[] = []
    const t = await checkContext({
      inputs: SERVICE_ACCOUNT_INPUTS,
      routes: {
        [`GET ${path}`]: (req: HttpRequest) => {
          asked.push(new URL(req.url).search)
          return json(200, {
            results: [{ cidrBlock: '198.51.100.7/32', lastUsedAt: '2026-12-01T00:00:00Z', requestCount: 3 }],
            totalCount: 1
          })
        }
      }
    })
    const atlas = t.services.atlas!
    const check = await atlas.serviceAccountAccessList(ORG_ID, 'mdb_sa_id_1')
    const fleet = await atlas.serviceAccountUse(ORG_ID, 'mdb_sa_id_1')
    await atlas.serviceAccountUse(ORG_ID, 'mdb_sa_id_1')
    expect(asked).toHaveLength(2)
    // One includeCount each: the memo tells the two reads apart, not an extra query parameter.
    for (const q of asked) expect(q.match(/includeCount/g)).toHaveLength(1)
    expect(check.ok && check.data[0]).not.toHaveProperty('requestCount')
    expect(fleet.ok && fleet.data[0]).toMatchObject({ requestCount: 3 })
  })
})

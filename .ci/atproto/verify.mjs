// Verify a repository CAR with the AT Protocol's reference implementation:
//   node verify.mjs repo.car [did:key:… of the signing key]
// Loads the CAR with its root (@atproto/repo), checks the commit (version 3, and the
// signature against the key when one is given), walks every record, recomputes each
// record's CID from its re-encoded DAG-CBOR, rebuilds the MST from the keys with the
// reference MST and compares its root with the commit's `data`, and validates every
// record against the app.bsky lexicons of @atproto/api. Prints one JSON summary line;
// exits 1 on the first error.
import { readFileSync } from 'node:fs'
import {
  readCarWithRoot, verifyRepo, Repo, MemoryBlockstore, MST, cidForRecord,
} from '@atproto/repo'
import { lexicons } from '@atproto/api'
import { jsonToLex } from '@atproto/lexicon'

// The repository's data model value in the JSON form ({$link} for CIDs), then in the
// form the lexicon validator takes (BlobRef for blobs).
const toJson = (v) => JSON.parse(JSON.stringify(v, (k, x) => {
  if (x && typeof x === 'object' && !Array.isArray(x)) {
    const keys = Object.keys(x)
    if (keys.length === 1 && keys[0] === '/' && typeof x['/'] === 'string') return { $link: x['/'] }
  }
  return x
}))

const [car, didKey] = process.argv.slice(2)
const fail = (msg) => { console.error(`FAIL ${msg}`); process.exit(1) }
try {
  const bytes = new Uint8Array(readFileSync(car))
  const { root, blocks } = await readCarWithRoot(bytes)
  const repo = await Repo.load(new MemoryBlockstore(blocks), root)
  if (repo.version !== 3) fail(`commit version ${repo.version}`)
  // the reference consumer's own verification (signature when a key is given)
  await verifyRepo(blocks, root, repo.did, didKey || undefined)
  const counts = {}
  let mst = await MST.create(new MemoryBlockstore())
  let n = 0
  for await (const { collection, rkey, cid, record } of repo.walkRecords()) {
    const again = await cidForRecord(record)
    if (!again.equals(cid)) fail(`${collection}/${rkey}: CID ${cid} but the record encodes to ${again}`)
    try {
      lexicons.assertValidRecord(collection, jsonToLex(toJson(record)))
    } catch (e) {
      fail(`${collection}/${rkey}: ${e.message} ${JSON.stringify(toJson(record))}`)
    }
    mst = await mst.add(`${collection}/${rkey}`, cid)
    counts[collection] = (counts[collection] || 0) + 1
    n++
  }
  const rebuilt = await mst.getPointer()
  if (!rebuilt.equals(repo.commit.data)) fail(`MST root ${repo.commit.data} but the reference MST of the same keys is ${rebuilt}`)
  console.log(JSON.stringify({ ok: true, did: repo.did, rev: repo.commit.rev, records: n, counts, signed: !!didKey }))
} catch (e) {
  fail(e && e.stack ? e.stack : String(e))
}

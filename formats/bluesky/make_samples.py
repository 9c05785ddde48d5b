#!/usr/bin/env python3
"""Write the synthetic Bluesky sample dumps under samples/ beside this script.

Every DID, text and picture here is invented. The shapes follow
/work/shared/reference/bluesky/FORMAT.md: a CAR v1 file whose root is a signed
commit (signature bytes are zeros: nobody checks them), an MST built by the key
height rule (leading zero bits of SHA-256(key) / 2), DAG-CBOR records with CID
links as tag 42, blobs named by their raw-codec CID.

Run:  python3 make_samples.py     (rewrites samples/v3-2025/ and samples/v2-2023/)

samples/v3-2025/   a folder dump: repo.car + blobs/ (one referenced blob present,
                   one absent, one present but unreferenced)
  - facets after an emoji (byte offsets), a malformed facet (offsets inside an
    emoji and past the end), mention / link / tag facets, langs, tags
  - images with alt text (one blob present, one missing), video with a captions
    track (present), external card with thumb, quote (embed.record), quote with media (recordWithMedia)
  - reply with root and parent, self labels, threadgate + postgate on their post,
    a threadgate whose post is absent
  - repost, like, two follows (one of them a duplicate), block, list + listitem,
    profile with avatar, banner, pinnedPost
  - an unknown collection, a record whose bytes do not match its CID, a record
    whose block is missing
  - createdAt with Z, with µs, with an offset and no fraction, with 7 digits
  - blocks in shuffled order (records first, commit last)
samples/v3-2025-later/  the same account later, after deleting every post, repost and
                   like: profile (avatar present, no pinned post), follows, block, list
                   and list item; repo.car + blobs/
samples/v2-2023/   a single repo.car of repository version 2: three commits linked
                   by `prev` (only roots[0] counts; older MST nodes and records are
                   left unreferenced), legacy blob refs {"cid", "mimeType"}, legacy
                   `entities`, a legacy `app.bsky.feed.vote`, a legacy
                   `app.bsky.system.declaration`.
"""
import hashlib
import os
import random
import shutil
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

# Real pictures (48x32, a few hundred bytes, made once with Pillow) that browsers and
# the image crate decode; a comment (JPEG COM segment, PNG tEXt chunk, GIF comment
# extension) carries `tag`, so that each blob's bytes (and CID) are its own.
JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb0043000d090a0b0a080d0b0a0b0e"
    "0e0d0f13201513121213271c1e17202e2931302e292d2c333a4a3e333646372c2d405741"
    "464c4e525352323e5a615a50604a51524fffdb0043010e0e0e131113261515264f352d35"
    "4f4f4f4f4f4f4f4f4f4f4f4f4f4f4f4f4f4f4f4f4f4f4f4f4f4f4f4f4f4f4f4f4f4f4f4f"
    "4f4f4f4f4f4f4f4f4f4f4f4f4f4fffc00011080020003003012200021101031101ffc400"
    "17000101010100000000000000000000000000050304ffc4002410000103020603010100"
    "000000000000000100020305910411142152d11331611222ffc400180100030101000000"
    "0000000000000000000002030504ffc40023110002010204070000000000000000000000"
    "01030231041112140513233261a1f0ffda000c03010002110311003f00c51116a198150a"
    "5d34e34b9f238b6269cb6f64a9eaa51ea31e143a19f68dc7f41e06791fb65c98e73281b8"
    "7bbeb16c3aa1c8b996153a50c2c5e681ce746367071198faa5ab356aa45361fc187fec3f"
    "22e710465bfa0a324e1d54f5439cf7f79791b12a35274ec726be2e2fb0ed35f1717d876a"
    "7225dcd64f4a28ebe2e2fb0ed35f1717d876a7223735869451d7c5c5f61da6be2e2fb0ed"
    "4e446e6b0d28ffd9"
)

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d494844520000003000000020020300000029ba138f000000"
    "09504c5445fad23c4682b4285a3c721213cc000000424944415478da630c654000260642"
    "9cdf6b90381ffe23710e301c8073fe33307c20c6349c1c46060601848c0383038223c0c8"
    "c0c0c0184ab6d184382cb4339a1c0e006a3c08e7901b16880000000049454e44ae426082"
)

GIF = bytes.fromhex(
    "47494638376130002000810000fad23c4682b4285a3c0000002c00000000300020004008"
    "7d0003081c48b0a0c18308132a5c981080c3871001309c48b122410118336adcc8b1a3c7"
    "8f192d4e8ce850a4498324259e5cb912a4cb973031b29c49b361ca873547de2c99b3a74f"
    "9f31830a1d4ab4a8d1a31a7f2a651971e9c29d4e0feee41975e0549555addecc2a1522d7"
    "af60c32e444ab6acd9b368d3aa5dcb966c40003b"
)


def jpeg(tag):
    t = tag.encode()
    return JPEG[:2] + b"\xff\xfe" + struct.pack(">H", len(t) + 2) + t + JPEG[2:]


def png(tag):
    d = b"Comment\x00" + tag.encode()
    chunk = struct.pack(">I", len(d)) + b"tEXt" + d + struct.pack(">I", zlib.crc32(b"tEXt" + d) & 0xFFFFFFFF)
    return PNG[:33] + chunk + PNG[33:]


def gif(tag):
    # GIF89a (comment extensions are 89a): header, screen, 2-entry colour table, then
    # the comment before the image
    t = tag.encode()
    assert len(t) < 256
    head = 13 + 3 * 4
    return b"GIF89a" + GIF[6:head] + b"\x21\xfe" + bytes([len(t)]) + t + b"\x00" + GIF[head:]


OUT = os.path.join(HERE, "samples")


# --------------------------------------------------------------------------- DAG-CBOR
class Link(bytes):
    """A binary CID, encoded as tag 42."""


def head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    for ai, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | ai]) + n.to_bytes(size, "big")
    raise ValueError(n)


def cbor(v):
    if v is None:
        return b"\xf6"
    if v is True:
        return b"\xf5"
    if v is False:
        return b"\xf4"
    if isinstance(v, Link):
        return b"\xd8\x2a" + head(2, len(v) + 1) + b"\0" + bytes(v)
    if isinstance(v, bytes):
        return head(2, len(v)) + v
    if isinstance(v, int):
        return head(0, v) if v >= 0 else head(1, -1 - v)
    if isinstance(v, str):
        e = v.encode()
        return head(3, len(e)) + e
    if isinstance(v, list):
        return head(4, len(v)) + b"".join(cbor(x) for x in v)
    if isinstance(v, dict):
        keys = sorted(v, key=lambda k: (len(k.encode()), k.encode()))
        return head(5, len(v)) + b"".join(cbor(k) + cbor(v[k]) for k in keys)
    raise TypeError(type(v))


def varint(n):
    b = bytearray()
    while True:
        b.append((n & 0x7F) | (0x80 if n > 0x7F else 0))
        n >>= 7
        if not n:
            return bytes(b)


def cid_of(data, codec=0x71):
    return Link(bytes([1, codec, 0x12, 0x20]) + hashlib.sha256(data).digest())


def b32(b):
    alpha = "abcdefghijklmnopqrstuvwxyz234567"
    bits = "".join(f"{x:08b}" for x in b)
    bits += "0" * (-len(bits) % 5)
    return "".join(alpha[int(bits[i:i + 5], 2)] for i in range(0, len(bits), 5))


def cid_text(link):
    return "b" + b32(bytes(link))


def blob_cid(data):
    return cid_text(cid_of(data, 0x55))


# --------------------------------------------------------------------------- MST
def height(key):
    zeros = 0
    for byte in hashlib.sha256(key.encode()).digest():
        if byte == 0:
            zeros += 8
            continue
        zeros += 8 - byte.bit_length()
        break
    return zeros // 2


def build_mst(leaves, blocks):
    """leaves: {key: record Link}. Adds node blocks; returns the root Link."""
    keys = sorted(leaves)
    top = max((height(k) for k in keys), default=0)

    def node(ks, layer):
        entries, left, group = [], None, []

        def flush():
            nonlocal left
            sub = node(group, layer - 1) if group else None
            group.clear()
            if entries:
                entries[-1]["t"] = sub
            else:
                left = sub

        for k in ks:
            if height(k) >= layer:
                flush()
                entries.append({"k": k, "t": None})
            else:
                group.append(k)
        flush()
        out, prev = [], b""
        for e in entries:
            kb = e["k"].encode()
            p = 0
            while p < min(len(kb), len(prev)) and kb[p] == prev[p]:
                p += 1
            out.append({"p": p, "k": kb[p:], "v": leaves[e["k"]], "t": e["t"]})
            prev = kb
        data = cbor({"l": left, "e": out})
        c = cid_of(data)
        blocks.append((c, data))
        return c

    return node(keys, top)


def write_car(path, root, blocks, seed):
    blocks = list(blocks)
    random.Random(seed).shuffle(blocks)
    # the commit goes last: block order is undefined and the reader must not care
    blocks.sort(key=lambda b: b[0] == root)
    hd = cbor({"roots": [root], "version": 1})
    with open(path, "wb") as f:
        f.write(varint(len(hd)) + hd)
        for c, d in blocks:
            f.write(varint(len(c) + len(d)) + bytes(c) + d)


def commit(did, data, version, prev, rev=None):
    c = {"did": did, "version": version, "data": data, "prev": prev, "sig": b"\0" * 64}
    if rev:
        c["rev"] = rev
    return c


def strong(uri, text="x"):
    return {"uri": uri, "cid": cid_text(cid_of(cbor({"text": text})))}


def blob(cid, mime, size):
    return {"$type": "blob", "ref": Link(b"\x01\x55\x12\x20" + bytes.fromhex(cid_hex(cid))),
            "mimeType": mime, "size": size}


def cid_hex(text):
    alpha = "abcdefghijklmnopqrstuvwxyz234567"
    bits = "".join(f"{alpha.index(c):05b}" for c in text[1:])
    raw = bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits) - len(bits) % 8, 8))
    return raw[4:].hex()


# --------------------------------------------------------------------------- v3
ME = "did:plc:samplesowner3v3aaaaaaaaa"
ALICE = "did:plc:alicealicealicealiceaaaa"
BOB = "did:plc:bobbobbobbobbobbobbobbbb"
CAROL = "did:web:carol.example"
POST = "app.bsky.feed.post"


def at(did, coll, rkey):
    return f"at://{did}/{coll}/{rkey}"


def v3():
    d = os.path.join(OUT, "v3-2025")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "blobs"))
    photo = jpeg("sample photo of a heron")
    avatar = png("sample avatar")
    stray = gif("sample blob nobody refers to")
    absent = b"this image was never exported"
    video = b"\0\0\0\x18ftypmp42 sample video"
    captions = b"WEBVTT\n\n00:00.000 --> 00:01.000\nwaves\n"
    for b in (photo, avatar, stray, captions):
        open(os.path.join(d, "blobs", blob_cid(b)), "wb").write(b)
    captions_c = blob_cid(captions)
    photo_c, avatar_c, absent_c, video_c = map(blob_cid, (photo, avatar, absent, video))

    emoji_text = "🦋 read example.com/very/lo… #atproto @alice.test"
    link_s = emoji_text.encode().index(b"example.com")
    link_e = link_s + len("example.com/very/lo…".encode())
    tag_s = emoji_text.encode().index(b"#atproto")
    men_s = emoji_text.encode().index(b"@alice.test")
    records = {
        ("app.bsky.actor.profile", "self"): {
            "$type": "app.bsky.actor.profile", "displayName": "Sample Owner 🦋",
            "description": "I am made up.", "createdAt": "2023-04-26T00:09:58-07:00",
            "avatar": blob(avatar_c, "image/png", len(avatar)),
            "banner": blob(absent_c, "image/jpeg", len(absent)),
            "pinnedPost": strong(at(ME, POST, "3lbbbbbbbbbb2")),
        },
        (POST, "3lbbbbbbbbbb2"): {
            "$type": POST, "text": emoji_text, "createdAt": "2024-08-07T09:14:24.452762Z",
            "langs": ["en", "fr"], "tags": ["extra"],
            "facets": [
                {"$type": "app.bsky.richtext.facet", "index": {"byteStart": link_s, "byteEnd": link_e},
                 "features": [{"$type": "app.bsky.richtext.facet#link",
                               "uri": "https://example.com/very/long/path"}]},
                {"index": {"byteStart": tag_s, "byteEnd": tag_s + 8},
                 "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "atproto"}]},
                {"index": {"byteStart": men_s, "byteEnd": men_s + 11},
                 "features": [{"$type": "app.bsky.richtext.facet#mention", "did": ALICE}]},
            ],
        },
        (POST, "3lbbbbbbbbbb3"): {
            "$type": POST, "text": "💥 broken facets", "createdAt": "2024-02-22T04:35:10.072Z",
            "facets": [
                {"index": {"byteStart": 1, "byteEnd": 3},
                 "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://inside.example/"}]},
                {"index": {"byteStart": 10, "byteEnd": 400},
                 "features": [{"$type": "app.bsky.richtext.facet#mention", "did": BOB}]},
            ],
        },
        (POST, "3lbbbbbbbbbb4"): {
            "$type": POST, "text": "", "createdAt": "2024-11-18T18:02:15.8878051-05:00",
            "embed": {"$type": "app.bsky.embed.images", "images": [
                {"alt": "A heron on a post", "image": blob(photo_c, "image/jpeg", len(photo)),
                 "aspectRatio": {"width": 4, "height": 3}},
                {"alt": "", "image": blob(absent_c, "image/jpeg", len(absent))},
            ]},
        },
        (POST, "3lbbbbbbbbbb5"): {
            "$type": POST, "text": "replying to Alice", "createdAt": "2024-05-25T00:57:58.408Z",
            "reply": {"root": strong(at(ALICE, POST, "3laaaaaaaaaa2")),
                      "parent": strong(at(BOB, POST, "3laaaaaaaaaa3"))},
        },
        (POST, "3lbbbbbbbbbb6"): {
            "$type": POST, "text": "quote with a picture", "createdAt": "2024-05-26T10:00:00.000Z",
            "embed": {"$type": "app.bsky.embed.recordWithMedia",
                      "record": {"$type": "app.bsky.embed.record",
                                 "record": strong(at(CAROL, POST, "3lcccccccccc2"))},
                      "media": {"$type": "app.bsky.embed.images", "images": [
                          {"alt": "quoted heron", "image": blob(photo_c, "image/jpeg", len(photo))}]}},
        },
        (POST, "3lbbbbbbbbbb7"): {
            "$type": POST, "text": "a link card, self-labelled", "createdAt": "2024-05-27T10:00:00Z",
            "embed": {"$type": "app.bsky.embed.external", "external": {
                "uri": "https://news.example/story", "title": "A story", "description": "It happened.",
                "thumb": blob(absent_c, "image/jpeg", len(absent))}},
            "labels": {"$type": "com.atproto.label.defs#selfLabels", "values": [{"val": "graphic-media"}]},
        },
        (POST, "3lbbbbbbbbbb8"): {
            "$type": POST, "text": "plain quote", "createdAt": "2024-05-28T10:00:00Z",
            "embed": {"$type": "app.bsky.embed.record", "record": strong(at(ALICE, POST, "3laaaaaaaaaa4"))},
        },
        (POST, "3lbbbbbbbbbb9"): {
            "$type": POST, "text": "a video", "createdAt": "2024-05-29T10:00:00Z",
            "embed": {"$type": "app.bsky.embed.video", "alt": "waves",
                      "video": blob(video_c, "video/mp4", len(video)),
                      "captions": [{"lang": "en", "file": blob(captions_c, "text/vtt", len(captions))}]},
        },
        (POST, "3lbbbbbbbbbba"): {"$type": POST, "text": "tampered: these bytes were changed after hashing",
                                  "createdAt": "2024-05-30T10:00:00Z"},
        ("app.bsky.feed.threadgate", "3lbbbbbbbbbb7"): {
            "$type": "app.bsky.feed.threadgate", "post": at(ME, POST, "3lbbbbbbbbbb7"),
            "allow": [{"$type": "app.bsky.feed.threadgate#followingRule"}], "createdAt": "2024-05-27T10:00:01Z"},
        ("app.bsky.feed.postgate", "3lbbbbbbbbbb7"): {
            "$type": "app.bsky.feed.postgate", "post": at(ME, POST, "3lbbbbbbbbbb7"),
            "embeddingRules": [{"$type": "app.bsky.feed.postgate#disableRule"}],
            "createdAt": "2024-05-27T10:00:02Z"},
        ("app.bsky.feed.threadgate", "3lzzzzzzzzzz2"): {
            "$type": "app.bsky.feed.threadgate", "post": at(ME, POST, "3lzzzzzzzzzz2"),
            "allow": [], "createdAt": "2024-06-01T10:00:00Z"},
        ("app.bsky.feed.repost", "3lddddddddd22"): {
            "$type": "app.bsky.feed.repost", "subject": strong(at(ALICE, POST, "3laaaaaaaaaa5")),
            "createdAt": "2024-06-02T10:00:00Z"},
        ("app.bsky.feed.like", "3lddddddddd23"): {
            "$type": "app.bsky.feed.like", "subject": strong(at(BOB, POST, "3laaaaaaaaaa6")),
            "createdAt": "2024-06-03T10:00:00Z"},
        ("app.bsky.feed.like", "3lddddddddd24"): {
            "$type": "app.bsky.feed.like", "subject": strong(at(BOB, POST, "3laaaaaaaaaa7")),
            "createdAt": "2024-06-03T10:00:01Z"},
        ("app.bsky.graph.follow", "3leeeeeeeee22"): {
            "$type": "app.bsky.graph.follow", "subject": ALICE, "createdAt": "2024-06-04T10:00:00Z"},
        ("app.bsky.graph.follow", "3leeeeeeeee23"): {
            "$type": "app.bsky.graph.follow", "subject": ALICE, "createdAt": "2024-06-04T10:00:05Z"},
        ("app.bsky.graph.follow", "3leeeeeeeee24"): {
            "$type": "app.bsky.graph.follow", "subject": CAROL, "createdAt": "2024-06-04T10:00:06Z"},
        ("app.bsky.graph.block", "3lfffffffff22"): {
            "$type": "app.bsky.graph.block", "subject": BOB, "createdAt": "2024-06-05T10:00:00Z"},
        ("app.bsky.graph.list", "3lggggggggg22"): {
            "$type": "app.bsky.graph.list", "name": "Herons", "purpose": "app.bsky.graph.defs#curatelist",
            "description": "people who post herons", "createdAt": "2024-06-06T10:00:00Z"},
        ("app.bsky.graph.listitem", "3lggggggggg23"): {
            "$type": "app.bsky.graph.listitem", "subject": CAROL,
            "list": at(ME, "app.bsky.graph.list", "3lggggggggg22"), "createdAt": "2024-06-06T10:00:01Z"},
        ("com.example.unknown.thing", "abc"): {
            "$type": "com.example.unknown.thing", "anything": [1, 2, {"deep": b"\x01\x02"}]},
        ("chat.bsky.actor.declaration", "self"): {
            "$type": "chat.bsky.actor.declaration", "allowIncoming": "following"},
        ("app.bsky.feed.like", "3lddddddddd25"): {
            "$type": "app.bsky.feed.like", "subject": strong(at(BOB, POST, "3laaaaaaaaaa8")),
            "createdAt": "2024-06-03T10:00:02Z"},
    }
    blocks, leaves = [], {}
    for (coll, rkey), rec in records.items():
        data = cbor(rec)
        c = cid_of(data)
        leaves[f"{coll}/{rkey}"] = c
        if rkey == "3lbbbbbbbbbba":
            data = data.replace(b"tampered", b"TAMPERED")  # bytes no longer match the CID
        if rkey == "3lddddddddd25":
            continue  # the block of this like is missing from the CAR
        blocks.append((c, data))
    root_node = build_mst(leaves, blocks)
    cm = cbor(commit(ME, root_node, 3, None, "3lzzzzzzzzzz3"))
    root = cid_of(cm)
    blocks.append((root, cm))
    write_car(os.path.join(d, "repo.car"), root, blocks, seed=3)
    v3_later(records, avatar)


def v3_later(records, avatar):
    """The same account months later, after it deleted every post, repost and like
    (and the gates of its posts): what is left is its profile (no pinned post), its
    follows, block, list and list item, and the collections lifeboat does not map."""
    d = os.path.join(OUT, "v3-2025-later")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "blobs"))
    open(os.path.join(d, "blobs", blob_cid(avatar)), "wb").write(avatar)
    kept = {k: dict(v) for k, v in records.items() if not k[0].startswith("app.bsky.feed.")}
    kept[("app.bsky.actor.profile", "self")].pop("pinnedPost")
    blocks, leaves = [], {}
    for (coll, rkey), rec in kept.items():
        data = cbor(rec)
        c = cid_of(data)
        leaves[f"{coll}/{rkey}"] = c
        blocks.append((c, data))
    root_node = build_mst(leaves, blocks)
    cm = cbor(commit(ME, root_node, 3, None, "3lzzzzzzzzzz9"))
    root = cid_of(cm)
    blocks.append((root, cm))
    write_car(os.path.join(d, "repo.car"), root, blocks, seed=4)


# --------------------------------------------------------------------------- v2
OLD = "did:plc:samplesowner2v2aaaaaaaaa"


def v2():
    d = os.path.join(OUT, "v2-2023")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    img = b"legacy image bytes"
    history = [
        {("app.bsky.feed.post", "3jqaaaaaaaa22"): {
            "$type": POST, "text": "first post, later deleted", "createdAt": "2023-03-01T10:00:00.000Z"}},
        {("app.bsky.feed.post", "3jqaaaaaaaa23"): {
            "$type": POST, "text": "hello @bob.test see https://old.example",
            "createdAt": "2023-03-02T10:00:00.000Z",
            "entities": [
                {"type": "mention", "index": {"start": 6, "end": 15}, "value": BOB},
                {"type": "link", "index": {"start": 20, "end": 39}, "value": "https://old.example"}]}},
        {("app.bsky.feed.post", "3jqaaaaaaaa24"): {
            "$type": POST, "text": "a legacy image", "createdAt": "2023-03-03T10:00:00-08:00",
            "embed": {"$type": "app.bsky.embed.images", "images": [
                {"alt": "old", "image": {"cid": blob_cid(img), "mimeType": "image/jpeg"}}]}},
         ("app.bsky.feed.vote", "3jqaaaaaaaa25"): {
            "$type": "app.bsky.feed.vote", "direction": "up",
            "subject": strong(at(ALICE, POST, "3jqbbbbbbbb22")), "createdAt": "2023-03-03T11:00:00.000Z"},
         ("app.bsky.system.declaration", "self"): {
            "$type": "app.bsky.system.declaration", "actorType": "app.bsky.system.actorUser"}},
    ]
    blocks, leaves, prev = [], {}, None
    for i, step in enumerate(history):
        if i == 2:
            leaves.pop("app.bsky.feed.post/3jqaaaaaaaa22")  # deleted: only in older commits
        for (coll, rkey), rec in step.items():
            data = cbor(rec)
            c = cid_of(data)
            leaves[f"{coll}/{rkey}"] = c
            blocks.append((c, data))
        root_node = build_mst(dict(leaves), blocks)
        cm = cbor(commit(OLD, root_node, 2, prev))
        prev = cid_of(cm)
        blocks.append((prev, cm))
    # de-duplicate blocks that several commits share
    seen, uniq = set(), []
    for c, data in blocks:
        if c not in seen:
            seen.add(c)
            uniq.append((c, data))
    write_car(os.path.join(d, "repo.car"), prev, uniq, seed=2)


if __name__ == "__main__":
    v3()
    v2()
    for root, _, files in sorted(os.walk(OUT)):
        for f in sorted(files):
            p = os.path.join(root, f)
            print(os.path.relpath(p, HERE), os.path.getsize(p))

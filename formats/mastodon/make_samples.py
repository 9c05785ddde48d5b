#!/usr/bin/env python3
"""Write the synthetic Mastodon sample dumps in formats/mastodon/samples/.

Python standard library only, deterministic: every run writes byte-identical
files (fixed tar/zip timestamps, gzip header without name or time, sorted
nothing that Mastodon does not sort). All accounts, hosts and texts are made
up (`*.example`); the shapes follow /work/shared/reference/mastodon/FORMAT.md.

    python3 formats/mastodon/make_samples.py
    MASTODON_SAMPLES_OUT=/tmp/x python3 formats/mastodon/make_samples.py

What each sample covers is listed in formats/mastodon/samples/README.md.
"""

import gzip
import io
import json
import os
import struct
import tarfile
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
# MASTODON_SAMPLES_OUT writes elsewhere (the tests regenerate and compare)
OUT = os.environ.get("MASTODON_SAMPLES_OUT") or os.path.join(HERE, "samples")

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
AS_CONTEXT = "https://www.w3.org/ns/activitystreams"
FULL_CONTEXT = [
    AS_CONTEXT,
    "https://w3id.org/security/v1",
    {
        "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
        "toot": "http://joinmastodon.org/ns#",
        "sensitive": "as:sensitive",
        "atomUri": "ostatus:atomUri",
        "conversation": "ostatus:conversation",
        "focalPoint": {"@container": "@list", "@id": "toot:focalPoint"},
        "blurhash": "toot:blurhash",
        "votersCount": "toot:votersCount",
        "Emoji": "toot:Emoji",
        "Hashtag": "as:Hashtag",
    },
]


# Real pictures (48x32, a few hundred bytes, made once with Pillow) that browsers and
# the image crate decode; a comment (JPEG COM segment, PNG tEXt chunk) carries `tag`,
# so that each file's bytes (and sha256) are its own.
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


def jpeg(tag):
    t = tag.encode()
    return JPEG[:2] + b"\xff\xfe" + struct.pack(">H", len(t) + 2) + t + JPEG[2:]


def png(tag):
    d = b"Comment\x00" + tag.encode()
    chunk = struct.pack(">I", len(d)) + b"tEXt" + d + struct.pack(">I", zlib.crc32(b"tEXt" + d) & 0xFFFFFFFF)
    return PNG[:33] + chunk + PNG[33:]


def mp4(tag):
    return b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + tag.encode()


def dumps_2023(v):
    """Mastodon 4.2+: minified, non-ASCII raw, markup raw."""
    return json.dumps(v, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def dumps_2022(v):
    """The older Rails serializer: `<`, `>`, `&` escaped as \\u003c, \\u003e, \\u0026."""
    s = json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    s = s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return s.encode("utf-8")


def hcard(href, user):
    return (f'<span class="h-card"><a href="{href}" class="u-url mention" '
            f'rel="nofollow noopener noreferrer" target="_blank">@<span>{user}</span></a></span>')


def hashtag(host, tag):
    return (f'<a href="https://{host}/tags/{tag.lower()}" class="mention hashtag" '
            f'rel="nofollow noopener noreferrer tag" target="_blank">#<span>{tag}</span></a>')


def replies(oid):
    return {"id": f"{oid}/replies", "type": "Collection",
            "first": {"type": "CollectionPage", "next": f"{oid}/replies?only_other_accounts=true&page=true",
                      "partOf": f"{oid}/replies", "items": []}}


def signature(actor, n):
    return {"type": "RsaSignature2017", "creator": f"{actor}#main-key", "created": "2022-12-18T19:56:00Z",
            "signatureValue": f"c3ludGhldGljLXNpZ25hdHVyZS0{n:04d}AAAA=="}


def collection(name, items, total=True):
    c = {"@context": AS_CONTEXT, "id": name, "type": "OrderedCollection"}
    if total:
        c["totalItems"] = len(items)
    c["orderedItems"] = items
    return c


# ---------------------------------------------------------------- 2022 tar.gz

H22 = "mastodon.example"
A22 = f"https://{H22}/users/alice"
F22 = f"{A22}/followers"
BOB = "https://other.example/users/bob"
CAROL = "https://third.example/users/carol"
DAVE = f"https://{H22}/users/dave"

MEDIA_22 = [
    # (path in the outbox, path in the tar, bytes)
    ("/media_attachments/files/000/146/501/original/9f8e7d6c5b4a3921.jpg",
     "media_attachments/files/000/146/501/original/9f8e7d6c5b4a3921.jpg", jpeg("2022-harbour")),
    ("/media_attachments/files/000/146/502/original/media.mp4",
     "media_attachments/files/000/146/502/original/media.mp4", mp4("2022-waves")),
]


def note22(n, day, content, to, cc, **extra):
    oid = f"{A22}/statuses/{n}"
    o = {"id": oid, "type": "Note", "summary": None, "inReplyTo": None,
         "published": f"2017-04-{day:02d}T10:{n % 60:02d}:00Z", "url": f"https://{H22}/@alice/{n}",
         "attributedTo": A22, "to": to, "cc": cc, "sensitive": False,
         "atomUri": f"tag:{H22},2017-04-{day:02d}:objectId={n}:objectType=Status",
         "inReplyToAtomUri": None, "conversation": f"tag:{H22},2017-04-{day:02d}:objectId={n + 1000}:objectType=Conversation",
         "content": content, "contentMap": {"en": content}, "attachment": [], "tag": [],
         "replies": replies(oid)}
    o.update(extra)
    return o


def create22(o, context=False):
    act = {}
    if context:
        act["@context"] = FULL_CONTEXT
    act.update({"id": o["id"] + "/activity", "type": "Create", "actor": A22, "published": o["published"],
                "to": o["to"], "cc": o["cc"], "object": o, "signature": signature(A22, int(o["id"].rsplit("/", 1)[1]))})
    return act


def announce22(n, day, target, author):
    return {"@context": AS_CONTEXT, "id": f"{A22}/statuses/{n}/activity", "type": "Announce", "actor": A22,
            "published": f"2017-04-{day:02d}T12:00:00Z", "to": [PUBLIC], "cc": [author, F22], "object": target}


def outbox_2022():
    items = []
    # public, with a photo (leading `/` in the url) and an OStatus atomUri
    items.append(create22(note22(
        101, 1, "<p>Hello harbour &amp; gulls! First toot from the boat.</p>", [PUBLIC], [F22],
        attachment=[{"type": "Document", "mediaType": "image/jpeg", "url": MEDIA_22[0][0],
                     "name": "Gulls on a harbour wall", "blurhash": "UBL_:rOpGG-;~qRjWBay"}]), context=True))
    # a boost (with @context, as the 2022 serializer left it)
    items.append(announce22(102, 1, f"{BOB}/statuses/9001", BOB))
    # unlisted, a reply to the first post, with a video
    items.append(create22(note22(
        103, 2, "<p>Unlisted follow-up: the video of the waves.</p>", [F22], [PUBLIC],
        inReplyTo=f"{A22}/statuses/101",
        inReplyToAtomUri=f"tag:{H22},2017-04-01:objectId=101:objectType=Status",
        attachment=[{"type": "Document", "mediaType": "video/mp4", "url": MEDIA_22[1][0], "name": None,
                     "blurhash": "U02rs+j[fQj[fQfQfQfQfQfQfQfQ"}])))
    # followers-only
    items.append(create22(note22(
        104, 3, "<p>Followers only: the lighthouse keeper retires tomorrow.</p>", [F22], [])))
    # direct to one account
    items.append(create22(note22(
        105, 4, f"<p>{hcard('https://other.example/@bob', 'bob')} psst, marmalade sandwiches at noon</p>",
        [BOB], [], tag=[{"type": "Mention", "href": BOB, "name": "@bob@other.example"}])))
    # a group DM of three (alice, carol, dave), a reply chained by inReplyTo and conversation
    gconv = f"tag:{H22},2017-04-05:objectId=4242:objectType=Conversation"
    gtags = [{"type": "Mention", "href": CAROL, "name": "@carol@third.example"},
             {"type": "Mention", "href": DAVE, "name": "@dave"}]
    items.append(create22(note22(
        106, 5, f"<p>{hcard('https://third.example/@carol', 'carol')} {hcard(f'https://{H22}/@dave', 'dave')} "
        "planning the regatta picnic</p>", [CAROL, DAVE], [], tag=gtags, conversation=gconv)))
    items.append(create22(note22(
        107, 5, f"<p>{hcard('https://third.example/@carol', 'carol')} {hcard(f'https://{H22}/@dave', 'dave')} "
        "bring lemonade please</p>", [CAROL, DAVE], [], tag=gtags, conversation=gconv,
        inReplyTo=f"{A22}/statuses/106",
        inReplyToAtomUri=f"tag:{H22},2017-04-05:objectId=106:objectType=Status")))
    # a second boost, of an old OStatus-era post of a local account
    items.append(announce22(108, 6, f"{DAVE}/statuses/77", DAVE))
    # a video whose file is not in the tar: old videos are all named `media.mp4`, so
    # it must not be matched by file name to the other video (146/502)
    items.append(create22(note22(
        109, 7, "<p>Another clip of the regatta start.</p>", [PUBLIC], [F22],
        attachment=[{"type": "Document", "mediaType": "video/mp4",
                     "url": "/media_attachments/files/000/146/503/original/media.mp4", "name": "Regatta start"}])))
    return {"@context": AS_CONTEXT, "id": "outbox.json", "type": "OrderedCollection",
            "totalItems": len(items) + 1,  # the profile counter, not the array length
            "orderedItems": items}


def actor_2022():
    return {"@context": FULL_CONTEXT, "id": A22, "type": "Person", "following": f"{A22}/following",
            "followers": F22, "inbox": f"{A22}/inbox", "outbox": "outbox.json",
            "featured": f"{A22}/collections/featured", "preferredUsername": "alice", "name": "Alice <Boats>",
            "summary": "<p>Sailing &amp; seabirds.</p>", "url": f"https://{H22}/@alice",
            "manuallyApprovesFollowers": False, "discoverable": True, "published": "2017-03-30T00:00:00Z",
            "movedTo": "https://new.example/users/alice",
            "publicKey": {"id": f"{A22}#main-key", "owner": A22,
                          "publicKeyPem": "-----BEGIN PUBLIC KEY-----\nc3ludGhldGlj\n-----END PUBLIC KEY-----\n"},
            "tag": [], "attachment": [], "endpoints": {"sharedInbox": f"https://{H22}/inbox"},
            "icon": {"type": "Image", "mediaType": "image/png", "url": "avatar.png"},
            "image": {"type": "Image", "mediaType": "image/jpeg", "url": "header.jpg"},
            "likes": "likes.json", "bookmarks": "bookmarks.json"}


def write_targz(path, entries, mtime):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as t:
        for name, data in entries:
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            ti.mode = 0o444
            ti.mtime = mtime
            ti.uname = ti.gname = "wheel"
            t.addfile(ti, io.BytesIO(data))
    with open(path, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0) as g:
            g.write(raw.getvalue())


def archive_2022():
    likes = collection("likes.json", [
        "tag:social.heldscal.example,2016-11-01:noticeId=534976:objectType=note",
        f"{BOB}/statuses/9002",
        f"{CAROL}/statuses/31337",
    ])
    bookmarks = collection("bookmarks.json", [f"{BOB}/statuses/9003"])
    entries = [(tar_path, data) for _, tar_path, data in MEDIA_22]
    entries += [("outbox.json", dumps_2022(outbox_2022())),
                ("likes.json", dumps_2022(likes)),
                ("bookmarks.json", dumps_2022(bookmarks)),
                ("avatar.png", png("2022-avatar")),
                ("header.jpg", jpeg("2022-header")),
                ("actor.json", dumps_2022(actor_2022()))]
    write_targz(os.path.join(OUT, "archive-2022.tar.gz"), entries, mtime=1671393360)  # 2022-12-18 19:56 UTC


# ---------------------------------------------------------------- 2023 zip

H23 = "toot.example"
A23 = f"https://{H23}/users/robin"
F23 = f"{A23}/followers"
BASE_ID = 110285480688437416


def sid(n):
    return str(BASE_ID + n * 65536 * 1000)


M_OK = "media_attachments/files/110/285/480/112/204/631/original/adc294faa4f49e38.jpg"
M_ABSENT = "media_attachments/files/110/285/480/112/204/632/original/0badf00d0badf00d.png"
M_PREFIXED_IN_ZIP = "media_attachments/files/110/285/480/112/204/633/original/5ca1ab1e5ca1ab1e.jpg"
M_PREFIXED_IN_OUTBOX = "/horse-media/" + M_PREFIXED_IN_ZIP
MEDIA_23 = [(M_OK, jpeg("2023-pancakes")), (M_PREFIXED_IN_ZIP, jpeg("2023-horse"))]


def note23(n, content, to=None, cc=None, lang="en", typ="Note", **extra):
    oid = f"{A23}/statuses/{sid(n)}"
    to = [PUBLIC] if to is None else to
    cc = [F23] if cc is None else cc
    o = {"id": oid, "type": typ, "summary": None, "inReplyTo": None,
         "published": f"2023-05-{n:02d}T08:30:00Z", "url": f"https://{H23}/@robin/{sid(n)}",
         "attributedTo": A23, "to": to, "cc": cc, "sensitive": False, "atomUri": oid,
         "inReplyToAtomUri": None,
         "conversation": f"tag:{H23},2023-05-{n:02d}:objectId={n * 10}:objectType=Conversation",
         "content": content}
    if lang:
        o["contentMap"] = {lang: content}
    o.update({"attachment": [], "tag": [], "replies": replies(oid)})
    o.update(extra)
    return o


def create23(o):
    return {"id": o["id"] + "/activity", "type": "Create", "actor": A23, "published": o["published"],
            "to": o["to"], "cc": o["cc"], "object": o}


def outbox_2023():
    items = []
    # 1: a single-choice poll
    items.append(create23(note23(1, "<p>Which boat name?</p>", typ="Question",
                                 endTime="2023-05-02T08:30:00Z", closed="2023-05-02T08:30:00Z",
                                 votersCount=10,
                                 oneOf=[{"type": "Note", "name": "Sea Biscuit",
                                         "replies": {"type": "Collection", "totalItems": 7}},
                                        {"type": "Note", "name": "Boaty",
                                         "replies": {"type": "Collection", "totalItems": 3}}])))
    # 2: a multiple-choice poll
    items.append(create23(note23(2, "<p>Breakfast on deck?</p>", typ="Question",
                                 endTime="2023-05-03T08:30:00Z", votersCount=4,
                                 anyOf=[{"type": "Note", "name": "Tea",
                                         "replies": {"type": "Collection", "totalItems": 3}},
                                        {"type": "Note", "name": "Coffee",
                                         "replies": {"type": "Collection", "totalItems": 2}},
                                        {"type": "Note", "name": "Water",
                                         "replies": {"type": "Collection", "totalItems": 0}}])))
    # 3: edited, content warning, sensitive, alt text + focal point + blurhash, custom emoji
    items.append(create23(note23(
        3, "<p>Pancakes with too much syrup :blobcat:</p>", summary="food, sticky", sensitive=True,
        updated="2023-05-03T09:00:00Z",
        attachment=[{"type": "Document", "mediaType": "image/jpeg", "url": M_OK,
                     "name": "A stack of pancakes drowning in syrup", "blurhash": "UKO2?U%2Tw=w]~RBVZRi};RPxuwH%3s8tLOX",
                     "focalPoint": [0.25, -0.5], "width": 640, "height": 480}],
        tag=[{"id": f"https://{H23}/emojis/4242", "type": "Emoji", "name": ":blobcat:",
              "updated": "2023-01-01T00:00:00Z",
              "icon": {"type": "Image", "mediaType": "image/png", "url": f"https://{H23}/emoji/blobcat.png"}}])))
    # 4: mentions (remote and local), hashtags, a shortened link, <br>, escaped markup, German
    content4 = (
        f"<p>{hcard('https://other.example/@bob', 'bob')} {hcard(f'https://{H23}/@kim', 'kim')} "
        f"Segeln lernen {hashtag(H23, 'Sailing')} {hashtag(H23, 'Rust')}</p>"
        "<p>Zeile eins<br>Zeile zwei<br />Zeile drei</p>"
        "<p>Code: &lt;script&gt;alert(1)&lt;/script&gt; &amp; mehr</p>"
        '<p>Siehe <a href="https://docs.example/a/very/long/path/to/the/sailing-guide.html" target="_blank" '
        'rel="nofollow noopener noreferrer" translate="no"><span class="invisible">https://</span>'
        '<span class="ellipsis">docs.example/a/very/long/pat</span>'
        '<span class="invisible">h/to/the/sailing-guide.html</span></a></p>')
    items.append(create23(note23(
        4, content4, lang="de", cc=[F23, BOB, f"https://{H23}/users/kim"],
        tag=[{"type": "Mention", "href": BOB, "name": "@bob@other.example"},
             {"type": "Mention", "href": f"https://{H23}/users/kim", "name": "@kim"},
             {"type": "Hashtag", "href": f"https://{H23}/tags/sailing", "name": "#sailing"},
             {"type": "Hashtag", "href": f"https://{H23}/tags/rust", "name": "#rust"}])))
    # 5: a reply to someone else
    items.append(create23(note23(
        5, f"<p>{hcard('https://other.example/@bob', 'bob')} agreed, the jib needs patching</p>",
        cc=[F23, BOB], inReplyTo=f"{BOB}/statuses/777", inReplyToAtomUri=f"{BOB}/statuses/777",
        tag=[{"type": "Mention", "href": BOB, "name": "@bob@other.example"}])))
    # 6: a quote post (Mastodon 4.5 style)
    items.append(create23(note23(
        6, "<p>This, exactly.</p><p>RE: <a href=\"https://other.example/@bob/778\">https://other.example/@bob/778</a></p>",
        quote=f"{BOB}/statuses/778", quoteAuthorization=f"{BOB}/quote_authorizations/1")))
    # 7: an Article with a title
    items.append(create23(note23(
        7, "<p>Long read about knots.</p><p>The bowline comes first.</p>", typ="Article",
        name="Knots I have known")))
    # 8: an attachment absent from the archive, and a link preview card
    items.append(create23(note23(
        8, "<p>Chart of the bay (the file went missing)</p>",
        attachment=[{"type": "Document", "mediaType": "image/png", "url": M_ABSENT,
                     "name": "Nautical chart", "blurhash": None},
                    {"type": "Link", "href": "https://news.example/story", "name": "Harbour news"}])))
    # 9: an attachment whose outbox path has a server prefix
    items.append(create23(note23(
        9, "<p>Horse on the beach</p>",
        attachment=[{"type": "Document", "mediaType": "image/jpeg", "url": M_PREFIXED_IN_OUTBOX,
                     "name": "A horse trotting through surf", "blurhash": "U9Gu@+-;00WB~qj[D%ay"}])))
    # 10: a boost (no @context in 2023)
    items.append({"id": f"{A23}/statuses/{sid(10)}/activity", "type": "Announce", "actor": A23,
                  "published": "2023-05-10T08:30:00Z", "to": [PUBLIC], "cc": [BOB, F23],
                  "object": f"{BOB}/statuses/779"})
    # 11: an activity type the importer does not map
    items.append({"id": f"{A23}/statuses/{sid(3)}#updates/1683104400", "type": "Update", "actor": A23,
                  "published": "2023-05-03T09:00:00Z", "to": [PUBLIC], "cc": [F23],
                  "object": f"{A23}/statuses/{sid(3)}"})
    # 12: non-ASCII written raw, no language
    items.append(create23(note23(12, "<p>Grüße aus Kiel ⚓ — bis bald</p>", lang=None)))
    # 13: a content warning is plain text, not HTML: `<3` and `<b>` are characters
    items.append(create23(note23(13, "<p>Heart-shaped buoy</p>", summary="I <3 boats & <b>knots</b>")))
    # 14: a code block, as glitch-soc's Markdown posts render it: its lines are kept
    items.append(create23(note23(14, "<p>Knot as code:</p><pre><code>bowline {\n  loop &amp;&amp; tuck;\n}\n</code></pre>")))
    return {"@context": FULL_CONTEXT, "id": "outbox.json", "type": "OrderedCollection",
            "totalItems": len(items) + 2, "orderedItems": items}


def actor_2023():
    homepage = ('<a href="https://robin.example" target="_blank" rel="nofollow noopener noreferrer me" '
                'translate="no"><span class="invisible">https://</span><span class="">robin.example</span>'
                '<span class="invisible"></span></a>')
    return {"@context": FULL_CONTEXT, "id": A23, "type": "Person", "following": f"{A23}/following",
            "followers": F23, "inbox": f"{A23}/inbox", "outbox": "outbox.json",
            "featured": f"{A23}/collections/featured", "featuredTags": f"{A23}/collections/tags",
            "preferredUsername": "robin", "name": "Robin Sails",
            "summary": "<p>Boats, knots &amp; <a href=\"https://toot.example/tags/sailing\" class=\"mention hashtag\" rel=\"tag\">#<span>sailing</span></a></p>",
            "url": f"https://{H23}/@robin", "manuallyApprovesFollowers": True, "discoverable": False,
            "indexable": False, "published": "2022-11-10T00:00:00Z", "memorial": False,
            "devices": f"{A23}/collections/devices",
            "publicKey": {"id": f"{A23}#main-key", "owner": A23,
                          "publicKeyPem": "-----BEGIN PUBLIC KEY-----\nc3ludGhldGlj\n-----END PUBLIC KEY-----\n"},
            "tag": [],
            "attachment": [{"type": "PropertyValue", "name": "Homepage", "value": homepage},
                           {"type": "PropertyValue", "name": "Pronouns", "value": "they/them"}],
            "alsoKnownAs": ["https://old.example/users/robin"], "webfinger": "robin@toot.example",
            "endpoints": {"sharedInbox": f"https://{H23}/inbox"},
            "icon": {"type": "Image", "mediaType": "image/png", "url": "avatar.png"},
            "image": {"type": "Image", "mediaType": "image/png", "url": "header.png"},
            "likes": "likes.json", "bookmarks": "bookmarks.json"}


def write_zip(path, entries):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            zi = zipfile.ZipInfo(name, date_time=(2023, 7, 20, 18, 27, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o100644 << 16
            zi.create_system = 3
            z.writestr(zi, data)


def archive_2023():
    likes = collection("likes.json", [f"{BOB}/statuses/780", f"https://third.example/users/carol/statuses/555"],
                       total=False)
    bookmarks = collection("bookmarks.json", [], total=False)
    entries = [("outbox.json", dumps_2023(outbox_2023()))]
    entries += MEDIA_23
    entries += [("likes.json", dumps_2023(likes)),
                ("bookmarks.json", dumps_2023(bookmarks)),
                ("avatar.png", png("2023-avatar")),
                ("header.png", png("2023-header")),
                ("actor.json", dumps_2023(actor_2023()))]
    write_zip(os.path.join(OUT, "archive-2023.zip"), entries)


# ---------------------------------------------------------------- bare outbox

def outbox_only():
    actor = "https://solo.example/users/sam"
    followers = f"{actor}/followers"
    items = []
    for n, (text, to, cc) in enumerate([
        ("<p>Only the outbox survived.</p>", [PUBLIC], [followers]),
        ("<p>Quiet note for followers.</p>", [followers], []),
    ], start=1):
        oid = f"{actor}/statuses/{200 + n}"
        items.append({"id": f"{oid}/activity", "type": "Create", "actor": actor,
                      "published": f"2024-02-0{n}T12:00:00Z", "to": to, "cc": cc,
                      "object": {"id": oid, "type": "Note", "summary": None, "inReplyTo": None,
                                 "published": f"2024-02-0{n}T12:00:00Z", "url": f"https://solo.example/@sam/{200 + n}",
                                 "attributedTo": actor, "to": to, "cc": cc, "sensitive": False,
                                 "content": text, "attachment": [], "tag": []}})
    items.append({"id": f"{actor}/statuses/203/activity", "type": "Announce", "actor": actor,
                  "published": "2024-02-03T12:00:00Z", "to": [PUBLIC], "cc": [BOB, followers],
                  "object": f"{BOB}/statuses/781"})
    # a compatible server's shapes: `attachment` and `tag` as one object (not a list), and a
    # direct thread without `conversation`, its reply tied only by `inReplyTo`
    oid = f"{actor}/statuses/204"
    items.append({"id": f"{oid}/activity", "type": "Create", "actor": actor, "published": "2024-02-04T12:00:00Z",
                  "to": [PUBLIC], "cc": [followers],
                  "object": {"id": oid, "type": "Note", "published": "2024-02-04T12:00:00Z", "attributedTo": actor,
                             "to": [PUBLIC], "cc": [followers], "content": "<p>One photo, one object.</p>",
                             "tag": {"type": "Hashtag", "href": "https://solo.example/tags/solo", "name": "#solo"},
                             "attachment": {"type": "Document", "mediaType": "image/jpeg",
                                            "url": "https://solo.example/system/media_attachments/files/000/000/204/original/aabbccddeeff0011.jpg",
                                            "name": "Lone photo"}}})
    for n, reply in ((205, None), (206, f"{actor}/statuses/205")):
        oid = f"{actor}/statuses/{n}"
        items.append({"id": f"{oid}/activity", "type": "Create", "actor": actor,
                      "published": f"2024-02-{n - 200:02d}T12:00:00Z", "to": [BOB], "cc": [],
                      "object": {"id": oid, "type": "Note", "published": f"2024-02-{n - 200:02d}T12:00:00Z",
                                 "attributedTo": actor, "to": [BOB], "cc": [], "inReplyTo": reply,
                                 "content": f"<p>{hcard('https://other.example/@bob', 'bob')} private {n}</p>",
                                 "tag": [{"type": "Mention", "href": BOB, "name": "@bob@other.example"}]}})
    # a direct post to an account on the numeric ActivityPub scheme (2026), whose
    # URI does not name the user: the mention's `name` does
    zoe = "https://big.example/ap/users/116840387061670746"
    oid = f"{actor}/statuses/207"
    items.append({"id": f"{oid}/activity", "type": "Create", "actor": actor, "published": "2024-02-07T12:00:00Z",
                  "to": [zoe], "cc": [],
                  "object": {"id": oid, "type": "Note", "published": "2024-02-07T12:00:00Z", "attributedTo": actor,
                             "to": [zoe], "cc": [], "conversation": "https://solo.example/contexts/207-1",
                             "content": f"<p>{hcard('https://big.example/@zoe', 'zoe')} hello from the numeric scheme</p>",
                             "tag": [{"type": "Mention", "href": zoe, "name": "@zoe@big.example"}]}})
    d = os.path.join(OUT, "outbox-only")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "outbox.json"), "wb") as f:
        f.write(dumps_2023({"@context": AS_CONTEXT, "id": "outbox.json", "type": "OrderedCollection",
                            "totalItems": len(items), "orderedItems": items}))


def quirks_2024():
    """Shapes seen in real archives: statuses addressed to nobody, one outbox item twice."""
    actor = "https://quirk.example/users/lee"
    followers = f"{actor}/followers"
    items = []

    def create(n, to, cc, content, **extra):
        oid = f"{actor}/statuses/{n}"
        day = f"2024-03-{n - 300:02d}T09:00:00Z"
        o = {"id": oid, "type": "Note", "summary": None, "inReplyTo": None, "published": day,
             "url": f"https://quirk.example/@lee/{n}", "attributedTo": actor, "to": to, "cc": cc,
             "sensitive": False, "content": content, "attachment": [], "tag": []}
        o.update(extra)
        return {"id": f"{oid}/activity", "type": "Create", "actor": actor, "published": day,
                "to": to, "cc": cc, "object": o}

    # a direct post that mentions no one: Mastodon writes empty `to` and `cc`
    items.append(create(301, [], [], "<p>Note to self: renew the boat licence.</p>",
                        conversation="tag:quirk.example,2024-03-01:objectId=301:objectType=Conversation"))
    # its reply, also to nobody, tied to it only by inReplyTo
    items.append(create(302, [], [], "<p>Done, renewed.</p>", inReplyTo=f"{actor}/statuses/301"))
    # a public post, and the outbox listing the very same item twice
    pub = create(303, [PUBLIC], [followers], "<p>Listed twice by the export.</p>")
    items.append(pub)
    items.append(create(304, [followers], [], "<p>Between the twins.</p>"))
    items.append(json.loads(json.dumps(pub)))
    d = os.path.join(OUT, "quirks-2024")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "outbox.json"), "wb") as f:
        f.write(dumps_2023({"@context": AS_CONTEXT, "id": "outbox.json", "type": "OrderedCollection",
                            "totalItems": len(items), "orderedItems": items}))


# ---------------------------------------------------------------- CSV

def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def csvs():
    d = os.path.join(OUT, "csv")
    write(os.path.join(d, "following_accounts.csv"),
          "Account address,Show boosts,Notify on new posts,Languages\n"
          "bob@other.example,true,false,\n"
          "carol@third.example,false,true,\"en, fr\"\n"
          "\n"
          "kim@toot.example,true,true,de\n")
    write(os.path.join(d, "muted_accounts.csv"),
          "Account address,Hide notifications\n"
          "loud@noise.example,true\n"
          "chatty@noise.example,false\n")
    write(os.path.join(d, "blocked_accounts.csv"),
          "spammer@spam.example\n"
          "troll@spam.example\n")
    write(os.path.join(d, "blocked_domains.csv"),
          "spam.example\n"
          "ads.example\n")
    write(os.path.join(d, "lists.csv"),
          "Sailing friends,bob@other.example\n"
          "Sailing friends,carol@third.example\n"
          "\"Family, close\",kim@toot.example\n")
    write(os.path.join(d, "bookmarks.csv"),
          f"{BOB}/statuses/9003\n"
          f"{CAROL}/statuses/31338\n")
    write(os.path.join(d, "follower_accounts.csv"),
          "Account address\n"
          "fan@fans.example\n"
          "bob@other.example\n")
    old = os.path.join(OUT, "csv-old")
    write(os.path.join(old, "following_accounts.csv"),
          "oldfriend@legacy.example\n"
          "@another@legacy.example\n")
    write(os.path.join(old, "follows.csv"),
          "Account address,Show boosts\n"
          "boosty@legacy.example,false\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    archive_2022()
    archive_2023()
    outbox_only()
    quirks_2024()
    csvs()


if __name__ == "__main__":
    main()

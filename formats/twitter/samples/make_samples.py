#!/usr/bin/env python3
"""Write the synthetic Twitter/X sample dumps beside this script.

Every person, text, id and picture here is invented. The shapes follow
/work/shared/reference/twitter/FORMAT.md: wrappers, key styles, number-as-string
rules, escaping, indices in code points of the stored (escaped) text, snowflake
ids that agree with their timestamps, media file naming.

Run:  python3 make_samples.py      (rewrites g0-classic-2014/ g1-2019/ g2-2021/ g3-2026/)
The folders are what the tests read; this script only documents how they were made.
"""
import csv
import datetime as dt
import html
import io
import json
import os
import re
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
EPOCH_MS = 1288834974657


# --------------------------------------------------------------------------- ids and times
def ms_of(iso):
    """'2025-11-20T19:42:07.118' (UTC) -> epoch ms."""
    if "." not in iso:
        iso += ".000"
    t = dt.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%S.%f").replace(tzinfo=dt.timezone.utc)
    return int(t.timestamp() * 1000 + 0.5)


def sf(iso, low):
    """A snowflake id for a time: (ms - epoch) << 22 | machine/sequence bits."""
    return str(((ms_of(iso) - EPOCH_MS) << 22) | (low & 0x3FFFFF))


def sf_ms(id_):
    return (int(id_) >> 22) + EPOCH_MS


def api_time(iso):
    """Twitter API date: 'Thu Nov 20 19:42:07 +0000 2025'."""
    t = dt.datetime.strptime(iso.split(".")[0], "%Y-%m-%dT%H:%M:%S")
    return t.strftime("%a %b %d %H:%M:%S +0000 %Y")


def classic_time(iso):
    t = dt.datetime.strptime(iso.split(".")[0], "%Y-%m-%dT%H:%M:%S")
    return t.strftime("%Y-%m-%d %H:%M:%S +0000")


def iso_z(iso):
    if "." not in iso:
        iso += ".000"
    return iso + "Z"


def cp(text, sub, start=0):
    """Code-point indices of sub in text (Python str indices are code points)."""
    i = text.index(sub, start)
    return i, i + len(sub)


# --------------------------------------------------------------------------- writers
def jstr(s, classic=False):
    if not classic:
        return json.dumps(s, ensure_ascii=False)
    r = json.dumps(s, ensure_ascii=True)
    r = re.sub(r"\\u([0-9a-f]{4})", lambda m: "\\u" + m.group(1).upper(), r)
    return r.replace("/", "\\/")


def scalar(v, classic=False):
    if isinstance(v, str):
        return jstr(v, classic)
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def jackson(v, ind=0, classic=False):
    """Jackson's default pretty printer (2014 classic, 2019, 2021): `[ {`, inline arrays."""
    sp = "  " * ind
    if isinstance(v, dict):
        if not v:
            return "{ }"
        items = [f"{sp}  {jstr(k, classic)} : {jackson(x, ind + 1, classic)}" for k, x in v.items()]
        return "{\n" + ",\n".join(items) + f"\n{sp}}}"
    if isinstance(v, list):
        if not v:
            return "[ ]"
        return "[ " + ", ".join(jackson(x, ind, classic) for x in v) + " ]"
    return scalar(v, classic)


def jackson_g3(v, ind=0):
    """The 2023+ style: every bracket on its own line, `[ ]` for empties."""
    sp = "  " * ind
    if isinstance(v, dict):
        if not v:
            return "{ }"
        items = [f"{sp}  {jstr(k)} : {jackson_g3(x, ind + 1)}" for k, x in v.items()]
        return "{\n" + ",\n".join(items) + f"\n{sp}}}"
    if isinstance(v, list):
        if not v:
            return "[ ]"
        items = [f"{sp}  {jackson_g3(x, ind + 1)}" for x in v]
        return "[\n" + ",\n".join(items) + f"\n{sp}]"
    return scalar(v)


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = "wb" if isinstance(data, (bytes, bytearray)) else "w"
    with open(path, mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": ""})) as f:
        f.write(data)


def ytd(name, part, items, style):
    body = jackson_g3(items) if style == "g3" else jackson(items)
    return f"window.YTD.{name}.part{part} = {body}"


# --------------------------------------------------------------------------- a tiny real JPEG
def _huff_codes(bits, vals):
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            codes[vals[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


def jpeg(width, height, level):
    """Baseline greyscale JPEG whose 8x8 blocks are flat (DC only); level(bx, by) -> 0..255."""
    assert width % 8 == 0 and height % 8 == 0
    out = bytearray(b"\xff\xd8")

    def seg(marker, payload):
        out.extend(marker + struct.pack(">H", len(payload) + 2) + payload)

    seg(b"\xff\xe0", b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    seg(b"\xff\xdb", bytes([0]) + bytes([1] * 64))  # quantisation table 0: all ones
    seg(b"\xff\xc0", bytes([8]) + struct.pack(">HH", height, width) + bytes([1, 1, 0x11, 0]))
    dc_bits = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]  # standard luminance DC table
    dc_vals = list(range(12))
    ac_bits = [1] + [0] * 15  # one AC symbol: end-of-block
    ac_vals = [0]
    seg(b"\xff\xc4", bytes([0x00]) + bytes(dc_bits) + bytes(dc_vals))
    seg(b"\xff\xc4", bytes([0x10]) + bytes(ac_bits) + bytes(ac_vals))
    seg(b"\xff\xda", bytes([1, 1, 0x00, 0, 63, 0]))
    dc, ac = _huff_codes(dc_bits, dc_vals), _huff_codes(ac_bits, ac_vals)
    bits = []

    def put(v, n):
        bits.extend((v >> (n - 1 - i)) & 1 for i in range(n))

    pred = 0
    for by in range(height // 8):
        for bx in range(width // 8):
            coef = 8 * (level(bx, by) - 128)
            diff, pred = coef - pred, coef
            cat = abs(diff).bit_length()
            put(*dc[cat])
            if cat:
                put(diff if diff > 0 else diff + (1 << cat) - 1, cat)
            put(*ac[0])
    while len(bits) % 8:
        bits.append(1)
    for i in range(0, len(bits), 8):
        b = int("".join(map(str, bits[i : i + 8])), 2)
        out.append(b)
        if b == 0xFF:
            out.append(0)
    out.extend(b"\xff\xd9")
    return bytes(out)


# --------------------------------------------------------------------------- G0 classic 2014
def g0():
    root = os.path.join(HERE, "g0-classic-2014")
    shutil.rmtree(root, ignore_errors=True)
    uid = "15823412"
    user = {
        "name": "Ada Quill",
        "screen_name": "adaquill",
        "protected": False,
        "id_str": uid,
        "profile_image_url_https": "https://pbs.twimg.com/profile_images/3471182265/ad4f9e2c1b0a7d55e3f1c2b9a8d7e6f5_normal.jpeg",
        "id": int(uid),
        "verified": False,
    }
    web = "web"
    android = '<a href="http://twitter.com/download/android" rel="nofollow">Twitter for Android</a>'

    def ents(mentions=(), urls=(), tags=(), media=()):
        return {"user_mentions": list(mentions), "media": list(media), "hashtags": list(tags), "urls": list(urls)}

    def tw(id_, iso, text, source, entities, extra=None, date_only=False):
        t = {"source": source, "entities": entities, "geo": {}, "id_str": id_, "text": text, "id": int(id_)}
        t["created_at"] = (iso[:10] + " 00:00:00 +0000") if date_only else classic_time(iso)
        if extra:
            t.update(extra)
        t["user"] = user
        return t

    # 2014-03, newest first as Grailbird writes it
    rt_orig_id = sf("2014-03-27T19:02:55.410", 0x1A2B3)
    rt_id = sf("2014-03-28T08:40:12.771", 0x2C4D5)
    bee = {"name": "Mossfield Bees", "screen_name": "mossfield_bee", "protected": False, "id_str": "281937465",
           "id": 281937465, "verified": False}
    orig_text = "First bumblebee of the year on the lungwort! Queens are out early this spring."
    rt_text = "RT @mossfield_bee: " + orig_text
    rt = tw(rt_id, "2014-03-28T08:40:12", rt_text, android,
            ents(mentions=[{"name": "Mossfield Bees", "screen_name": "mossfield_bee", "indices": [3, 17],
                            "id_str": "281937465", "id": 281937465}]),
            extra={"retweeted_status": {"source": web, "entities": ents(), "geo": {}, "id_str": rt_orig_id,
                                        "text": orig_text, "id": int(rt_orig_id),
                                        "created_at": classic_time("2014-03-27T19:02:55"), "user": bee}})
    assert rt_text[3:17] == "@mossfield_bee"

    photo_id = sf("2014-03-22T14:05:33.020", 0x0F0E1)
    media_id = sf("2014-03-22T14:05:30.500", 0x00001)
    photo_text = "Seed trays are in, labels and all. http://t.co/Rk8vW2bQxs"
    pa, pb = cp(photo_text, "http://t.co/Rk8vW2bQxs")
    photo = tw(photo_id, "2014-03-22T14:05:33", photo_text, android, ents(media=[{
        "expanded_url": f"http://twitter.com/adaquill/status/{photo_id}/photo/1",
        "sizes": [{"h": 150, "resize": "crop", "w": 150}, {"h": 450, "resize": "fit", "w": 600},
                  {"h": 255, "resize": "fit", "w": 340}, {"h": 768, "resize": "fit", "w": 1024}],
        "url": "http://t.co/Rk8vW2bQxs", "media_url_https": "https://pbs.twimg.com/media/BjWq2xYCIAAqZ1r.jpg",
        "id_str": media_id, "indices": [pa, pb], "media_url": "http://pbs.twimg.com/media/BjWq2xYCIAAqZ1r.jpg",
        "display_url": "pic.twitter.com/Rk8vW2bQxs", "id": int(media_id)}]))

    link_id = sf("2014-03-15T19:47:02.318", 0x33A21)
    link_text = "Bread &amp; butter pudding for the allotment bake-off: http://t.co/Xk3pQ9mWzA #bakeoff"
    la, lb = cp(link_text, "http://t.co/Xk3pQ9mWzA")
    ha, hb = cp(link_text, "#bakeoff")
    link = tw(link_id, "2014-03-15T19:47:02", link_text, web, ents(
        urls=[{"indices": [la, lb], "url": "http://t.co/Xk3pQ9mWzA",
               "expanded_url": "http://www.example.org/recipes/bread-and-butter-pudding",
               "display_url": "example.org/recipes/bread-\u2026"}],
        tags=[{"text": "bakeoff", "indices": [ha, hb]}]))

    reply_to = sf("2014-03-11T07:30:11.902", 0x10203)
    reply_id = sf("2014-03-11T07:58:40.055", 0x3FF01)
    reply_text = "@leeds_buses Is the 49 still on diversion?\nStood at Kirkstall for 20 min now."
    reply = tw(reply_id, "2014-03-11T07:58:40", reply_text, android,
               ents(mentions=[{"name": "Leeds Buses", "screen_name": "leeds_buses", "indices": [0, 12],
                               "id_str": "51234987", "id": 51234987}]),
               extra={"in_reply_to_status_id_str": reply_to, "in_reply_to_user_id": 51234987,
                      "in_reply_to_status_id": int(reply_to), "in_reply_to_screen_name": "leeds_buses",
                      "in_reply_to_user_id_str": "51234987"})

    moth_id = sf("2014-03-03T21:12:09.640", 0x2A0B7)
    moth_text = "Moth trap tally: 14 species, best was a Hebrew Character &lt;3 (and/or a Common Quaker)"
    moth = tw(moth_id, "2014-03-03T21:12:09", moth_text, web, ents())

    march = [rt, photo, link, reply, moth]

    # 2009-01: before November 2010 tweets only carry a date
    ny = tw("1091862517", "2009-01-01T00:00:00", "Happy new year from a frosty allotment \u2744 \u2014 the leeks survived!",
            web, ents(), date_only=True)
    cafe = tw("1107385543", "2009-01-09T00:00:00", "Caf\u00e9 shut, so tea at the library instead.", web, ents(),
              date_only=True)
    january = [cafe, ny]

    for t in march:
        assert int(t["id_str"]) > 2**53 and float(int(t["id_str"])) != int(t["id_str"]), t["id_str"]
    for name, items in [("2014_03", march), ("2009_01", january)]:
        write(f"{root}/data/js/tweets/{name}.js",
              f"Grailbird.data.tweets_{name} = \n " + jackson(items, classic=True))
    write(f"{root}/data/js/tweet_index.js", "var tweet_index =  " + jackson([
        {"file_name": "data/js/tweets/2014_03.js", "year": 2014, "var_name": "tweets_2014_03",
         "tweet_count": len(march), "month": 3},
        {"file_name": "data/js/tweets/2009_01.js", "year": 2009, "var_name": "tweets_2009_01",
         "tweet_count": len(january), "month": 1}], classic=True))
    write(f"{root}/data/js/payload_details.js", "var payload_details =  " + jackson(
        {"tweets": len(march) + len(january), "created_at": "2014-04-02 10:21:37 +0000", "lang": "en"}, classic=True))
    write(f"{root}/data/js/user_details.js", "var user_details =  " + jackson({
        "expanded_url": "http://adaquill.example.net", "screen_name": "adaquill", "location": "Leeds, UK",
        "url": "http://t.co/Qa7LmN2pXe", "full_name": "Ada Quill",
        "bio": "Allotment notes, bus timetables and the occasional moth. Caf\u00e9 regular.", "id": uid,
        "created_at": "2008-07-22 09:14:03 +0000", "display_url": "adaquill.example.net"}, classic=True))
    write(f"{root}/index.html", "<!DOCTYPE html>\n<html><head><title>Your Twitter archive</title></head>"
                                "<body><p>Open this page in a browser to view the archive.</p></body></html>\n")

    # tweets.csv: the same tweets, RFC 4180 quoting (every field quoted, "" inside)
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(["tweet_id", "in_reply_to_status_id", "in_reply_to_user_id", "timestamp", "source", "text",
                "retweeted_status_id", "retweeted_status_user_id", "retweeted_status_timestamp", "expanded_urls"])
    for t in march + january:
        rs = t.get("retweeted_status")
        urls = [u["expanded_url"] for u in t["entities"]["urls"]] + \
               [m["expanded_url"] for m in t["entities"]["media"]]
        w.writerow([t["id_str"], t.get("in_reply_to_status_id_str", ""), t.get("in_reply_to_user_id_str", ""),
                    t["created_at"], t["source"], t["text"], rs["id_str"] if rs else "",
                    rs["user"]["id_str"] if rs else "", rs["created_at"] if rs else "", ",".join(urls)])
    write(f"{root}/tweets.csv", buf.getvalue())
    assert "\n" in reply_text


# --------------------------------------------------------------------------- G1 2019
def g1():
    root = os.path.join(HERE, "g1-2019")
    shutil.rmtree(root, ignore_errors=True)
    me = "3390194011"
    kestrel = "2877461120"
    android = '<a href="http://twitter.com/download/android" rel="nofollow">Twitter for Android</a>'

    def tw(id_, iso, text, entities, extra=None):
        t = {"retweeted": False, "source": android, "entities": entities,
             "display_text_range": ["0", str(len(text))], "favorite_count": "2", "id_str": id_,
             "truncated": False, "retweet_count": "0", "id": id_, "created_at": api_time(iso), "favorited": False,
             "full_text": text, "lang": "en"}
        if extra:
            t.update(extra)
        return t

    def ents(mentions=(), urls=(), tags=()):
        return {"hashtags": list(tags), "symbols": [], "user_mentions": list(mentions), "urls": list(urls)}

    rt_text = "RT @kestrel_runs: Sunday long run moved to 8am because of the heat. Bring water and a hat!"
    rt = tw(sf("2019-07-02T06:15:44.310", 0x1D0C2), "2019-07-02T06:15:44", rt_text, ents(mentions=[
        {"name": "Kestrel Running Club", "screen_name": "kestrel_runs", "indices": ["3", "16"],
         "id_str": kestrel, "id": kestrel}]))
    assert rt_text[3:16] == "@kestrel_runs"
    link_text = "Route for Sunday, 21k along the river: https://t.co/Lm3nB8vQ2c"
    la, lb = cp(link_text, "https://t.co/Lm3nB8vQ2c")
    link = tw(sf("2019-06-29T18:03:27.902", 0x07A11), "2019-06-29T18:03:27", link_text, ents(urls=[
        {"url": "https://t.co/Lm3nB8vQ2c", "expanded_url": "https://www.example.com/routes/riverside-loop-21k",
         "display_url": "example.com/routes/riversi\u2026", "indices": [str(la), str(lb)]}]))
    parent = sf("2019-06-16T12:31:50.118", 0x01234)
    reply_text = "@kestrel_runs See you at the start line &lt;3"
    reply = tw(sf("2019-06-16T12:40:05.777", 0x2B3C4), "2019-06-16T12:40:05", reply_text, ents(mentions=[
        {"name": "Kestrel Running Club", "screen_name": "kestrel_runs", "indices": ["0", "13"],
         "id_str": kestrel, "id": kestrel}]), extra={
        "in_reply_to_status_id_str": parent, "in_reply_to_user_id": kestrel, "in_reply_to_status_id": parent,
        "in_reply_to_screen_name": "kestrel_runs", "in_reply_to_user_id_str": kestrel,
        "coordinates": None, "geo": None})
    run_text = "Finished the 10k in 52:10 &amp; only walked up the one hill \U0001F3C3 #parkrun"
    ha, hb = cp(run_text, "#parkrun")
    run = tw(sf("2019-06-15T10:22:31.045", 0x3F0A0), "2019-06-15T10:22:31", run_text,
             ents(tags=[{"text": "parkrun", "indices": [str(ha), str(hb)]}]))
    tweets = [rt, link, reply, run]
    write(f"{root}/tweet.js", ytd("tweet", 0, tweets, "jackson"))
    write(f"{root}/account.js", ytd("account", 0, [{"account": {
        "email": "bo.tamsin@example.com", "createdVia": "web", "username": "botamsin", "accountId": me,
        "createdAt": "2015-08-24T17:02:41.000Z", "accountDisplayName": "Bo Tamsin"}}], "jackson"))
    write(f"{root}/follower.js", ytd("follower", 0, [{"follower": {"accountId": kestrel}},
                                                      {"follower": {"accountId": "4410923871"}}], "jackson"))
    write(f"{root}/following.js", ytd("following", 0, [{"following": {"accountId": kestrel}},
                                                        {"following": {"accountId": "717203945"}}], "jackson"))
    liked = sf("2019-06-20T17:55:02.000", 0x0AAAA)
    write(f"{root}/like.js", ytd("like", 0, [
        {"like": {"tweetId": liked, "fullText": "Track session tonight: 6 x 800m &amp; a cool-down jog",
                  "expandedUrl": f"https://twitter.com/i/web/status/{liked}"}},
        {"like": {"tweetId": "1139102947566026753",
                  "expandedUrl": "https://twitter.com/i/web/status/1139102947566026753"}}], "jackson"))


# --------------------------------------------------------------------------- G2 2021
def manifest(user, generated, types, style):
    cfg = {"userInfo": user,
           "archiveInfo": {"sizeBytes": "184320", "generationDate": generated, "isPartialArchive": False,
                           "maxPartSizeBytes": "53687091200"},
           "readmeInfo": {"fileName": "data/README.txt", "directory": "data/", "name": "README.txt"},
           "dataTypes": types}
    return "window.__THAR_CONFIG = " + jackson(cfg)


def files_entry(name, glob, items, part=0, media=None):
    e = {}
    if media:
        e["mediaDirectory"] = media
    e["files"] = [{"fileName": name, "globalName": f"YTD.{glob}.part{part}", "count": str(len(items))}]
    return e


def g2():
    root = os.path.join(HERE, "g2-2021")
    shutil.rmtree(root, ignore_errors=True)
    d = f"{root}/data"
    me = sf("2019-01-26T20:11:43.201", 0x00C31)
    jo = "9817263540"
    kew = "744553219"
    web = '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>'

    def tw(id_, iso, text, entities, extra=None):
        t = {"retweeted": False, "source": web, "entities": entities, "display_text_range": ["0", str(len(text))],
             "favorite_count": "1", "id_str": id_, "truncated": False, "retweet_count": "0", "id": id_,
             "created_at": api_time(iso), "favorited": False, "full_text": text, "lang": "en"}
        if extra:
            t.update(extra)
        return {"tweet": t}

    def ents(mentions=(), urls=(), tags=(), media=None):
        e = {"hashtags": list(tags), "symbols": [], "user_mentions": list(mentions), "urls": list(urls)}
        if media:
            e["media"] = media
        return e

    # photo tweet, file in tweet_media/
    photo_id = sf("2021-05-08T09:12:45.600", 0x1B2A3)
    pmedia = sf("2021-05-08T09:12:40.100", 0x00042)
    photo_text = "Repotted the fig. Roots everywhere! https://t.co/Fg7kL2mPq9"
    pa, pb = cp(photo_text, "https://t.co/Fg7kL2mPq9")
    m = {"expanded_url": f"https://twitter.com/corinvelde/status/{photo_id}/photo/1", "indices": [str(pa), str(pb)],
         "url": "https://t.co/Fg7kL2mPq9", "media_url": "http://pbs.twimg.com/media/E0dK3fWXoAIu7Qa.jpg",
         "id_str": pmedia, "id": pmedia, "media_url_https": "https://pbs.twimg.com/media/E0dK3fWXoAIu7Qa.jpg",
         "sizes": {"thumb": {"w": "150", "h": "150", "resize": "crop"}, "small": {"w": "680", "h": "510", "resize": "fit"},
                   "medium": {"w": "1200", "h": "900", "resize": "fit"}, "large": {"w": "1600", "h": "1200", "resize": "fit"}},
         "type": "photo", "display_url": "pic.twitter.com/Fg7kL2mPq9"}
    # marked sensitive (X shows its picture behind a warning)
    photo = tw(photo_id, "2021-05-08T09:12:45", photo_text, ents(media=[m]),
               extra={"possibly_sensitive": True, "extended_entities": {"media": [m]}})
    write(f"{d}/tweet_media/{photo_id}-E0dK3fWXoAIu7Qa.jpg",
          jpeg(32, 24, lambda x, y: 60 + 40 * ((x + y) % 2) + 10 * x))

    # a reply
    jo_post = sf("2021-05-06T16:40:10.010", 0x0F00F)
    reply_id = sf("2021-05-06T17:02:19.884", 0x2E1D0)
    reply_text = "@ferngully_jo Yes! Feed it every two weeks in summer, not more."
    reply = tw(reply_id, "2021-05-06T17:02:19", reply_text, ents(mentions=[
        {"name": "Jo Ferngully", "screen_name": "ferngully_jo", "indices": ["0", "13"], "id_str": jo, "id": jo}]),
        extra={"in_reply_to_status_id_str": jo_post, "in_reply_to_user_id": jo, "in_reply_to_status_id": jo_post,
               "in_reply_to_screen_name": "ferngully_jo", "in_reply_to_user_id_str": jo})

    # a quote tweet: the quoted post is only a status link
    quoted = sf("2021-05-01T11:20:33.500", 0x10A0B)
    quote_id = sf("2021-05-02T08:05:51.123", 0x0C0D0)
    quote_text = "This is the best thread on pruning I have read all year https://t.co/Qz9xW1vB3n"
    qa, qb = cp(quote_text, "https://t.co/Qz9xW1vB3n")
    quote = tw(quote_id, "2021-05-02T08:05:51", quote_text, ents(urls=[
        {"url": "https://t.co/Qz9xW1vB3n", "expanded_url": f"https://twitter.com/ferngully_jo/status/{quoted}",
         "display_url": "twitter.com/ferngully_jo/s\u2026", "indices": [str(qa), str(qb)]}]),
        extra={"possibly_sensitive": False})

    # part1: a text-only retweet (original id lost) and a plain tweet with &gt;
    rt_text = ("RT @kew_gardens_fan: The magnolias along the lake path are at their best this week, "
               "and the tulip beds by the glasshouse are just starting to\u2026")
    rt = tw(sf("2021-04-20T07:45:00.999", 0x3A3B3), "2021-04-20T07:45:00", rt_text, ents(mentions=[
        {"name": "Kew Gardens Fan", "screen_name": "kew_gardens_fan", "indices": ["3", "19"], "id_str": kew,
         "id": kew}]))
    assert rt_text[3:19] == "@kew_gardens_fan"
    comp_text = "Compost temperature today: 58\u00b0C &gt; yesterday's 51\u00b0C. It's working."
    comp = tw(sf("2021-04-11T13:30:08.402", 0x05060), "2021-04-11T13:30:08", comp_text, ents())

    part0, part1 = [photo, reply, quote], [rt, comp]
    write(f"{d}/tweet.js", ytd("tweet", 0, part0, "jackson"))
    write(f"{d}/tweet-part1.js", ytd("tweet", 1, part1, "jackson"))

    account = [{"account": {"email": "corin.velde@example.org", "createdVia": "web", "username": "corinvelde",
                            "accountId": me, "createdAt": "2019-01-26T20:11:43.201Z",
                            "accountDisplayName": "Corin Velde"}}]
    profile = [{"profile": {"description": {"bio": "Figs, compost and other slow projects. https://t.co/Pr0fB1oL1k",
                                            "website": "https://t.co/Wb5Sx2Yz7Q", "location": "Utrecht"},
                            "avatarMediaUrl": "https://pbs.twimg.com/profile_images/1089252004117536768/Kq2Zp8Lr.jpg"}}]
    link = lambda i: f"https://twitter.com/intent/user?user_id={i}"
    follower = [{"follower": {"accountId": jo, "userLink": link(jo)}},
                {"follower": {"accountId": "1296410582234861568", "userLink": link("1296410582234861568")}}]
    following = [{"following": {"accountId": jo, "userLink": link(jo)}},
                 {"following": {"accountId": kew, "userLink": link(kew)}}]
    block = [{"blocking": {"accountId": "1377220871123456000", "userLink": link("1377220871123456000")}}]
    mute = [{"muting": {"accountId": "2209844551", "userLink": link("2209844551")}}]
    liked = sf("2021-05-07T19:19:19.190", 0x11111)
    like = [{"like": {"tweetId": liked, "fullText": "Fig leaves &gt; any other leaves. Fight me.",
                      "expandedUrl": f"https://twitter.com/i/web/status/{liked}"}}]

    # one-to-one DMs: conversation "<lower id>-<higher id>", newest message first
    conv = f"{jo}-{me}"
    m1 = sf("2021-05-09T18:00:02.115", 0x00101)
    m2 = sf("2021-05-09T18:04:40.330", 0x00202)
    m3 = sf("2021-05-09T18:05:12.901", 0x00303)
    m4 = sf("2021-05-09T18:09:55.476", 0x00404)
    react = sf("2021-05-09T18:06:01.002", 0x00505)
    dm_media_id = sf("2021-05-09T18:09:50.000", 0x00606)
    dms = [{"dmConversation": {"conversationId": conv, "messages": [
        {"messageCreate": {"recipientId": jo, "reactions": [], "urls": [
            {"url": "https://t.co/Dm4pQ1zXa8", "expanded": f"https://twitter.com/messages/media/{m4}",
             "display": "pic.twitter.com/Dm4pQ1zXa8"}],
            "text": "Here's the fig now https://t.co/Dm4pQ1zXa8",
            "mediaUrls": [f"https://ton.twitter.com/dm/{m4}/{dm_media_id}/Hq2Lm9Xa.jpg"], "senderId": me,
            "id": m4, "createdAt": iso_z("2021-05-09T18:09:55.476")}},
        {"messageCreate": {"recipientId": me, "reactions": [
            {"senderId": me, "reactionKey": "funny", "eventId": react, "createdAt": iso_z("2021-05-09T18:06:01.002")}],
            "urls": [], "text": "Ha, that's brilliant", "mediaUrls": [], "senderId": jo, "id": m3,
            "createdAt": iso_z("2021-05-09T18:05:12.901")}},
        {"messageCreate": {"recipientId": jo, "reactions": [], "urls": [
            {"url": "https://t.co/Vb8nK3sLq1", "expanded": "https://www.example.org/feeds/fig-feed?size=small&ref=dm",
             "display": "example.org/feeds/fig-feed\u2026"}],
            "text": "Try this feed &amp; see: https://t.co/Vb8nK3sLq1", "mediaUrls": [], "senderId": me, "id": m2,
            "createdAt": iso_z("2021-05-09T18:04:40.330")}},
        {"messageCreate": {"recipientId": me, "reactions": [], "urls": [], "text": "Hi Corin! How's the fig doing?",
                           "mediaUrls": [], "senderId": jo, "id": m1, "createdAt": iso_z("2021-05-09T18:00:02.115")}},
    ]}}]
    write(f"{d}/direct_messages_media/{m4}-Hq2Lm9Xa.jpg", jpeg(16, 16, lambda x, y: 200 - 90 * x - 30 * y))

    # group DMs: join, two renames, a leave; newest first
    grp = sf("2021-03-30T10:00:00.000", 0x00777)
    u2 = sf("2019-12-13T08:14:27.650", 0x0A1B2)
    u3 = "783214"
    g = lambda iso: iso_z(iso)
    groups = [{"dmConversation": {"conversationId": grp, "messages": [
        {"participantsLeave": {"userIds": [u3], "createdAt": g("2021-04-03T17:45:00.250")}},
        {"messageCreate": {"reactions": [], "urls": [], "text": "Renamed it, hope that's ok", "mediaUrls": [],
                           "senderId": u2, "id": sf("2021-04-02T09:31:10.100", 0x01001),
                           "createdAt": g("2021-04-02T09:31:10.100")}},
        {"conversationNameUpdate": {"initiatingUserId": u2, "name": "Allotment Society \U0001F331",
                                    "createdAt": g("2021-04-02T09:30:44.780")}},
        {"messageCreate": {"reactions": [], "urls": [], "text": "Count me in for Saturday", "mediaUrls": [],
                           "senderId": me, "id": sf("2021-03-31T19:12:03.333", 0x01002),
                           "createdAt": g("2021-03-31T19:12:03.333")}},
        {"conversationNameUpdate": {"initiatingUserId": me, "name": "Allotment crew",
                                    "createdAt": g("2021-03-30T10:05:12.000")}},
        {"joinConversation": {"initiatingUserId": u2, "participantsSnapshot": [me, u2, u3],
                              "createdAt": g("2021-03-30T10:00:00.000")}},
    ]}}]

    # a data type lifeboat does not read: carried verbatim
    ads = [{"ad": {"adsUserData": {"adEngagements": {"engagements": [{"impressionAttributes": {
        "deviceInfo": {"osType": "Desktop"}, "displayLocation": "TimelineHome",
        "advertiserInfo": {"advertiserName": "Seed Catalogue Co", "screenName": "@seedcatalogue"},
        "impressionTime": "2021-04-28 07:12:55"}, "engagementAttributes": [
        {"engagementTime": "2021-04-28 07:13:02", "engagementType": "ChargeableImpression"}]}]}}}}]

    files = {
        "account.js": ("account", account), "profile.js": ("profile", profile), "follower.js": ("follower", follower),
        "following.js": ("following", following), "block.js": ("block", block), "mute.js": ("mute", mute),
        "like.js": ("like", like), "direct-messages.js": ("direct_messages", dms),
        "direct-messages-group.js": ("direct_messages_group", groups), "ad-engagements.js": ("ad_engagements", ads),
    }
    for name, (glob, items) in files.items():
        write(f"{d}/{name}", ytd(glob, 0, items, "jackson"))
    types = {
        "account": files_entry("data/account.js", "account", account),
        "adEngagements": files_entry("data/ad-engagements.js", "ad_engagements", ads),
        "block": files_entry("data/block.js", "block", block),
        "directMessages": files_entry("data/direct-messages.js", "direct_messages", dms,
                                      media="data/direct_messages_media"),
        "directMessagesGroup": files_entry("data/direct-messages-group.js", "direct_messages_group", groups,
                                           media="data/direct_messages_group_media"),
        "directMessagesMedia": {"mediaDirectory": "data/direct_messages_media"},
        "follower": files_entry("data/follower.js", "follower", follower),
        "following": files_entry("data/following.js", "following", following),
        "like": files_entry("data/like.js", "like", like),
        "mute": files_entry("data/mute.js", "mute", mute),
        "profile": files_entry("data/profile.js", "profile", profile, media="data/profile_media"),
        "tweet": {"mediaDirectory": "data/tweet_media", "files": [
            {"fileName": "data/tweet.js", "globalName": "YTD.tweet.part0", "count": str(len(part0))},
            {"fileName": "data/tweet-part1.js", "globalName": "YTD.tweet.part1", "count": str(len(part1))}]},
        "tweetMedia": {"mediaDirectory": "data/tweet_media"},
    }
    write(f"{d}/manifest.js", manifest({"accountId": me, "userName": "corinvelde", "displayName": "Corin Velde"},
                                       "2021-05-12T08:41:26.812Z", types, "jackson"))


# --------------------------------------------------------------------------- G3 2026
def g3():
    root = os.path.join(HERE, "g3-2026")
    shutil.rmtree(root, ignore_errors=True)
    d = f"{root}/data"
    me = "1521783640278851584"
    assert abs(sf_ms(me) - ms_of("2022-05-04T10:21:33.000")) < 1000 * 86400
    pier = "1493817266610241537"
    harbour = "2951102264"
    web = '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>'
    iphone = '<a href="http://twitter.com/download/iphone" rel="nofollow">Twitter for iPhone</a>'

    def tw(id_, iso, text, entities, extra=None, edit_ids=None, source=web):
        t = {"edit_info": {"initial": {"editTweetIds": edit_ids or [id_],
                                       "editableUntil": iso_z(add_hour(iso)), "editsRemaining": "5",
                                       "isEditEligible": False}},
             "retweeted": False, "source": source, "entities": entities,
             "display_text_range": ["0", str(len(text))], "favorite_count": "0", "id_str": id_,
             "truncated": False, "retweet_count": "0", "id": id_, "created_at": api_time(iso),
             "favorited": False, "full_text": text, "lang": "en"}
        if extra:
            t.update(extra)
        return {"tweet": t}

    def add_hour(iso):
        t = dt.datetime.strptime(iso.split(".")[0], "%Y-%m-%dT%H:%M:%S") + dt.timedelta(hours=1)
        return t.strftime("%Y-%m-%dT%H:%M:%S")

    def ents(mentions=(), urls=(), tags=(), media=None):
        e = {"hashtags": list(tags), "symbols": [], "user_mentions": list(mentions), "urls": list(urls)}
        if media:
            e["media"] = media
        return e

    def sizes(w, h):
        return {"medium": {"w": str(w), "h": str(h), "resize": "fit"}, "thumb": {"w": "150", "h": "150", "resize": "crop"},
                "large": {"w": str(w), "h": str(h), "resize": "fit"}, "small": {"w": "680", "h": str(680 * h // w), "resize": "fit"}}

    # ---- the note tweet and its head, plus a thread reply in the same second
    note_iso = "2025-11-20T19:42:07.118"
    note_id = sf(note_iso, 0x0A0B0)
    head_id = sf("2025-11-20T19:42:07.141", 0x1C2D3)  # 23 ms after the note id
    thread_id = sf("2025-11-20T19:42:07.806", 0x0E0F0)  # same second, after the head
    assert int(note_id) < int(head_id) < int(thread_id)
    note_text = ("Harbour notes #WhitbyTides: the east pier walk is open again & the steps by the lifeboat station "
                 "are fixed. Winter tide tables <approx.> are posted at the kiosk and online, and the council says "
                 "the swing bridge timings won't change before March. I asked about the sand at the river mouth and "
                 "was told it's checked weekly. Full notes: https://t.co/Nt6Wq2Lp9x via @whitby_harbour \u2014 "
                 "italic parts are my guesses.")
    assert len(note_text) > 280
    esc = html.escape(note_text, quote=False)
    head_text = esc[:274].rstrip() + "\u2026"
    assert "https://t.co/Nt6Wq2Lp9x" not in head_text and "&amp;" in head_text and "&lt;approx.&gt;" in head_text
    n_url = cp(note_text, "https://t.co/Nt6Wq2Lp9x")
    n_tag = cp(note_text, "#WhitbyTides")
    n_men = cp(note_text, "@whitby_harbour")
    n_bold = cp(note_text, "the east pier walk is open again")
    n_ital = cp(note_text, "italic parts are my guesses")
    style = lambda v, n, ab: {"styleTypes": [{"value": str(v), "name": n, "originalName": n.upper(), "annotations": {}}],
                              "fromIndex": str(ab[0]), "toIndex": str(ab[1])}
    notes = [{"noteTweet": {
        "noteTweetId": note_id, "updatedAt": iso_z(note_iso.split(".")[0]),
        "lifecycle": {"value": "1", "name": "Active", "originalName": "Active", "annotations": {}},
        "createdAt": iso_z(note_iso.split(".")[0]),
        "core": {"styletags": [style(0, "Bold", n_bold), style(1, "Italic", n_ital)],
                 "urls": [{"expandedUrl": "https://www.example.org/whitby/harbour-notes-november", "toIndex": str(n_url[1]),
                           "shortUrl": "https://t.co/Nt6Wq2Lp9x", "displayUrl": "example.org/whitby/harbour-n\u2026",
                           "fromIndex": str(n_url[0])}],
                 "text": note_text,
                 "mentions": [{"screenName": "whitby_harbour", "fromIndex": str(n_men[0]), "toIndex": str(n_men[1])}],
                 "cashtags": [], "hashtags": [{"text": "WhitbyTides", "fromIndex": str(n_tag[0]), "toIndex": str(n_tag[1])}]}}}]
    h_tag = cp(head_text, "#WhitbyTides")
    head = tw(head_id, "2025-11-20T19:42:07", head_text,
              ents(tags=[{"text": "WhitbyTides", "indices": [str(h_tag[0]), str(h_tag[1])]}]))
    thread_text = "2/2 Short version for the pier: open, dry, and the chips van is back."
    thread = tw(thread_id, "2025-11-20T19:42:07", thread_text, ents(), extra={
        "in_reply_to_status_id_str": head_id, "in_reply_to_user_id": me, "in_reply_to_status_id": head_id,
        "in_reply_to_screen_name": "dagnyorr", "in_reply_to_user_id_str": me})

    # ---- an edited tweet: two versions, both in the archive
    v1 = sf("2025-11-12T08:03:19.420", 0x2A2B2)
    v2 = sf("2025-11-12T08:05:47.009", 0x3B3C3)
    v1_text = "Ferry timetable for the summer is out: sailings every 45 minutes from 1 June."
    v2_text = "Ferry timetable for the summer is out: sailings every 40 minutes from 1 June."
    ed1 = tw(v1, "2025-11-12T08:03:19", v1_text, ents(), edit_ids=[v1, v2])
    ed1["tweet"]["edit_info"]["initial"]["editsRemaining"] = "4"
    ed1["tweet"]["edit_info"]["initial"]["isEditEligible"] = True
    ed2 = tw(v2, "2025-11-12T08:05:47", v2_text, ents())
    ed2["tweet"]["edit_info"] = {"edit": {"initialTweetId": v1, "editControlInitial": {
        "editTweetIds": [v1, v2], "editableUntil": iso_z("2025-11-12T09:03:19"), "editsRemaining": "4",
        "isEditEligible": True}}}

    # ---- astral-plane emoji right before a t.co link; indices are code points of the escaped text
    tide_id = sf("2025-11-03T06:58:12.510", 0x11A11)
    tide_text = "Low tide &gt; high drama \U0001F30A\U0001F41A https://t.co/Tq8Wm2Lx5c"
    ta, tb = cp(tide_text, "https://t.co/Tq8Wm2Lx5c")
    assert len(tide_text[:ta].encode("utf-16-le")) // 2 == ta + 2  # UTF-16 would be off by two
    tide = tw(tide_id, "2025-11-03T06:58:12", tide_text, ents(urls=[
        {"url": "https://t.co/Tq8Wm2Lx5c", "expanded_url": "https://www.example.org/tides/2025-11-03",
         "display_url": "example.org/tides/2025-11-03", "indices": [str(ta), str(tb)]}]), source=iphone)

    # ---- a video tweet whose mp4 is NOT in tweets_media/
    vid_id = sf("2025-10-29T07:44:02.909", 0x04D4E)
    vmedia = sf("2025-10-29T07:43:50.300", 0x00011)
    vid_text = "Seals on the sandbank this morning https://t.co/Vd3oKp7Yh2"
    va, vb = cp(vid_text, "https://t.co/Vd3oKp7Yh2")
    thumb = f"https://pbs.twimg.com/amplify_video_thumb/{vmedia}/img/Zq4Ty8Lp2Wm5Xc1N.jpg"
    vbase = {"expanded_url": f"https://x.com/dagnyorr/status/{vid_id}/video/1", "indices": [str(va), str(vb)],
             "url": "https://t.co/Vd3oKp7Yh2", "media_url": thumb.replace("https://", "http://"), "id_str": vmedia,
             "id": vmedia, "media_url_https": thumb, "sizes": sizes(720, 1280), "type": "photo",
             "display_url": "pic.x.com/Vd3oKp7Yh2"}
    vfull = dict(vbase, type="video", video_info={"aspect_ratio": ["9", "16"], "duration_millis": "14300", "variants": [
        {"bitrate": "632000", "content_type": "video/mp4",
         "url": f"https://video.twimg.com/amplify_video/{vmedia}/vid/avc1/320x568/aB3dE5fG7hJ9kL1m.mp4?tag=16"},
        {"content_type": "application/x-mpegURL",
         "url": f"https://video.twimg.com/amplify_video/{vmedia}/pl/Mn0Bv9Cx8Zl7Ka6J.m3u8?tag=16&v=a1b"},
        {"bitrate": "2176000", "content_type": "video/mp4",
         "url": f"https://video.twimg.com/amplify_video/{vmedia}/vid/avc1/720x1280/Pq8Rs2Tu4Vw6Xy0Z.mp4?tag=16"}]},
        additional_media_info={"monetizable": False})
    video = tw(vid_id, "2025-10-29T07:44:02", vid_text, ents(media=[vbase]),
               extra={"possibly_sensitive": False, "extended_entities": {"media": [vfull]}})

    # ---- a photo tweet whose file IS in tweets_media/
    ph_id = sf("2025-10-27T16:20:31.777", 0x2F2E2)
    ph_media = sf("2025-10-27T16:20:25.000", 0x00022)
    ph_text = "Harbour wall after the storm https://t.co/Ph5tQ2wE9r"
    pa, pb = cp(ph_text, "https://t.co/Ph5tQ2wE9r")
    pm = {"expanded_url": f"https://x.com/dagnyorr/status/{ph_id}/photo/1", "indices": [str(pa), str(pb)],
          "url": "https://t.co/Ph5tQ2wE9r", "media_url": "http://pbs.twimg.com/media/Gx7Hk2LmQaAbC3d.jpg",
          "id_str": ph_media, "id": ph_media, "media_url_https": "https://pbs.twimg.com/media/Gx7Hk2LmQaAbC3d.jpg",
          "sizes": sizes(1600, 1200), "type": "photo", "display_url": "pic.x.com/Ph5tQ2wE9r"}
    photo = tw(ph_id, "2025-10-27T16:20:31", ph_text, ents(media=[pm]),
               extra={"possibly_sensitive": False, "extended_entities": {"media": [pm]}})
    write(f"{d}/tweets_media/{ph_id}-Gx7Hk2LmQaAbC3d.jpg", jpeg(40, 32, lambda x, y: 30 + 25 * y + 5 * x))

    # ---- part1: the first version of the edit, and a plain tweet with a mention and a hashtag
    chips_id = sf("2025-10-02T12:12:12.121", 0x01F2E)
    chips_text = "Thanks @north_pier_cafe for the best chips on the coast #Whitby"
    cm = cp(chips_text, "@north_pier_cafe")
    ch = cp(chips_text, "#Whitby")
    chips = tw(chips_id, "2025-10-02T12:12:12", chips_text, ents(
        mentions=[{"name": "North Pier Cafe", "screen_name": "north_pier_cafe", "indices": [str(cm[0]), str(cm[1])],
                   "id_str": pier, "id": pier}], tags=[{"text": "Whitby", "indices": [str(ch[0]), str(ch[1])]}]))

    part0 = [thread, head, ed2, tide, video, photo]
    part1 = [ed1, chips]

    # ---- deleted tweets (with their media), community tweets
    del_id = sf("2026-02-12T18:29:40.333", 0x0D0D0)
    del_media = sf("2026-02-12T18:29:31.000", 0x00033)
    del_text = "Wrong photo, sorry! https://t.co/Dl3Xq8Wm1z"
    da, db = cp(del_text, "https://t.co/Dl3Xq8Wm1z")
    dm = {"expanded_url": f"https://x.com/dagnyorr/status/{del_id}/photo/1", "indices": [str(da), str(db)],
          "url": "https://t.co/Dl3Xq8Wm1z", "media_url": "http://pbs.twimg.com/media/Hd2Pq7ZxYw4Ab9K.jpg",
          "id_str": del_media, "id": del_media, "media_url_https": "https://pbs.twimg.com/media/Hd2Pq7ZxYw4Ab9K.jpg",
          "sizes": sizes(1200, 900), "type": "photo", "display_url": "pic.x.com/Dl3Xq8Wm1z"}
    deleted = tw(del_id, "2026-02-12T18:29:40", del_text, ents(media=[dm]),
                 extra={"possibly_sensitive": False, "extended_entities": {"media": [dm]},
                        "deleted_at": "Thu Feb 12 18:31:09 +0000 2026"})
    write(f"{d}/deleted_tweets_media/{del_id}-Hd2Pq7ZxYw4Ab9K.jpg", jpeg(24, 24, lambda x, y: 240 - 70 * y))

    com_id = sf("2026-01-18T10:05:55.050", 0x0C0C0)
    community = "1610983309786943488"
    com_text = "Anyone know if the 93 bus still runs on Sundays?"
    com = tw(com_id, "2026-01-18T10:05:55", com_text, ents(), extra={
        "scopes": {"followers": False}, "community_id": community, "community_id_str": community})
    del com["tweet"]["edit_info"]

    headers = [{"tweet": {"tweet_id": t["tweet"]["id_str"], "user_id": me, "created_at": t["tweet"]["created_at"]}}
               for t in part0 + part1]

    # ---- account, profile and the rest
    account = [{"account": {"email": "dagny.orr@example.net", "createdVia": "web", "username": "dagnyorr",
                            "accountId": me, "createdAt": "2022-05-04T10:21:33.000Z", "accountDisplayName": "Dagny Orr"}}]
    profile = [{"profile": {"description": {"bio": "Harbour walks, tide tables, ferry gossip. https://t.co/Bi0Wq3Xz7a",
                                            "website": "https://t.co/Ws9Lq2Xp4c", "location": "Whitby"},
                            "avatarMediaUrl": "https://pbs.twimg.com/profile_images/1722334455667788990/Av4Tq8Lm.jpg"}}]
    write(f"{d}/profile_media/{me}-Av4Tq8Lm.jpg", jpeg(16, 16, lambda x, y: 128 + 60 * (x - y)))
    verified = [{"verified": {"accountId": me, "verified": False}}]
    sn = [{"screenNameChange": {"accountId": me, "screenNameChange": {
        "changedAt": "2023-04-02T11:20:45.000Z", "changedFrom": "dagny_o", "changedTo": "dagnyorr"}}}]
    link = lambda i: f"https://twitter.com/intent/user?user_id={i}"
    follower = [{"follower": {"accountId": pier, "userLink": link(pier)}},
                {"follower": {"accountId": "1877265190342311936", "userLink": link("1877265190342311936")}}]
    following = [{"following": {"accountId": pier, "userLink": link(pier)}},
                 {"following": {"accountId": harbour, "userLink": link(harbour)}}]
    block = [{"blocking": {"accountId": "1955510732108173312", "userLink": link("1955510732108173312")}}]
    mute = [{"muting": {"accountId": "880129455", "userLink": link("880129455")}}]
    liked1 = sf("2026-02-01T09:09:09.909", 0x09090)
    liked2 = sf("2025-12-24T23:59:01.000", 0x01010)
    like = [{"like": {"tweetId": liked1, "fullText": "Storm warning: waves &gt; 4m on the east pier tonight https://t.co/Sw4Rn1Ng8p",
                      "expandedUrl": f"https://twitter.com/i/web/status/{liked1}"}},
            {"like": {"tweetId": liked2, "expandedUrl": f"https://twitter.com/i/web/status/{liked2}"}}]
    lists = [{"userListInfo": {"url": "https://twitter.com/i/lists/1634912345678901234"}}]

    # ---- XChat: one encrypted message, one read marker
    xconv = f"{harbour}-{me}"
    x_ms = ms_of("2026-02-10T20:15:30.492")
    x_mid = sf("2026-02-10T20:15:30.492", 0x07070)
    events = [
        {"messageEvent": {"sequenceId": "1771244130492001", "messageId": x_mid, "senderId": me,
                          "conversationId": xconv, "conversationToken": "c2FtcGxlLXRva2VuLW5vdC1yZWFs",
                          "createdAtMsec": str(x_ms),
                          "messageEventSignature": {"signature": "bm90LWEtcmVhbC1zaWduYXR1cmU=",
                                                    "publicKeyVersion": "1", "signatureVersion": "1"},
                          "detail": {"messageCreateEvent": {
                              "contents": "UmVhbGx5IGVuY3J5cHRlZCBieXRlcyBnbyBoZXJlOyB0aGVzZSBhcmUgbm90Lg==",
                              "conversationKeyVersion": "1", "shouldNotify": True}}}},
        {"messageEvent": {"sequenceId": "1771244190000002", "messageId": sf("2026-02-10T20:16:30.000", 0x07071),
                          "senderId": harbour, "conversationId": xconv,
                          "conversationToken": "c2FtcGxlLXRva2VuLW5vdC1yZWFs", "createdAtMsec": str(x_ms + 59508),
                          "detail": {"markConversationReadEvent": {"seenUntilSequenceId": "1771244130492001",
                                                                   "seenAtMillis": str(x_ms + 59508)}}}},
    ]
    grok = [{"grokChatItem": {"chatId": "1889123412341234123", "message": "What time is high tide in Whitby tomorrow?",
                              "sender": "User", "createdAt": "2026-02-14T07:30:00.000Z"}}]

    g3files = [
        ("tweets.js", "tweets", part0, 0), ("tweets-part1.js", "tweets", part1, 1),
        ("note-tweet.js", "note_tweet", notes, 0), ("deleted-note-tweet.js", "deleted_note_tweet", [], 0),
        ("deleted-tweets.js", "deleted_tweets", [deleted], 0), ("community-tweet.js", "community_tweet", [com], 0),
        ("tweet-headers.js", "tweet_headers", headers, 0), ("account.js", "account", account, 0),
        ("profile.js", "profile", profile, 0), ("verified.js", "verified", verified, 0),
        ("screen-name-change.js", "screen_name_change", sn, 0), ("follower.js", "follower", follower, 0),
        ("following.js", "following", following, 0), ("block.js", "block", block, 0), ("mute.js", "mute", mute, 0),
        ("like.js", "like", like, 0), ("lists-member.js", "lists_member", lists, 0),
        ("message-event.js", "message_event", events, 0), ("grok-chat-item.js", "grok_chat_item", grok, 0),
    ]
    for name, glob, items, part in g3files:
        write(f"{d}/{name}", ytd(glob, part, items, "g3"))
    fe = lambda name, glob, items, media=None: files_entry(f"data/{name}", glob, items, media=media)
    types = {
        "account": fe("account.js", "account", account),
        "block": fe("block.js", "block", block),
        "communityTweet": fe("community-tweet.js", "community_tweet", [com], media="data/community_tweet_media"),
        "deletedNoteTweet": fe("deleted-note-tweet.js", "deleted_note_tweet", []),
        "deletedTweets": fe("deleted-tweets.js", "deleted_tweets", [deleted], media="data/deleted_tweets_media"),
        "deletedTweetsMedia": {"mediaDirectory": "data/deleted_tweets_media"},
        "follower": fe("follower.js", "follower", follower),
        "following": fe("following.js", "following", following),
        "grokChatItem": fe("grok-chat-item.js", "grok_chat_item", grok),
        "like": fe("like.js", "like", like),
        "listsMember": fe("lists-member.js", "lists_member", lists),
        "messageEvent": fe("message-event.js", "message_event", events),
        "mute": fe("mute.js", "mute", mute),
        "noteTweet": fe("note-tweet.js", "note_tweet", notes),
        "profile": fe("profile.js", "profile", profile, media="data/profile_media"),
        "profileMedia": {"mediaDirectory": "data/profile_media"},
        "screenNameChange": fe("screen-name-change.js", "screen_name_change", sn),
        "tweetHeaders": fe("tweet-headers.js", "tweet_headers", headers),
        "tweets": {"mediaDirectory": "data/tweets_media", "files": [
            {"fileName": "data/tweets.js", "globalName": "YTD.tweets.part0", "count": str(len(part0))},
            {"fileName": "data/tweets-part1.js", "globalName": "YTD.tweets.part1", "count": str(len(part1))}]},
        "tweetsMedia": {"mediaDirectory": "data/tweets_media"},
        "verified": fe("verified.js", "verified", verified),
    }
    write(f"{d}/manifest.js", manifest({"accountId": me, "userName": "dagnyorr", "displayName": "Dagny Orr"},
                                       "2026-02-20T16:02:11.504Z", types, "g3"))
    write(f"{root}/Your archive.html", "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                                       "<title>Your X archive</title><script src=\"assets/js/app.js\"></script>"
                                       "</head><body><div id=\"root\"></div></body></html>\n")
    write(f"{root}/assets/js/app.js", "/* archive viewer (synthetic stand-in) */\n"
                                      "window.YTD = window.YTD || {};\ndocument.title = \"Your X archive\";\n")


# --------------------------------------------------------------------------- a conversation in two items
def dm_split():
    """One conversation listed as two dmConversation items (as the 300k synthetic archive
    has it: the same correspondent drawn twice), one group conversation likewise."""
    root = os.path.join(HERE, "dm-split-2024")
    shutil.rmtree(root, ignore_errors=True)
    d = f"{root}/data"
    me = "1400000000000000001"
    pen = "483055096"
    conv = f"{pen}-{me}"
    t = lambda iso, low: sf(iso, low)
    a1 = [{"messageCreate": {"recipientId": pen, "reactions": [], "urls": [], "text": "Second half, newest",
                             "mediaUrls": [], "senderId": me, "id": t("2024-06-02T10:00:00.000", 0x0201),
                             "createdAt": iso_z("2024-06-02T10:00:00.000")}},
          {"messageCreate": {"recipientId": me, "reactions": [], "urls": [], "text": "First item, older",
                             "mediaUrls": [], "senderId": pen, "id": t("2024-06-01T10:00:00.000", 0x0202),
                             "createdAt": iso_z("2024-06-01T10:00:00.000")}}]
    a2 = [{"messageCreate": {"recipientId": pen, "reactions": [], "urls": [], "text": "Other item, one message",
                             "mediaUrls": [], "senderId": me, "id": t("2024-05-01T10:00:00.000", 0x0203),
                             "createdAt": iso_z("2024-05-01T10:00:00.000")}}]
    dms = [{"dmConversation": {"conversationId": conv, "messages": a1}},
           {"dmConversation": {"conversationId": "12345-" + me, "messages": [
               {"messageCreate": {"recipientId": "12345", "reactions": [], "urls": [], "text": "Someone else",
                                  "mediaUrls": [], "senderId": me, "id": t("2024-05-15T10:00:00.000", 0x0204),
                                  "createdAt": iso_z("2024-05-15T10:00:00.000")}}]}},
           {"dmConversation": {"conversationId": conv, "messages": a2}}]
    grp = t("2024-04-01T09:00:00.000", 0x0300)
    groups = [{"dmConversation": {"conversationId": grp, "messages": [
                  {"messageCreate": {"reactions": [], "urls": [], "text": "Group, later item", "mediaUrls": [],
                                     "senderId": "777", "id": t("2024-04-03T09:00:00.000", 0x0301),
                                     "createdAt": iso_z("2024-04-03T09:00:00.000")}},
                  {"conversationNameUpdate": {"initiatingUserId": me, "name": "Boat club",
                                              "createdAt": iso_z("2024-04-02T09:00:00.000")}}]}},
              {"dmConversation": {"conversationId": grp, "messages": [
                  {"messageCreate": {"reactions": [], "urls": [], "text": "Group, first words", "mediaUrls": [],
                                     "senderId": me, "id": t("2024-04-01T09:05:00.000", 0x0302),
                                     "createdAt": iso_z("2024-04-01T09:05:00.000")}},
                  {"joinConversation": {"initiatingUserId": me, "participantsSnapshot": [me, "777", "888"],
                                        "createdAt": iso_z("2024-04-01T09:00:00.000")}}]}}]
    account = [{"account": {"email": "pen@example.org", "createdVia": "web", "username": "penpal_owner",
                            "accountId": me, "createdAt": "2020-01-01T00:00:00.000Z",
                            "accountDisplayName": "Pen Owner"}}]
    for name, glob, items in (("account.js", "account", account),
                              ("direct-messages.js", "direct_messages", dms),
                              ("direct-messages-group.js", "direct_messages_group", groups)):
        write(f"{d}/{name}", ytd(glob, 0, items, "g3"))
    types = {"account": files_entry("data/account.js", "account", account),
             "directMessages": files_entry("data/direct-messages.js", "direct_messages", dms,
                                           media="data/direct_messages_media"),
             "directMessagesGroup": files_entry("data/direct-messages-group.js", "direct_messages_group", groups,
                                                media="data/direct_messages_group_media")}
    write(f"{d}/manifest.js", manifest({"accountId": me, "userName": "penpal_owner", "displayName": "Pen Owner"},
                                       "2024-06-05T12:00:00.000Z", types, "g3"))


if __name__ == "__main__":
    g0()
    g1()
    g2()
    g3()
    dm_split()
    print("written:", ", ".join(sorted(d for d in os.listdir(HERE) if os.path.isdir(os.path.join(HERE, d)))))

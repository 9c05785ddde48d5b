#!/usr/bin/env python3
"""Write the synthetic Threads samples beside this script (Python standard library only).

    python3 formats/threads/samples/make_samples.py

bundled-2024: the Threads part of an Instagram export alone
(`your_instagram_activity/threads/threads_and_replies.json`, no reply flags, media
under `media/`, a video without file extension, a carousel). standalone-2026: a
Threads-only export (`threads/…`) with `text_app_post` (is_reply, reply_control),
followers, following and liked threads. JSON is written as Meta writes it (mojibake,
ASCII escapes). One media file per folder is left out on purpose (`missing_*`).
Everything is made up; output is deterministic.
"""
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))

# A real picture (48x32 JPEG, 476 bytes, made once with Pillow) that browsers and the
# image crate decode; a COM segment makes each file's bytes (and sha256) unique.
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

# The real export's photos are WebP: a real one (48x32, lossless, 96 bytes, made once
# with Pillow); the sample has a single WebP file, so it needs no tag of its own.
WEBP = bytes.fromhex(
    "5249464658000000574542505650384c4c0000002f2fc007001720104874429d6f3ab160"
    "623284fcd9ba04024960838d3ffff12d18d444b61abda1440a7ee2072929197ce63eea88"
    "fe4f40eeacde23f440b40cea3909d12164a77acf65cb1702"
)


def jpeg(tag):
    t = tag.encode()[:60]
    return JPEG[:2] + b"\xff\xfe" + (len(t) + 2).to_bytes(2, "big") + t + JPEG[2:]


def mp4(tag):
    ftyp = b"ftypisom\x00\x00\x02\x00isomiso2mp41"
    free = b"free" + tag.encode()[:60]
    return (len(ftyp) + 4).to_bytes(4, "big") + ftyp + (len(free) + 4).to_bytes(4, "big") + free


def moji(o):
    if isinstance(o, str):
        return o.encode("utf-8").decode("latin-1")
    if isinstance(o, list):
        return [moji(x) for x in o]
    if isinstance(o, dict):
        return {moji(k): moji(v) for k, v in o.items()}
    return o


class Dump:
    def __init__(self, name):
        self.root = os.path.join(HERE, name)
        shutil.rmtree(self.root, ignore_errors=True)

    def write(self, path, data):
        p = os.path.join(self.root, path)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)

    def json(self, path, obj):
        self.write(path, json.dumps(moji(obj), indent=2, ensure_ascii=True).encode() + b"\n")


def item(uri, ts, title="", video=False, app=None):
    exif = [{"device_id": "android-0000000000000000", "camera_position": "unknown", "source_type": "4"}]
    md = {"camera_metadata": {"has_camera_metadata": False}}
    if uri:
        md["video_metadata" if video else "photo_metadata"] = {"exif_data": exif}
    m = {"uri": uri, "creation_timestamp": ts, "media_metadata": md, "title": title,
         "cross_post_source": {"source_app": "FB"}}
    if app is not None:
        m["text_app_post"] = app
    return m


def bundled():
    d = Dump("bundled-2024")
    car = [f"media/{n}a29cc5d6e542fc2ee1f.jpg" for n in "cd"] + ["media/missing_f5a8a4541d4c72cfe2b5.jpg"]
    video = "media/posts/202402/cb1123abdd17b6c868f6"  # no extension
    for u in car[:2]:
        d.write(u, jpeg(u))
    d.write(video, mp4(video))
    d.json("your_instagram_activity/threads/threads_and_replies.json", {"text_post_app_text_posts": [
        {"media": [item("", 1709112384, "God morgen fra arkivet")]},
        {"media": [item("", 1709064924, "Tusen takk 🙏🏽🙏🏽 – «fantastisk»")]},
        {"media": [item(video, 1708971644, "Nordlys i sakte film", video=True)]},
        {"media": [item(u, 1707254340) for u in car],
         "title": "Karusell: vårt nye lesesal 📚 – kafé & arkiv", "creation_timestamp": 1707254340},
    ]})
    return d


def standalone():
    d = Dump("standalone-2026")
    photo = "media/posts/202604/59d29173f70454cdfd08.webp"
    d.write(photo, WEBP)
    everyone = {"reply_control": "everyone", "geo_gated_country_list": "", "is_reply": False}
    d.json("threads/threads_and_replies.json", {"text_post_app_text_posts": [
        {"media": [item(photo, 1776417076, "Vårsol over Tromsø ☀️ med @zoe.mueller #nordnorge", app=everyone)]},
        {"media": [item("", 1776417999, "Enig – helt 神宫 nydelig!",
                        app={"reply_control": "accounts_you_follow", "geo_gated_country_list": "", "is_reply": True})]},
        {"media": [item("media/posts/202604/missing_18028139857753032.jpg", 1776418000, "Manglende bilde", app=everyone)]},
    ]})
    d.json("threads/personal_information.json", {"text_post_app_text_post_app_profile": [
        {"media_map_data": {}, "string_map_data": {
            "Username": {"href": "https://www.threads.com/@nordlys.kaffe", "value": "nordlys.kaffe", "timestamp": 0},
            "Name": {"href": "", "value": "Nordlys Kaffe ☕", "timestamp": 0},
            "Bio": {"href": "", "value": "Brenneri & kafé i Tromsø ❄️", "timestamp": 0},
            "Private Account": {"href": "", "value": "False", "timestamp": 0}}}]})
    d.json("threads/followers.json", {"text_post_app_text_post_app_followers": [
        {"title": "Zoë Müller", "string_list_data": [{"href": "https://www.threads.com/@zoe.mueller", "value": "zoe.mueller", "timestamp": 1700000000}]}]})
    d.json("threads/following.json", {"text_post_app_text_post_app_following": [
        {"title": "", "string_list_data": [{"href": "https://www.threads.net/@bakeri.nord", "value": "bakeri.nord", "timestamp": 1700000100}]}]})
    d.json("threads/liked_threads.json", {"text_post_app_media_likes": [
        {"title": "zoe.mueller", "media_list_data": [], "string_list_data": [
            {"href": "https://www.threads.com/@zoe.mueller/post/C1aBcD", "value": "❤️", "timestamp": 1700000200}]}]})
    return d


def bare_2025():
    """The file alone, as a user keeps it (the public repository humutopia/Mblog holds
    exactly this: a 2025-2026 threads_and_replies.json and nothing else): text posts
    with uri "", single photos under media/posts/YYYYMM/<id>.webp with EXIF (device id,
    software, date_time_original, scene_capture_type), a carousel of webp files under
    media/<id>.webp whose text and time are on the post, text_app_post on every media
    item; no media files, no profile."""
    d = Dump("bare-2025")
    everyone = {"reply_control": "everyone", "geo_gated_country_list": "", "is_reply": False}

    def photo(uri, ts, title, exif):
        return {"uri": uri, "creation_timestamp": ts,
                "media_metadata": {"photo_metadata": {"exif_data": [exif]},
                                   "camera_metadata": {"has_camera_metadata": False}},
                "title": title, "cross_post_source": {"source_app": "FB"}, "text_app_post": everyone}

    dev = "android-0000000000000001"
    car = [item(f"media/1800000000000000{n}.webp", 1750818911, "", app=everyone) for n in (1, 2, 3, 4)]
    d.json("threads_and_replies.json", {"text_post_app_text_posts": [
        {"media": [item("", 1776526631, "Tenker på å blogge igjen – alt på ett sted.", app=everyone)]},
        {"media": [photo("media/posts/202604/18434730343186435.webp", 1776417076, "", {"device_id": dev, "source_type": "4"})]},
        {"media": [photo("media/posts/202506/18069871037060247.webp", 1750754406, "Regn hele uka 🌧",
                         {"software": "Android AP3A.240905.015", "device_id": dev,
                          "date_time_original": "2025:06:24 16:29:37", "source_type": "4"})]},
        {"media": [photo("media/posts/202506/18052049822611101.webp", 1750931709, "Kveldsmat",
                         {"scene_capture_type": "standard", "device_id": dev, "source_type": "4"})]},
        {"media": car, "title": "Fire bilder, én tekst – på innlegget, ikke på bildene",
         "creation_timestamp": 1750818912},
        {"media": [item("", 1750751338, "Linje én\nLinje to\nLinje tre", app=everyone)]},
    ]})
    return d


if __name__ == "__main__":
    for make in (bundled, standalone, bare_2025):
        print("wrote", os.path.relpath(make().root, HERE))

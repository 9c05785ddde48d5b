#!/usr/bin/env python3
"""Write the synthetic Instagram samples beside this script (Python standard library only).

    python3 formats/instagram/samples/make_samples.py

One folder per export generation of formats/instagram/README.md: i1-2019 (root
media.json, connections.json, … in plain UTF-8 with ISO times), i2-2021 (content/,
followers_and_following/, account_information/), i3-2023 (your_instagram_activity/
content/, connections/followers_and_following/) and i4-2025 (your_instagram_activity/
media/, reels, stories, IGTV, 2025 following.json keyed by title, and the bundled
Threads folder), graph-2025 (the account's graph history: pending and recent follow
requests, follow requests received, recently unfollowed accounts, story likes in the
older string_list_data shape and in the 2025+ label_values list, and the same files of
the bundled Threads folder), plus html-2024 (refused). JSON is written as Meta writes it (mojibake,
ASCII escapes, 2-space indent), except I1's plain UTF-8. Each folder references one
media file that is left out on purpose (named `missing_*`). Everything is made up;
output is deterministic.
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

    def json(self, path, obj, meta=True):
        if meta:
            data = json.dumps(moji(obj), indent=2, ensure_ascii=True)
        else:  # 2018-2020: plain UTF-8
            data = json.dumps(obj, indent=2, ensure_ascii=False)
        self.write(path, data.encode() + b"\n")

    def media(self, path):
        if path and not path.rsplit("/", 1)[-1].startswith("missing_"):
            self.write(path, mp4(path) if path.endswith(".mp4") else jpeg(path))


OWNER_USER = "nordlys.kaffe"
OWNER_NAME = "Nordlys Kaffe ☕"
FRIEND_USER = "zoe.mueller"
FRIEND_NAME = "Zoë Müller"


def item(uri, ts, title="", **kw):
    m = {"uri": uri, "creation_timestamp": ts,
         "media_metadata": kw.pop("meta", {"camera_metadata": {"has_camera_metadata": False}}),
         "title": title, "cross_post_source": {"source_app": "FB"}}
    m.update(kw)
    return m


def posts(d, folder, base):
    """A carousel (caption on the post, "" on each media) and a single video (caption and
    time only on its media item), the video left out."""
    car = [f"media/posts/{base}/{n}_n_1790000000000000{n}.jpg" for n in (1, 2, 3)]
    vid = f"media/posts/{base}/missing_AQabc_17900000000000009.mp4"
    for u in car + [vid]:
        d.media(u)
    d.json(f"{folder}/posts_1.json", [
        {"media": [item(u, 1686300000) for u in car],
         "title": "Nye bønner fra Äthiopia ☕\n#kaffe #tromsø", "creation_timestamp": 1686300005},
        {"media": [item(vid, 1689000000, "Latte-art øving 🎨",
                        meta={"video_metadata": {"exif_data": [{"latitude": 69.6492, "longitude": 18.9553}]}})]},
    ])
    return car


def thread(d, path, title, msgs):
    for m in msgs:
        for k in ("photos", "videos", "audio_files"):
            for x in m.get(k, []):
                d.media(x["uri"])
    d.json(f"{path}/message_1.json", {
        "participants": [{"name": FRIEND_NAME}, {"name": OWNER_NAME}],
        "messages": sorted(msgs, key=lambda m: -m["timestamp_ms"]),
        "title": title, "is_still_participant": True,
        "thread_path": path.split("messages/", 1)[1], "magic_words": []})


def dms(d, prefix):
    t = f"{prefix}messages/inbox/zoemueller_17841400000000001"
    thread(d, t, FRIEND_NAME, [
        {"sender_name": FRIEND_NAME, "timestamp_ms": 1689100000000, "content": "Har dere åpent i dag? 😊",
         "reactions": [{"reaction": "❤️", "actor": OWNER_NAME, "timestamp": 1689100010}]},
        {"sender_name": OWNER_NAME, "timestamp_ms": 1689100060000, "content": "Ja, til kl. 18 👍"},
        {"sender_name": FRIEND_NAME, "timestamp_ms": 1689100120000, "is_unsent": True},
        {"sender_name": OWNER_NAME, "timestamp_ms": 1689100180000,
         "photos": [{"uri": f"{t}/photos/361_n_17912345678901234.jpg", "creation_timestamp": 1689100179}]},
        {"sender_name": FRIEND_NAME, "timestamp_ms": 1689100240000, "content": f"{FRIEND_NAME} sent an attachment.",
         "share": {"link": "https://www.instagram.com/p/Cabc123/", "share_text": "Kanelsnurr 🥐", "original_content_owner": "bakeri.nord"}},
    ])


def rel(user, ts, value=True):
    sld = {"href": f"https://www.instagram.com/{user}", "timestamp": ts}
    if value:
        sld["value"] = user
    return {"title": "", "media_list_data": [], "string_list_data": [sld]}


def profile(d, path):
    photo = "media/profile/202301/321_n_17890000000000001.jpg"
    d.media(photo)
    d.json(path, {"profile_user": [{
        "media_map_data": {"Profile Photo": {"uri": photo, "creation_timestamp": 1672600000, "title": ""}},
        "string_map_data": {"Username": {"href": "", "value": OWNER_USER, "timestamp": 0},
                            "Name": {"href": "", "value": OWNER_NAME, "timestamp": 0},
                            "Bio": {"href": "", "value": "Brenneri & kafé i Tromsø ❄️", "timestamp": 0},
                            "Private Account": {"href": "", "value": "False", "timestamp": 0}}}]})


def comment_item(text, owner, ts):
    return {"media_list_data": [{"uri": ""}],
            "string_map_data": {"Comment": {"value": text}, "Media Owner": {"value": owner}, "Time": {"timestamp": ts}}}


def likes():
    return {"likes_media_likes": [{"title": FRIEND_USER, "string_list_data": [
        {"href": "https://www.instagram.com/p/Cxyz987ABC/", "value": "👍", "timestamp": 1686500000}]}]}


def i1():
    d = Dump("i1-2019")
    photo = "photos/201906/0f1e2d3c4b5a6978.jpg"
    story = "stories/201906/missing_4a1b2c3d.jpg"
    for p in (photo, story):
        d.media(p)
    d.json("media.json", {
        "stories": [{"caption": "", "taken_at": "2019-06-01T08:00:00+00:00", "path": story}],
        "photos": [{"caption": "Frokost ☕ #kaffe", "taken_at": "2019-06-02T09:30:15+00:00", "location": "Tromsø, Norway", "path": photo}],
        "videos": [], "profile": [], "direct": []}, meta=False)
    d.json("connections.json", {"blocked_users": {"spam.konto": "2019-01-01T00:00:00+00:00"}, "restricted_users": {},
                                "follow_requests_sent": {},
                                "followers": {FRIEND_USER: "2018-11-05T12:00:00+00:00"},
                                "following": {FRIEND_USER: "2018-11-04T10:00:00+00:00", "bakeri.nord": "2018-12-01T10:00:00+00:00"},
                                "following_hashtags": {}, "dismissed_suggested_users": {}}, meta=False)
    d.json("likes.json", {"media_likes": [["2019-06-03T11:00:00+00:00", FRIEND_USER]], "comment_likes": []}, meta=False)
    d.json("comments.json", {"media_comments": [["2019-06-02T10:00:00+00:00", "Så fint! 😍", FRIEND_USER]], "live_comments": []}, meta=False)
    d.json("messages.json", [{"participants": [OWNER_USER, FRIEND_USER], "conversation": [
        {"sender": FRIEND_USER, "created_at": "2019-06-04T12:00:01.123456+00:00", "text": "Har dere åpent i dag?"},
        {"sender": OWNER_USER, "created_at": "2019-06-04T12:05:00.000000+00:00", "media": "https://scontent.cdninstagram.com/v/t51.2885-15/sample.jpg"},
        {"sender": FRIEND_USER, "created_at": "2019-06-04T12:06:00.000000+00:00", "heart": "❤️"}]}], meta=False)
    d.json("profile.json", {"username": OWNER_USER, "name": OWNER_NAME, "biography": "Brenneri & kafé",
                            "date_joined": "2015-03-01T10:00:00+00:00", "email": "hei@example.no", "private_account": False}, meta=False)
    return d


def i2():
    d = Dump("i2-2021")
    posts(d, "content", "202306")
    story = "media/stories/202101/475_n_18050000000000001.jpg"
    d.media(story)
    d.json("content/stories.json", {"ig_stories": [item(story, 1610000000, "God morgen ☀️")]})
    d.json("comments/post_comments.json", {"comments_media_comments": [comment_item("Nydelig! 😍", FRIEND_USER, 1686400000)]})
    d.json("likes/liked_posts.json", likes())
    d.json("followers_and_following/followers.json", {"relationships_followers": [rel(FRIEND_USER, 1541419200)]})
    d.json("followers_and_following/following.json", {"relationships_following": [rel(FRIEND_USER, 1541332800), rel("bakeri.nord", 1541332900)]})
    profile(d, "account_information/personal_information.json")
    dms(d, "")
    return d


def i3():
    d = Dump("i3-2023")
    posts(d, "your_instagram_activity/content", "202306")
    d.json("your_instagram_activity/comments/post_comments_1.json", [comment_item("Nydelig! 😍", FRIEND_USER, 1686400000)])
    d.json("your_instagram_activity/likes/liked_posts.json", likes())
    d.json("connections/followers_and_following/followers_1.json", [rel(FRIEND_USER, 1541419200)])
    d.json("connections/followers_and_following/following.json", {"relationships_following": [rel(FRIEND_USER, 1541332800)]})
    d.json("connections/followers_and_following/close_friends.json", {"relationships_close_friends": [rel(FRIEND_USER, 1600000000)]})
    d.json("connections/followers_and_following/blocked_profiles.json", {"relationships_blocked_users": [rel("spam.konto", 1600000001)]})
    profile(d, "personal_information/personal_information.json")
    dms(d, "your_instagram_activity/")
    return d


def i4():
    d = Dump("i4-2025")
    car = posts(d, "your_instagram_activity/media", "202306")
    reel = "media/reels/202407/450124567_n_17926160567808540.mp4"
    story = "media/stories/202501/475_n_18050000000000002.jpg"
    igtv = "media/igtv/202408/AQigtv_17900000000000077.mp4"
    for u in (reel, story, igtv):
        d.media(u)
    d.json("your_instagram_activity/media/reels.json", {"ig_reels_media": [
        {"media": [item(reel, 1720384529, "Morgenrutine i brenneriet 🔥")]}]})
    d.json("your_instagram_activity/media/stories.json", {"ig_stories": [item(story, 1736000000, "")]})
    d.json("your_instagram_activity/media/igtv_videos.json", {"ig_igtv_media": [
        {"media": [item(igtv, 1723000000, "Slik brenner vi kaffe – del 1")], "title": "Slik brenner vi kaffe – del 1", "creation_timestamp": 1723000000}]})
    d.json("your_instagram_activity/comments/post_comments_1.json", [comment_item("Nydelig! 😍", FRIEND_USER, 1686400000)])
    d.json("your_instagram_activity/likes/liked_posts.json", likes())
    d.json("your_instagram_activity/saved/saved_posts.json", {"saved_saved_media": [
        {"title": "bakeri.nord", "string_map_data": {"Saved on": {
            "href": "https://www.instagram.com/p/Csaved42/", "timestamp": 1737000000}}}]})
    d.json("connections/followers_and_following/followers_1.json", [rel(FRIEND_USER, 1541419200)])
    # 2025+: following items keyed by title, no "value"
    d.json("connections/followers_and_following/following.json", {"relationships_following": [
        {"title": FRIEND_USER, "string_list_data": [{"href": f"https://www.instagram.com/_u/{FRIEND_USER}", "timestamp": 1541332800}]}]})
    profile(d, "personal_information/personal_information/personal_information.json")
    dms(d, "your_instagram_activity/")
    # the Threads part of the same export
    d.json("your_instagram_activity/threads/threads_and_replies.json", {"text_post_app_text_posts": [
        {"media": [item("", 1736100000, "Første tråd fra Tromsø 🧵",
                        text_app_post={"reply_control": "everyone", "geo_gated_country_list": "", "is_reply": False})]}]})
    assert car
    return d


def graph():
    d = Dump("graph-2025")
    profile(d, "personal_information/personal_information/personal_information.json")
    ff = "connections/followers_and_following"
    d.json(f"{ff}/pending_follow_requests.json", {"relationships_follow_requests_sent": [
        rel("private.baker", 1736500000)]})
    d.json(f"{ff}/recent_follow_requests.json", {"relationships_permanent_follow_requests": [
        rel("private.baker", 1736500000), rel("fjell.foto", 1735000000)]})
    d.json(f"{ff}/follow_requests_you've_received.json", {"relationships_follow_requests_received": [
        rel("ny.kunde", 1736600000)]})
    d.json(f"{ff}/recently_unfollowed_profiles.json", {"relationships_unfollowed_users": [
        rel("gammel.venn", 1736700000)]})
    # story likes: the older shape (the account in "title", one timestamp per like)...
    d.json("your_instagram_activity/story_interactions/story_likes.json", {"story_activities_story_likes": [
        {"title": FRIEND_USER, "media_list_data": [], "string_list_data": [{"timestamp": 1736800000}]},
        {"title": FRIEND_USER, "media_list_data": [], "string_list_data": [{"timestamp": 1736900000}]}]})
    # ... and the 2025+ label_values list, inside the Threads part for variety
    th = "your_instagram_activity/threads"
    d.json(f"{th}/pending_follow_requests.json", {"text_post_app_text_post_app_follow_requests_sent": [
        {"title": "Tråd Venn", "string_list_data": [
            {"href": "https://www.threads.com/@traad.venn", "value": "traad.venn", "timestamp": 1737000000}]}]})
    d.json(f"{th}/recently_unfollowed_profiles.json", {"text_post_app_text_post_app_unfollowed_users": [
        {"title": "", "string_list_data": [
            {"href": "https://www.threads.com/@borte.naa", "value": "borte.naa", "timestamp": 1737100000}]}]})
    d.json(f"{th}/follow_requests_received.json", [
        {"timestamp": 1737200000, "media": [], "label_values": [
            {"label": "URL", "value": "https://www.threads.com/@ny.leser", "href": "https://www.threads.com/@ny.leser"},
            {"title": "Owner", "dict": [{"dict": [{"label": "Name", "value": "Ny Leser"},
                                                  {"label": "Username", "value": "ny.leser"}]}]}],
         "fbid": "17900000000000123"}])
    return d


def html():
    d = Dump("html-2024")
    d.write("your_instagram_activity/media/posts_1.html", "<html><body>Nye bønner</body></html>\n".encode())
    d.write("connections/followers_and_following/followers_1.html", b"<html><body>zoe.mueller</body></html>\n")
    return d


if __name__ == "__main__":
    for make in (i1, i2, i3, i4, graph, html):
        print("wrote", os.path.relpath(make().root, HERE))

#!/usr/bin/env python3
"""Write the synthetic Facebook samples beside this script (Python standard library only).

    python3 formats/facebook/samples/make_samples.py

One folder per export generation of formats/facebook/README.md: g1-2018 (root sections,
no _v2 keys, message.json), g2-2021 (root sections, _v2 keys, message_N.json),
g3-2023 (your_activity_across_facebook/), g4-2025 (your_facebook_activity/, label_values),
page-2025 (a Page's own export), page-2026-inbox (a Page's export whose customers
are unnamed in most threads, as a real 2026 Page export had them: each unnamed
customer is its own account, and the Page, the one party named in every thread, is
the owner no profile file names), friends-2025 (friend requests sent, received and
rejected, removed friends), g2-2021-shapes (the comment and post shapes a real 2021
export showed), e2ee-2024 (the flat Messenger chat backup) and
html-2024 (an HTML export, which lifeboat refuses). Every JSON file is written the way
Meta writes it: ASCII only, every non-ASCII character as its UTF-8 bytes escaped one by
one (`é` -> `\\u00c3\\u00a9`), 2-space indent. Each folder references one media file
that is left out on purpose (named `missing_*`). The people, places and texts are made
up. Output is deterministic: running the script twice gives the same bytes.
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
    """Meta's encoding: every string as the Latin-1 reading of its UTF-8 bytes."""
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
        """As Meta writes it: mojibake, ASCII escapes, 2-space indent."""
        self.write(path, json.dumps(moji(obj), indent=2, ensure_ascii=True).encode() + b"\n")

    def media(self, path):
        if path.rsplit("/", 1)[-1].startswith("missing_"):
            return  # referenced, not present: reported by name
        self.write(path, mp4(path) if path.endswith((".mp4", ".m4a")) else jpeg(path))


OWNER = "Lina Ødegård"
FRIEND = "Zoë Müller"
OTHER = "Ève Lefèvre"


def media(uri, ts, **kw):
    m = {"uri": uri, "creation_timestamp": ts}
    m.update(kw)
    return m


def message(sender, ms, **kw):
    m = {"sender_name": sender, "timestamp_ms": ms}
    m.update(kw)
    m.setdefault("is_geoblocked_for_viewer", False)
    return m


def thread(d, path, participants, messages, title, extra=None, split=None):
    """A thread folder: message_1.json holds the newest messages (split gives the
    number of messages per file)."""
    msgs = sorted(messages, key=lambda m: -m["timestamp_ms"])
    for m in msgs:
        for k in ("photos", "videos", "audio_files", "files", "gifs"):
            for x in m.get(k, []):
                d.media(x["uri"])
    chunks = [msgs] if not split else [msgs[i:i + split] for i in range(0, len(msgs), split)]
    for i, chunk in enumerate(chunks, 1):
        body = {"participants": [{"name": p} for p in participants], "messages": chunk,
                "title": title, "is_still_participant": True,
                "thread_path": path.split("messages/", 1)[1], "magic_words": []}
        body.update(extra or {})
        name = "message.json" if split == 0 else f"message_{i}.json"
        d.json(f"{path}/{name}", body)


def g1():
    d = Dump("g1-2018")
    photo = "photos_and_videos/TimelinePhotos_101/1001_2001_n_3001.jpg"
    d.media(photo)
    d.json("posts/your_posts.json", {"status_updates": [
        {"timestamp": 1525000000, "attachments": [{"data": [{"media": media(photo, 1524999990, title="Timeline Photos", description="Frühling in Tromsø 🌸")}]}],
         "data": [{"post": "Frühling in Tromsø 🌸"}], "tags": [FRIEND],
         "title": f"{OWNER} updated her status."},
        {"timestamp": 1526000000, "data": [{"post": "Første innlegg — hei alle sammen!"}],
         "title": f"{OWNER} wrote on {FRIEND}'s timeline."},
    ]})
    d.json("comments/comments.json", {"comments": [
        {"timestamp": 1525100000, "data": [{"comment": {"timestamp": 1525100000, "comment": "Så fint! 😍", "author": OWNER}}],
         "title": f"{OWNER} commented on {FRIEND}'s photo."}]})
    d.json("likes_and_reactions/posts_and_comments.json", {"reactions": [
        {"timestamp": 1525200000, "data": [{"reaction": {"reaction": "LIKE", "actor": OWNER}}], "title": f"{OWNER} likes {FRIEND}'s post."},
        {"timestamp": 1525300000, "data": [{"reaction": {"reaction": "HAHA", "actor": OWNER}}], "title": f"{OWNER} reacted to {OTHER}'s comment."}]})
    d.json("friends/friends.json", {"friends": [{"name": FRIEND, "timestamp": 1400000000}, {"name": OTHER, "timestamp": 1450000000}]})
    d.json("following_and_followers/following.json", {"following": [{"name": "Café Nørd", "timestamp": 1460000000}]})
    t = "messages/inbox/zoemuller_a1b2c3"
    thread(d, t, [FRIEND, OWNER], [
        message(FRIEND, 1525400000000, content="Hei! Kommer du på fredag? ☕", type="Generic"),
        message(OWNER, 1525400060000, content="Ja, gjerne 👍", type="Generic",
                reactions=[{"reaction": "❤", "actor": FRIEND}]),
        message(FRIEND, 1525400120000, type="Generic", photos=[{"uri": f"{t}/photos/missing_2001_n.jpg", "creation_timestamp": 1525400119}]),
        message(FRIEND, 1525400180000, content=f"{FRIEND} called you.", type="Call", call_duration=65),
    ], FRIEND, {"thread_type": "Regular"}, split=0)
    return d


def g2():
    d = Dump("g2-2021")
    photo = "posts/media/Mobileuploads_202/2002_3002_n_4002.jpg"
    d.media(photo)
    d.json("profile_information/profile_information.json", {"profile_v2": {
        "name": {"full_name": OWNER, "first_name": "Lina", "middle_name": "", "last_name": "Ødegård"},
        "emails": {"emails": ["lina@example.org"], "previous_emails": [], "pending_emails": [], "ad_account_emails": []},
        "birthday": {"year": 1990, "month": 5, "day": 17}, "current_city": {"name": "Tromsø", "timestamp": 0},
        "registration_timestamp": 1199145600, "profile_uri": "https://www.facebook.com/lina.odegard.example"}})
    d.json("posts/your_posts_1.json", [
        {"timestamp": 1612000000, "attachments": [{"data": [
            {"media": media(photo, 1611999990, title="Mobile uploads", description="Nordlys over Tromsø ✨",
                            media_metadata={"photo_metadata": {"exif_data": [{"latitude": 69.6492, "longitude": 18.9553, "taken_timestamp": 1611990000, "camera_make": "Fjord", "camera_model": "X1"}]}})},
            {"place": {"name": "Tromsø", "coordinate": {"latitude": 69.6492, "longitude": 18.9553}, "address": "", "url": "https://www.facebook.com/tromso"}}]}],
         "data": [{"post": "Nordlys over Tromsø ✨"}, {"update_timestamp": 1612100000}],
         "tags": [{"name": FRIEND}], "title": f"{OWNER} was at Tromsø."},
        {"timestamp": 1613000000, "attachments": [{"data": [{"external_context": {"name": "Skiføre i nord", "source": "example.no", "url": "https://example.no/ski?id=7"}}]}],
         "data": [{"post": "Skiføret er perfekt – «endelig»"}], "title": f"{OWNER} shared a link."},
        # a photo-only post (its text only in the media description) whose file is missing
        {"timestamp": 1614000000, "attachments": [{"data": [{"media": media("posts/media/Mobileuploads_202/missing_2003_n_4003.jpg", 1613999990, description="Hytta i snøen")}]}],
         "title": f"{OWNER} added a new photo."},
    ])
    d.json("comments_and_reactions/comments.json", {"comments_v2": [
        {"timestamp": 1612200000, "data": [{"comment": {"timestamp": 1612200000, "comment": "Nydelig bilde, Zoë! 📷", "author": OWNER}}],
         "title": f"{OWNER} commented on {FRIEND}'s photo."}]})
    d.json("comments_and_reactions/posts_and_comments.json", {"reactions_v2": [
        {"timestamp": 1612300000, "data": [{"reaction": {"reaction": "LOVE", "actor": OWNER}}], "title": f"{OWNER} reacted to {FRIEND}'s post."}]})
    d.json("friends_and_followers/friends.json", {"friends_v2": [{"name": FRIEND, "timestamp": 1400000000}]})
    d.json("groups/your_group_membership_activity.json", {"groups_joined_v2": [
        {"timestamp": 1600000000, "data": [{"name": "Strikkeklubben Tromsø"}], "title": f"{OWNER} became a member of Strikkeklubben Tromsø."}]})
    t = "messages/inbox/fjelltur_b2c3d4"
    msgs = [message(OWNER, 1612500000000 + i * 60000, content=f"Melding nummer {i} om turen 🏔️") for i in range(5)]
    msgs += [
        message(OTHER, 1612400000000, content=f"{OTHER} named the group Fjelltur 🏔️."),
        message(FRIEND, 1612400060000, content="", is_unsent=True),
        message(FRIEND, 1612400120000, content="Se her!", photos=[{"uri": f"{t}/photos/3003_n.jpg", "creation_timestamp": 1612400119}],
                reactions=[{"reaction": "😮", "actor": OWNER}, {"reaction": "👍", "actor": OTHER}]),
        message(OTHER, 1612400180000, content="Lydklipp", audio_files=[{"uri": f"{t}/audio/audioclip_3004.m4a", "creation_timestamp": 1612400179}]),
    ]
    thread(d, t, [FRIEND, OTHER, OWNER], msgs, "Fjelltur 🏔️", {"thread_type": "RegularGroup"}, split=5)
    return d


def g3():
    d = Dump("g3-2023")
    root = "your_activity_across_facebook"
    photo = f"{root}/posts/media/Mobileuploads_303/3003_4003_n_5003.jpg"
    d.media(photo)
    d.json(f"{root}/posts/your_posts__check_ins__photos_and_videos_1.json", [
        {"timestamp": 1680000000, "attachments": [{"data": [{"media": media(photo, 1679999990, description="Påskefjellet")}]}],
         "data": [{"post": "God påske fra fjellet! 🐣"}], "title": ""},
        {"timestamp": 1262304000, "data": [{"post": "Tilbakeblikk: 2010"}, {"backdated_timestamp": 1262304000}, {"update_timestamp": 1681000000}], "title": ""},
    ])
    d.json(f"{root}/comments_and_reactions/likes_and_reactions_1.json", [
        {"timestamp": 1680100000, "data": [{"reaction": {"reaction": "WOW", "actor": OWNER}}], "title": f"{OWNER} reacted to {OTHER}'s post."}])
    d.json(f"{root}/groups/group_posts_and_comments.json", {"group_posts_v2": [
        {"timestamp": 1680200000, "data": [{"post": "Hvem blir med på strikkekafé på lørdag?"}], "title": f"{OWNER} posted in Strikkeklubben Tromsø."}]})
    d.json(f"{root}/events/your_event_responses.json", {"event_responses_v2": {
        "events_joined": [{"name": "Midnattssol-konsert", "start_timestamp": 1687000000, "end_timestamp": 1687010000}],
        "events_declined": [], "events_interested": [{"name": "Bokbad på kaféen", "start_timestamp": 1688000000, "end_timestamp": 0}]}})
    d.json("connections/friends/your_friends.json", {"friends_v2": [{"name": FRIEND, "timestamp": 1400000000}, {"name": OTHER, "timestamp": 1450000000}]})
    d.json("connections/followers/who_you've_followed.json", {"following_v3": [{"name": "Café Nørd", "timestamp": 1460000000}]})
    t = f"{root}/messages/archived_threads/evelefevre_10158000000000001"
    thread(d, t, [OTHER, OWNER], [
        message(OTHER, 1680300000000, content="Tu viens ce soir ? 🎉"),
        message(OWNER, 1680300060000, content="Oui ! À tout à l'heure.", share={"link": "https://example.fr/soiree", "share_text": "Soirée"}),
        message(OTHER, 1680300120000, videos=[{"uri": f"{t}/videos/missing_clip_5005.mp4", "creation_timestamp": 1680300119}]),
    ], OTHER)
    d.json(f"{root}/messages/autofill_information.json", {"autofill_information_v2": {}})
    return d


def g4():
    d = Dump("g4-2025")
    root = "your_facebook_activity"
    photo = f"{root}/posts/media/Mobileuploads_404/4004_5004_n_6004.jpg"
    album_photo = f"{root}/posts/media/Profilepictures_405/4005_n_6005.jpg"
    video = f"{root}/posts/media/Videos_406/4006_n_6006.mp4"
    for p in (photo, album_photo, video):
        d.media(p)
    d.json("personal_information/profile_information/profile_information.json", {"profile_v2": {
        "name": {"full_name": OWNER, "first_name": "Lina", "middle_name": "", "last_name": "Ødegård"},
        "username": "lina.odegard.example", "registration_timestamp": 1199145600,
        "profile_uri": "https://www.facebook.com/lina.odegard.example",
        "intro_bio": {"name": "Strikker, går på ski, drikker kaffe ☕", "timestamp": 1700000000}}})
    d.json(f"{root}/posts/your_posts__check_ins__photos_and_videos_1.json", [
        {"timestamp": 1735000000, "attachments": [{"data": [{"media": media(photo, 1734999990, description="Julemarked 🎄")}]}],
         "data": [{"post": "Julemarked i Tromsø 🎄 – gløgg og pepperkaker"}], "title": f"{OWNER} updated her status."},
        {"timestamp": 1735100000, "attachments": [{"data": [{"life_event": {"title": "Startet i ny jobb hos Café Nørd", "start_date": {"year": 2024, "month": 12, "day": 1}}}]}],
         "title": f"{OWNER} started a new job."},
    ])
    d.json(f"{root}/posts/album/0.json", {"name": "Profile pictures", "photos": [media(album_photo, 1700000000, title="Profile pictures")],
                                         "cover_photo": media(album_photo, 1700000000), "last_modified_timestamp": 1700000000})
    d.json(f"{root}/posts/your_videos.json", {"videos_v2": [media(video, 1701000000, description="Skitur 🎿")]})
    d.json(f"{root}/comments_and_reactions/comments.json", {"comments_v2": [
        {"timestamp": 1735200000, "data": [{"comment": {"timestamp": 1735200000, "comment": "Gratulerer så mye! 🎉", "author": OWNER, "group": "Strikkeklubben Tromsø"}}],
         "title": f"{OWNER} commented on {FRIEND}'s post in Strikkeklubben Tromsø."},
        {"timestamp": 1735250000, "attachments": [{"data": [{"media": media(f"{root}/comments_and_reactions/media/stickers_used/missing_sticker_7007.png", 1735250000)}]}],
         "data": [{"comment": {"timestamp": 1735250000, "comment": "", "author": OWNER}}],
         "title": f"{OWNER} replied to {FRIEND}'s comment."}]})
    d.json(f"{root}/comments_and_reactions/likes_and_reactions.json", [
        {"timestamp": 1735300000, "media": [], "label_values": [{"label": "Reaction", "value": "Love"},
                                                               {"label": "URL", "value": "https://www.facebook.com/permalink.php?story_fbid=pfbid0x&id=100000000000009"},
                                                               {"label": "Name", "value": FRIEND}], "fbid": "9000000000000001"}])
    d.json(f"{root}/pages/your_pages.json", {"pages_v2": [{"name": "Café Nørd", "timestamp": 1451606400, "url": "https://www.facebook.com/cafenord.example"}]})
    d.json(f"{root}/pages/admin_activity.json", [{"timestamp": 1735000000, "media": [], "label_values": [{"label": "Action", "value": "Published a post"}], "fbid": "9000000000000002"}])
    t = f"{root}/messages/inbox/zoemuller_10158000000000002"
    thread(d, t, [FRIEND, OWNER], [
        message(FRIEND, 1735400000000, content="God jul, Lina! 🎅"),
        message(OWNER, 1735400060000, content="God jul! ❤️", reactions=[{"reaction": "❤", "actor": FRIEND}]),
        message(OWNER, 1735400120000, content="", is_unsent=True),
        message(FRIEND, 1735400180000, files=[{"uri": f"{t}/files/oppskrift.pdf", "creation_timestamp": 1735400179}]),
    ], FRIEND)
    d.write(f"{t}/files/oppskrift.pdf", b"%PDF-1.4\n% pepperkaker\n%%EOF\n")
    return d


def page():
    d = Dump("page-2025")
    root = "this_profile's_activity_across_facebook"
    photo = f"{root}/posts/media/Timelinephotos_505/5005_n_7005.jpg"
    d.media(photo)
    d.json(f"{root}/posts/profile_posts_1.json", [
        {"timestamp": 1736000000, "attachments": [{"data": [{"media": media(photo, 1735999990, description="Nye bønner fra Etiopia ☕")}]}],
         "data": [{"post": "Nye bønner fra Etiopia ☕ – smak dem i dag!"}], "title": "Café Nørd updated its status."},
        {"timestamp": 1736100000, "attachments": [{"data": [{"media": media(f"{root}/posts/media/Timelinephotos_505/missing_5006_n.jpg", 1736099990)}]}],
         "data": [{"post": "Stengt på mandag 🚧"}], "title": ""},
    ])
    t = f"{root}/messages/inbox/kunde_9876543210000001"
    thread(d, t, ["Kåre Kunde", "Café Nørd"], [
        message("Kåre Kunde", 1736200000000, content="Har dere glutenfrie kaker? 🍰"),
        message("Café Nørd", 1736200060000, content="Ja, hver lørdag! 😊"),
    ], "Kåre Kunde")
    return d


def page_inbox():
    d = Dump("page-2026-inbox")
    root = "this_profile's_activity_across_facebook"
    page = "Café Nørd"
    d.json(f"{root}/posts/profile_posts_1.json", [
        {"timestamp": 1767300000, "data": [{"post": "Åpent hele påsken 🐣"}], "title": ""},
    ])
    inbox = f"{root}/messages/inbox"
    # three customers the export does not name: an empty name in participants and
    # in sender_name, one thread each
    for i, (q, a, ms) in enumerate([
        ("Har dere vegansk lunsj?", "Ja, hver dag.", 1767400000000),
        ("Kan jeg bestille kake til fredag?", "Selvfølgelig!", 1767500000000),
        ("Hvor lenge er dere åpne?", "Til 18.", 1767600000000),
    ], 1):
        msgs = [message("", ms, content=q), message(page, ms + 60000, content=a)]
        if i == 2:
            msgs[1]["reactions"] = [{"reaction": "❤", "actor": ""}]
        thread(d, f"{inbox}/facebookuser_{9100000000000000 + i}", ["", page], msgs, "Facebook user")
    thread(d, f"{inbox}/kunde_9876543210000002", ["Kari Kunde", page], [
        message("Kari Kunde", 1767700000000, content="Takk for sist!"),
        message(page, 1767700060000, content="Velkommen tilbake 😊"),
    ], "Kari Kunde")
    return d


def g2_shapes():
    """Shapes a real 2021 export showed (NorseKode/Waultar-App keeps excerpts of its
    authors' own exports in documents/parser/content_examples.md): comments with a
    sticker, with a GIF link and no text, a reply with a video whose thumbnail is the
    video itself; posts with only text, a photo in "Mobile Uploads", a video with no
    text and an fbcdn thumbnail URL, a shared link with `update_timestamp` equal to the
    post time, a saved seller (external_context with a name and no url), an event, a
    playlist share with no attachment and no text, and a note with a photo."""
    d = Dump("g2-2021-shapes")
    d.json("profile_information/profile_information.json", {"profile_v2": {
        "name": {"full_name": OWNER, "first_name": "Lina", "middle_name": "", "last_name": "Ødegård"},
        "registration_timestamp": 1199145600}})
    sticker = "posts/media/stickers_used/851575_1263621_1086262_n_1263621.png"
    video_c = "posts/media/videos/58142129_10440973_263654_n_1021326519.mp4"
    photo = "posts/media/MobileUploads_LvJWqg/28819_12516677_646231_n_12516677.jpg"
    video_p = "posts/media/videos/1199405_10200191443_7953_n_20220207.mp4"
    note_photo = "posts/media/your_posts/81159700_102150117_2191492_n_102150117.jpg"
    for m in (sticker, video_c, photo, video_p, note_photo):
        d.media(m)
    ip = {"upload_ip": "192.0.2.44"}
    d.json("comments_and_reactions/comments.json", {"comments_v2": [
        {"timestamp": 1239798000, "data": [{"comment": {"timestamp": 1239798000, "comment": "flott", "author": OWNER}}],
         "title": f"{OWNER} commented on {FRIEND}'s post."},
        {"timestamp": 1457387286, "attachments": [{"data": [{"media": {"uri": sticker}}]}],
         "data": [{"comment": {"timestamp": 1457387286, "comment": "", "author": OWNER}}],
         "title": f"{OWNER} replied to {OTHER}'s comment."},
        {"timestamp": 1513717414, "attachments": [{"data": [{"external_context": {
            "url": "https://media.gif.example/images/abc123/anim.gif?itemid=42"}}]}],
         "data": [{"comment": {"timestamp": 1513717414, "comment": "", "author": OWNER}}],
         "title": f"{OWNER} replied to {FRIEND}'s comment."},
        {"timestamp": 1555607877, "attachments": [{"data": [{"media": {
            "uri": video_c, "creation_timestamp": 1555607885,
            "media_metadata": {"video_metadata": {"exif_data": [dict(ip, upload_timestamp=1555607876)]}},
            "thumbnail": {"uri": video_c}, "description": ""}}]}],
         "data": [{"comment": {"timestamp": 1555607877, "comment": f"{FRIEND} Hva!!! Vi er da bedre!!!!!", "author": OWNER}}],
         "title": f"{OWNER} replied to {FRIEND}'s comment."},
    ]})
    d.json("posts/your_posts_1.json", [
        {"timestamp": 1242901624, "data": [{"post": "herlig med litt ekstra ferie"}],
         "title": f"{OWNER} updated her status."},
        {"timestamp": 1273171899, "attachments": [{"data": [{"media": {
            "uri": photo, "creation_timestamp": 1273171899, "title": "Mobile Uploads", "description": "Tja, hva skal man si"}}]}],
         "data": [{"post": "Tja, hva skal man si"}], "title": f"{OWNER} added a new photo."},
        {"timestamp": 1319393272, "attachments": [{"data": [{"media": {
            "uri": video_p, "creation_timestamp": 1319393272,
            "media_metadata": {"video_metadata": {"exif_data": [dict(ip, upload_timestamp=0)]}},
            "thumbnail": {"uri": "https://cache.fbcdn.example/v/t15.0-10/51259_b.jpg?ccb=1-5&oh=b58e&oe=618D"},
            "description": ""}}]}], "data": []},
        {"timestamp": 1325790129, "attachments": [{"data": [{"external_context": {"url": "http://www.dojang.example/"}}]}],
         "data": [{"post": "\n Åpent hus søndag!\n \nHvor: Veien 10\n \n"}, {"update_timestamp": 1325790129}]},
        {"timestamp": 1424003057, "attachments": [{"data": [{"external_context": {"name": "Kanelsnurr"}}]}],
         "data": [], "title": f"{OWNER} saved a seller."},
        {"timestamp": 1501154548, "attachments": [{"data": [{"event": {
            "name": "Kampkunstshow", "start_timestamp": 1501174800, "end_timestamp": 1501185600}}]}],
         "data": [{"update_timestamp": 1501154548}]},
        {"timestamp": 1565517349, "attachments": [], "data": [{"update_timestamp": 1565517349}],
         "title": f"{OWNER} shared a video from the playlist Trailers."},
        {"timestamp": 1578144004, "attachments": [{"data": [{"note": {
            "title": "", "text": "", "media": [{"uri": note_photo, "creation_timestamp": 1578144009,
                                              "media_metadata": {"photo_metadata": {"exif_data": [ip]}}, "title": ""}],
            "created_timestamp": 1578144014, "updated_timestamp": 1578144014, "tags": []}}]}], "data": []},
    ])
    # G2's friend history names (friends_and_followers/friend_requests_*.json)
    ff = "friends_and_followers"
    d.json(f"{ff}/friends.json", {"friends_v2": [{"name": FRIEND, "timestamp": 1634498460}]})
    d.json(f"{ff}/friend_requests_sent.json", {"sent_requests_v2": [{"name": "Åse Ås", "timestamp": 1634000000}]})
    d.json(f"{ff}/friend_requests_received.json", {"received_requests_v2": [{"name": "Bjørn Bø", "timestamp": 1634100000}]})
    d.json(f"{ff}/rejected_friend_requests.json", {"rejected_requests_v2": [{"name": "Dag Dal", "timestamp": 1634200000}]})
    d.json(f"{ff}/removed_friends.json", {"deleted_friends_v2": [{"name": OTHER, "timestamp": 1634300000}]})
    d.json(f"{ff}/who_you_follow.json", {"following_v2": [{"name": "Kafé Nord", "timestamp": 1628255908}]})
    return d


def friends_history():
    """The friend history files of a G4 export: requests sent, received and rejected,
    and removed friends (each {name, timestamp}, under its own _v2 key)."""
    d = Dump("friends-2025")
    root = "your_facebook_activity"
    d.json("personal_information/profile_information/profile_information.json", {"profile_v2": {
        "name": {"full_name": OWNER, "first_name": "Lina", "middle_name": "", "last_name": "Ødegård"},
        "registration_timestamp": 1262304000}})
    # a root beside your_facebook_activity/, as G4 exports have it
    fr = f"{root}/connections/friends"
    d.json(f"{fr}/your_friends.json", {"friends_v2": [{"name": FRIEND, "timestamp": 1500000000}]})
    d.json(f"{fr}/sent_friend_requests.json", {"sent_requests_v2": [{"name": "Åse Ås", "timestamp": 1736000000}]})
    d.json(f"{fr}/received_friend_requests.json", {"received_requests_v2": [
        {"name": "Bjørn Bø", "timestamp": 1736100000}, {"name": "Cecilie Ceder", "timestamp": 1736200000}]})
    d.json(f"{fr}/rejected_friend_requests.json", {"rejected_requests_v2": [{"name": "Dag Dal", "timestamp": 1736300000}]})
    d.json(f"{fr}/removed_friends.json", {"deleted_friends_v2": [{"name": OTHER, "timestamp": 1736400000}]})
    return d


def e2ee():
    d = Dump("e2ee-2024")
    body = {"participants": [OWNER, FRIEND], "threadName": FRIEND, "messages": [
        {"senderName": FRIEND, "text": "Kryptert hei 🔒", "timestamp": 1710000000000, "type": "Generic", "isUnsent": False, "media": [], "reactions": []},
        {"senderName": OWNER, "text": "Hei igjen, Zoë!", "timestamp": 1710000060000, "type": "Generic", "isUnsent": False,
         "media": [{"uri": "./media/1b2c3d4e.jpeg"}], "reactions": [{"actor": FRIEND, "reaction": "👍"}]},
        {"senderName": OWNER, "text": "oops", "timestamp": 1710000120000, "type": "Generic", "isUnsent": True, "media": [], "reactions": []},
    ]}
    d.json(f"{FRIEND}_1.json", body)
    d.write("media/1b2c3d4e.jpeg", jpeg("e2ee media"))
    return d


def html():
    d = Dump("html-2024")
    d.write("your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.html",
            "<html><body><div class=\"_a6-g\">Nordlys over Tromsø</div><div class=\"_a72d\">Feb 01, 2021, 10:13 AM</div></body></html>\n".encode())
    d.write("your_facebook_activity/messages/inbox/zoemuller_1/message_1.html",
            "<html><body><div class=\"_a6-p\">Hei!</div></body></html>\n".encode())
    d.write("index.html", b"<html><body>Your information</body></html>\n")
    return d


if __name__ == "__main__":
    for make in (g1, g2, g2_shapes, g3, g4, page, page_inbox, friends_history, e2ee, html):
        print("wrote", os.path.relpath(make().root, HERE))

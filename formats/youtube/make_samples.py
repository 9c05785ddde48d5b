#!/usr/bin/env python3
"""Write the synthetic YouTube Takeout samples in samples/ (deterministic, stdlib only).

Each sample reproduces shapes and quirks of ../../../shared/reference/youtube/FORMAT.md
with made-up content (channel "Beispiel Bikes", id UCbb…):

- samples/takeout-2025-en/ (Y4): channels/ (channel.csv, URL configs, feature data),
  video metadata/ (videos.csv with a multi-line description, tags, two videos with the
  same title, a private never-published one; video texts.csv; video recordings.csv with
  `0,0,0` and a real place), videos/ (the uploads: `Ride: day 1` saved as `Ride_ day 1`,
  `Repair (1).mp4` for the second "Repair"), comments/comments.csv (comma-joined segment
  objects with a link, a timestamp chip, `\\u003e`/`\\u0026` escapes, a reply without a
  parent column, a comment on a community post), live chats/, playlists/ (playlists.csv
  and `<title> videos.csv`, an id written ` -abc…` with a leading space, Watch later),
  subscriptions (a title with a trailing space, a quoted comma), history/*.json (carried),
  five trailing blank lines after every CSV, and another Google product (Chrome) beside it.
- samples/takeout-2023-de.zip (Y3, German account): `YouTube und YouTube Music/`,
  `Kanäle/Kanal.csv`, `Video-Metadaten/Videos.csv`, `Kommentare/Kommentare.csv` in the
  `{"takeoutSegments":[…]}` form with a `Parent Comment ID` column in the mid-2024 column
  order, `Abos/Abos.csv` with the translated header `Kanal-ID,Kanal-URL,Kanaltitel`,
  `Playlists/Playlists.csv` with Watch later as `Später ansehen` (id WL) and its
  `Später ansehen-videos.csv`, `Verlauf/Wiedergabeverlauf.json` (history, carried).
- samples/takeout-2021-en/ (Y2): videos/Video Metadata.csv (with view/like counts) and
  its file, my-comments/my-comments.html (a comment with an entity,
  a reply `PARENT.REPLY`, a link, an empty one), my-live-chat-messages.html, two-table
  playlist CSVs (`Liked videos.csv` = likes with times, an empty Uploads list),
  subscriptions.csv with the old header, history/watch-history.html (carried).
- samples/takeout-2023-en-y3/ (Y3, English, as a real 2023 export in a public
  repository has it): channels/, video metadata/, comments/comments.csv
  (`takeoutSegments`), live chats/live chats.csv, and beside them an EMPTY
  my-comments/my-comments.html (no comment in it) and a count-only
  playlists/Liked videos.csv (`Total Liked Videos,81`): the generation is Y3, the two
  files are carried (one fate each) and the count is reconciled.
- samples/takeout-2019-y1.zip (Y1, top folder `YouTube/`): JSON playlists
  (`playlists/likes.json`, Data API playlistItem resources) and
  `subscriptions/subscriptions.json` (subscription resources).
"""
import io
import json
import os
import shutil
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
# YOUTUBE_SAMPLES_OUT writes elsewhere (the tests regenerate and compare)
OUT = os.environ.get("YOUTUBE_SAMPLES_OUT") or os.path.join(HERE, "samples")
CH = "UCbbBeispielBikes0000Q7w"  # the channel: UC + 22
TRAIL = "\n" * 5  # Y3/Y4 CSVs end with five more newlines


def seg(*parts):
    """Y4 comment text: segment objects joined by commas, HTML-safe escapes."""
    out = []
    for p in parts:
        s = json.dumps(p, ensure_ascii=False, separators=(",", ":"))
        s = s.replace(">", "\\u003e").replace("<", "\\u003c").replace("&", "\\u0026")
        out.append(s)
    return ",".join(out)


def q(s):
    """One CSV cell, quoted only when needed (RFC 4180)."""
    if any(c in s for c in ',"\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def row(*cells):
    return ",".join(q(c) for c in cells) + "\n"


def stub(name):
    """A tiny distinct 'video file': an ftyp box plus a free box naming it."""
    ftyp = b"ftypmp42\x00\x00\x00\x00mp42isom"
    free = b"free" + name.encode()[:60]
    return (len(ftyp) + 4).to_bytes(4, "big") + ftyp + (len(free) + 4).to_bytes(4, "big") + free


def y4():
    yt = "Takeout/YouTube and YouTube Music/"
    f = {}
    f["Takeout/archive_browser.html"] = "<!DOCTYPE html><title>Archive</title>"
    f["Takeout/Chrome/BrowserHistory.json"] = '{"Browser History": []}'
    f[yt + "channels/channel.csv"] = (
        "Channel ID,Channel title (Original),Channel visibility\n" + row(CH, "Beispiel Bikes", "Public") + TRAIL)
    f[yt + "channels/channel URL configs.csv"] = (
        "Channel ID,channel vanity URL 1 name,channel vanity URL 2 name\n" + row(CH, "beispielbikes", "") + TRAIL)
    f[yt + "channels/channel feature data.csv"] = (
        "Channel ID,Channel auto-moderation in live chat,Video default licence\n" + row(CH, "false", "Not set") + TRAIL)
    f[yt + "video metadata/videos.csv"] = (
        "Video ID,Approx duration (ms),Video category,Video description (original),Channel ID,Tag 1,Tag 2,"
        "Video title (original),Privacy,Video state,Video create timestamp,Video publish timestamp\n"
        + row("Rd1aaaaaaaa", "120000", "Sports", "Erster Tag der Tour.\nRoute: https://example.org/route?a=1&b=2\n\n0:00 Start",
              CH, "tour", '"alps"', "Ride: day 1", "Public", "Processed",
              "2025-05-01T07:00:00+00:00", "2025-05-01T08:30:00.25+00:00")
        + row("-Rp1bbbbbbb", "60000", "Howto & Style", "", CH, "", "", "Repair", "Unlisted", "Processed",
              "2025-05-02T10:00:00+00:00", "2025-05-02T10:05:00+00:00")
        + row("Rp2cccccccc", "61000", "Howto & Style", "Zweiter Versuch.", CH, "", "", "Repair", "Private",
              "Processed", "2025-05-03T10:00:00+00:00", "")
        + TRAIL)
    f[yt + "video metadata/video texts.csv"] = (
        "Video ID,Video text create timestamp,Video description text segments 1,Video title text segments 1,"
        "Video text update timestamp\n"
        + row("Rd1aaaaaaaa", "2025-05-01T07:00:05.5+00:00", "Erster Tag der Tour.", "Ride: day 1",
              "2025-05-06T12:00:00.123456+00:00") + TRAIL)
    f[yt + "video metadata/video recordings.csv"] = (
        "Video ID,Video recording altitude,Video recording latitude,Video recording longitude\n"
        + row("Rd1aaaaaaaa", "1200", "46.5", "10.2") + row("-Rp1bbbbbbb", "0", "0", "0") + TRAIL)
    f[yt + "videos/Ride_ day 1.mp4"] = stub("Ride_ day 1.mp4")
    f[yt + "videos/Repair.mp4"] = stub("Repair.mp4")
    f[yt + "videos/Repair (1).mp4"] = stub("Repair (1).mp4")
    f[yt + "videos/Outtakes.webm"] = stub("Outtakes.webm")  # no metadata row: an orphan
    f[yt + "comments/comments.csv"] = (
        "Comment ID,Channel ID,Comment create timestamp,Price,Post ID,Video ID,Comment text\n"
        + row("UgzBikeTop000000000A4AaABAg", CH, "2025-05-01T09:00:00.096899+00:00", "0", "", "Rd1aaaaaaaa",
              seg({"text": "Karte: "}, {"text": "https://example.org/map", "link": {"linkUrl": "https://example.org/map"}},
                  {"text": "\n"}, {"text": "Pass ab "},
                  {"text": "1:30", "videoLink": {"externalVideoId": "Rd1aaaaaaaa", "startTimeSeconds": 90}}))
        + row("UgyOtherChanTop0000B4AaABAg.9zReplyAbCdE1", CH, "2025-05-04T18:00:03.5+00:00", "0", "",
              "Xx_OtherVid1", seg({"text": "@rider thanks > 3 tips & more \"quoted\""}))
        + row("UgwCommunity0000000C4AaABAg", CH, "2025-05-05T10:20:30+00:00", "0",
              "UgkxBikePostAbCdEfGhIjKlMnOpQrStUv", "", seg({"text": "Umfrage endet Freitag."}))
        + row("UgxOldBike00000000D4AaABAg", CH, "2013-03-17T17:06:50+00:00", "0", "", "OldVid00001",
              seg({"text": "多謝 🙇\u200d♀️"}))
        + TRAIL)
    f[yt + "live chats/live chats.csv"] = (
        "Live chat ID,Channel ID,Live chat create timestamp,Price,Video ID,Live chat text\n"
        + row("UgyLiveBike000000000E4AaABDqgBwrD_nwI", CH, "2025-05-01T08:31:00.1+00:00", "0", "Rd1aaaaaaaa",
              seg({"text": "Hallo zusammen"}, {"text": ", "}, {"text": "los geht's!"}))
        + row("UgyLiveBike000000000F4AaABDqgBwrD_nwJ", CH, "2025-05-01T08:40:00+00:00", "2.00", "Rd1aaaaaaaa",
              seg({"text": "Danke für den Support"}))
        + TRAIL)
    f[yt + "playlists/playlists.csv"] = (
        "Playlist ID,Add new videos to top,Playlist title (original),Playlist title (original) language,"
        "Playlist create timestamp,Playlist update timestamp,Playlist video order,Playlist visibility\n"
        + row("PLbbTour000000000000000000000000ab", "False", "Tour 2025", "de", "2025-05-01T06:00:00+00:00",
              "2025-05-03T06:00:00+00:00", "Manual", "Public")
        + row("WL", "False", "Watch later", "en_US", "2019-01-08T11:34:43+00:00", "2025-05-06T12:41:06+00:00",
              "Manual", "Private")
        + TRAIL)
    f[yt + "playlists/Tour 2025 videos.csv"] = (
        "Video ID,Playlist video creation timestamp\n"
        + "Rd1aaaaaaaa,2025-05-01T09:00:00+00:00\n -Rp1bbbbbbb,2025-05-02T11:00:00+00:00\n" + TRAIL)
    f[yt + "playlists/Watch later videos.csv"] = (
        "Video ID,Playlist video creation timestamp\n" + "WatchMe0001,2025-05-06T12:41:06+00:00\n" + TRAIL)
    f[yt + "subscriptions/subscriptions.csv"] = (
        "Channel ID,Channel URL,Channel title\n"
        + row("UC-SubOneExample0000001", "http://www.youtube.com/channel/UC-SubOneExample0000001", "Rad & Tour e.V.")
        + row("UCsubTwoExample00000002", "http://www.youtube.com/channel/UCsubTwoExample00000002", "Spokes, Inc. ")
        + TRAIL)
    f[yt + "history/watch-history.json"] = json.dumps([
        {"header": "YouTube", "title": "Watched Ride: day 1",
         "titleUrl": "https://www.youtube.com/watch?v\u003dRd1aaaaaaaa", "time": "2025-05-02T09:03:11.482Z",
         "products": ["YouTube"], "activityControls": ["YouTube watch history"]}], indent=2)
    return f


def y3_de():
    yt = "Takeout/YouTube und YouTube Music/"
    f = {}
    f[yt + "Kanäle/Kanal.csv"] = (
        "Channel ID,Channel Title (Original),Channel Visibility\n" + row(CH, "Beispiel Bikes", "Public") + TRAIL)
    f[yt + "Video-Metadaten/Videos.csv"] = (
        "Video ID,Approx Duration (ms),Video Audio Language,Video Category,Channel ID,Video Title (Original),"
        "Privacy,Video State,Video Create Timestamp,Video Publish Timestamp\n"
        + row("De1aaaaaaaa", "93000", "de", "People", CH, "Werkstatt-Rundgang", "Public", "Processed",
              "2023-09-01T17:24:00.981411+00:00", "2023-09-01T18:00:00+00:00") + TRAIL)
    tk = lambda *p: json.dumps({"takeoutSegments": list(p)}, ensure_ascii=False, separators=(",", ":"))
    f[yt + "Kommentare/Kommentare.csv"] = (
        "Channel ID,Comment Create Timestamp,Price,Comment ID,Parent Comment ID,Video ID,Comment Text\n"
        + row(CH, "2023-09-19T17:42:53.434647+00:00", "0", "UgxDeTop00000000000G4AaABAg", "", "De1aaaaaaaa",
              tk({"text": "Danke! Anleitung: "}, {"text": "https://example.org/anleitung",
                                                   "link": {"linkUrl": "https://example.org/anleitung"}}))
        + row(CH, "2023-09-20T08:00:00+00:00", "0", "UgwForeignParent000H4AaABAg.9deReplyXyZ1",
              "UgwForeignParent000H4AaABAg", "Fr_OtherVid2", tk({"text": "Gern geschehen <3"}))
        + TRAIL)
    f[yt + "Abos/Abos.csv"] = (
        "Kanal-ID,Kanal-URL,Kanaltitel\n"
        + row("UCdeSubExample000000003", "http://www.youtube.com/channel/UCdeSubExample000000003", "Fahrrad GmbH & Co. KG")
        + TRAIL)
    f[yt + "Playlists/Playlists.csv"] = (
        "Playlist ID,Add new videos to top,Playlist Title (Original),Playlist Title (Original) Language,"
        "Playlist Create Timestamp,Playlist Update Timestamp,Playlist Video Order,Playlist Visibility\n"
        + row("WL", "False", "Später ansehen", "de", "2019-01-08T11:34:43+00:00", "2023-10-01T12:00:00+00:00",
              "Manual", "Private") + TRAIL)
    f[yt + "Playlists/Später ansehen-videos.csv"] = (
        "Video ID,Playlist Video Creation Timestamp\n" + "Later000001,2023-10-01T12:00:00+00:00\n" + TRAIL)
    f[yt + "Verlauf/Wiedergabeverlauf.json"] = json.dumps([
        {"header": "YouTube", "title": "Werkstatt-Rundgang angesehen", "time": "2023-10-02T09:00:00Z"}])
    return f


def y3_en():
    yt = "Takeout/YouTube and YouTube Music/"
    f = {}
    f["Takeout/archive_browser.html"] = "<!DOCTYPE html><title>Archive</title>"
    f[yt + "channels/channel.csv"] = (
        "Channel ID,Channel Title (Original),Channel Visibility\n" + row(CH, "Beispiel Bikes", "Public") + TRAIL)
    f[yt + "video metadata/videos.csv"] = (
        "Video ID,Approx Duration (ms),Video Audio Language,Video Category,Channel ID,Video Title (Original),"
        "Privacy,Video State,Video Create Timestamp,Video Publish Timestamp\n"
        + row("En3aaaaaaaa", "45000", "en", "Sports", CH, "Chain care", "Public", "Processed",
              "2023-08-01T10:00:00+00:00", "2023-08-01T11:00:00+00:00") + TRAIL)
    tk = lambda *p: json.dumps({"takeoutSegments": list(p)}, ensure_ascii=False, separators=(",", ":"))
    f[yt + "comments/comments.csv"] = (
        "Comment ID,Channel ID,Comment Create Timestamp,Price,Parent Comment ID,Video ID,Comment Text\n"
        + row("UgxEnTop00000000000J4AaABAg", CH, "2023-08-02T09:00:00+00:00", "0", "", "En3aaaaaaaa",
              tk({"text": "Oil every 200 km."})) + TRAIL)
    f[yt + "live chats/live chats.csv"] = (
        "Live Chat ID,Channel ID,Live Chat Create Timestamp,Price,Video ID,Live Chat Text\n"
        + row("UgyEnLive0000000000K4AaABDqgBwrD_nwK", CH, "2023-08-01T11:05:00+00:00", "0", "En3aaaaaaaa",
              tk({"text": "Live now"})) + TRAIL)
    # an old-style comments page with nothing in it, beside the Y3 tables
    f[yt + "my-comments/my-comments.html"] = (
        '<html><head><meta charset="utf-8"><title>My comments</title></head><body></body></html>')
    # Y3 does not list liked videos, it only counts them
    f[yt + "playlists/Liked videos.csv"] = "Total Liked Videos,81\n"
    f[yt + "playlists/playlists.csv"] = (
        "Playlist ID,Add new videos to top,Playlist Image 1 Create Timestamp,Playlist Image 1 URL,"
        "Playlist Image 1 Height,Playlist Image 1 Width,Playlist Title (Original),Playlist Title (Original) Language,"
        "Playlist Create Timestamp,Playlist Update Timestamp,Playlist Video Order,Playlist Visibility\n"
        + row("WL", "False", "", "", "", "", "Watch later", "en", "2019-01-08T11:34:43+00:00",
              "2023-08-03T12:00:00+00:00", "Manual", "Private") + TRAIL)
    f[yt + "playlists/Watch later-videos.csv"] = (
        "Video ID,Playlist Video Creation Timestamp\n" + "Later000003,2023-08-03T12:00:00+00:00\n" + TRAIL)
    return f


def y2():
    yt = "Takeout/YouTube and YouTube Music/"
    w = "http://www.youtube.com/watch?v="
    f = {}
    f[yt + "my-comments/my-comments.html"] = (
        '<html><head><meta charset="UTF-8"><title>Your YouTube Comments</title></head><body><ul>'
        f'<li>You added a <a href="{w}Vid2021aaaa&amp;lc=UgxY2Comment0000001">comment</a> on '
        f'<a href="{w}Vid2021aaaa">a video</a> at 2021-05-19 11:46:23 UTC.<br/>Fahrt &amp; Pause &lt;3</li>'
        f'<li>You <a href="{w}Vid2015bbbb&amp;lc=UggzParent0000CoAEC.7-H0Z7-Reply01">replied</a> to a '
        f'<a href="{w}Vid2015bbbb&amp;lc=UggzParent0000CoAEC">comment</a> on <a href="{w}Vid2015bbbb">a video</a> '
        'at 2015-03-20 22:51:16 UTC.<br/>Siehe <a href="https://example.org/faq">https://example.org/faq</a><br>zweite Zeile</li>'
        f'<li>You added a <a href="{w}Vid2016cccc&amp;lc=UgjOld00000000CoAEC">comment</a> on '
        f'<a href="{w}Vid2016cccc">a video</a> at 2016-06-15T08:50:49Z.<br/></li>'
        '</ul></body></html>')
    f[yt + "my-live-chat-messages/my-live-chat-messages.html"] = (
        '<html><body><ul>'
        f'<li>Sent at 2020-04-27 23:18:23 UTC while watching <a href="{w}LiveVid0001">a video</a>.<br/>Grüße aus Köln!</li>'
        '</ul></body></html>')
    f[yt + "playlists/Liked videos.csv"] = (
        "Playlist Id,Channel Id,Time Created,Time Updated,Title,Description,Visibility\n"
        + row("LLbbBeispielBikes0000Q7w", CH, "2012-07-26 15:22:53 UTC", "2021-10-08 12:05:39 UTC",
              "Liked videos", "", "Private")
        + "\nVideo Id,Time Added\n"
        + "Liked000001,2021-10-08 12:05:39 UTC\n-Liked00002,2018-11-05 20:31:50 UTC\n\n")
    f[yt + "playlists/Uploads from Beispiel Bikes.csv"] = (
        "Playlist Id,Channel Id,Time Created,Time Updated,Title,Description,Visibility\n"
        + row("UUbbBeispielBikes0000Q7w", CH, "", "", "Uploads from Beispiel Bikes", "", "")
        + "\nVideo Id,Time Added\n\n")
    f[yt + "videos/Video Metadata.csv"] = (
        "Video Id,Channel Id,Title,Status,Visibility,Time Created,Time Published,Duration,Description,"
        "Category,Like Count,Dislike Count,View Count,License\n"
        + row("Y2Video0001", CH, "Winter ride", "processed", "Public", "2021-01-10 09:00:00 UTC",
              "2021-01-10 10:00:00 UTC", "42 seconds", "Cold but sunny.", "Sports", "12", "1", "345", "youtube")
        + "\n")
    f[yt + "videos/Winter ride.mp4"] = stub("Winter ride.mp4")
    f[yt + "subscriptions/subscriptions.csv"] = (
        "Channel Id,Channel Url,Channel Title\n"
        + row("UC-SubOneExample0000001", "http://www.youtube.com/channel/UC-SubOneExample0000001", "Rad & Tour e.V.")
        + "\n")
    f[yt + "history/watch-history.html"] = (
        '<html><head><title>My Activity History</title></head><body><div class="outer-cell">'
        f'Watched <a href="{w}Vid2021aaaa">A ride</a><br>Oct 28, 2021, 8:45:12 PM CEST<br></div></body></html>')
    return f


def y1():
    yt = "Takeout/YouTube/"
    likes = [{"kind": "youtube#playlistItem", "snippet": {
        "publishedAt": "2017-03-01T10:00:00.000Z", "channelId": CH, "title": "A liked video",
        "playlistId": "LLbbBeispielBikes0000Q7w", "position": 0,
        "resourceId": {"kind": "youtube#video", "videoId": "Y1Liked0001"}},
        "contentDetails": {"videoId": "Y1Liked0001"}}]
    subs = [{"kind": "youtube#subscription", "snippet": {
        "publishedAt": "2016-02-02T02:02:02.000Z", "title": "Old Friend Channel",
        "resourceId": {"kind": "youtube#channel", "channelId": "UCy1OldFriend0000000004"},
        "channelId": CH}}]
    return {yt + "playlists/likes.json": json.dumps(likes, indent=2),
            yt + "subscriptions/subscriptions.json": json.dumps(subs, indent=2)}


def write_folder(name, files):
    base = os.path.join(OUT, name)
    shutil.rmtree(base, ignore_errors=True)
    for rel, data in files.items():
        p = os.path.join(base, *rel.split("/"))
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def write_zip(name, files):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for rel, data in files.items():
            info = zipfile.ZipInfo(rel, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data if isinstance(data, bytes) else data.encode("utf-8"))
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(buf.getvalue())


def main():
    os.makedirs(OUT, exist_ok=True)
    write_folder("takeout-2025-en", y4())
    write_zip("takeout-2023-de.zip", y3_de())
    write_folder("takeout-2021-en", y2())
    write_folder("takeout-2023-en-y3", y3_en())
    write_zip("takeout-2019-y1.zip", y1())


if __name__ == "__main__":
    main()

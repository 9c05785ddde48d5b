#!/usr/bin/env python3
"""Write the synthetic Tumblr exports in samples/ (deterministic, stdlib only).

Each sample reproduces shapes and quirks of ../../../shared/reference/tumblr/FORMAT.md
with made-up content:

- samples/xml-2015/ : T-XML. posts/posts.xml (one line after the declaration, 8
  spaces before <tumblr>) with one post of every legacy type: regular (title, body
  escaped once more, double-escaped entities), photo (several sizes) and photoset,
  quote with an HTML source, link, conversation with <line>s, audio with id3 fields,
  video (is_reblog="true"), answer, an unanswered submission, a draft and a queued
  post (states unverified), tags with spaces; posts/html/<id>.html pages beside it
  (read only for posts the XML lacks: one page has no XML post), media/<id>_0.jpg of
  the photo post, media/<id>.jpg of the page-only post.
- samples/html-2021/ : T-HTML. posts/posts_index.html (newest first, one id without a
  page), posts/style.css, posts/html/<id>.html: a text post with title, tags and
  &rsquo;, a photoset with the 2015 `../media/<id>_1.jpg ` path (trailing space) and the
  later `../../media/<id>_0.png` path, a remote 64.media.tumblr.com image, a photo whose
  file is missing from media/, a YouTube iframe video, a legacy reblog with a two-level
  trail (nested blockquotes) and the reblogger's comment, posts/html/submissions/
  (an anonymous ask and one whose asker is an HTML-escaped link), an unreferenced
  media file, a stray posts.zip (carried).
- samples/npf-api/tumblr-posts.json : an API v2 `posts?npf=true` response: NPF text
  blocks with subtypes, image, link, audio, video and poll blocks, an ask layout, a
  reblog with a trail (oldest first) including a broken blog, tags, note_count, a
  private and a draft post.
"""
import json
import os
import shutil
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "samples")


# Real pictures (48x32, a few hundred bytes, made once with Pillow) that browsers and
# the image crate decode; a comment (PNG tEXt chunk, JPEG COM segment) carries `tag`,
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


def png(tag):
    d = b"Comment\x00" + tag.encode()
    chunk = struct.pack(">I", len(d)) + b"tEXt" + d + struct.pack(">I", zlib.crc32(b"tEXt" + d) & 0xFFFFFFFF)
    return PNG[:33] + chunk + PNG[33:]


def jpeg(tag):
    t = tag.encode()
    return JPEG[:2] + b"\xff\xfe" + struct.pack(">H", len(t) + 2) + t + JPEG[2:]


def page(body, stamp, tags=()):
    t = "".join(f'\n                                                          <span class="tag">{x}</span>' for x in tags)
    return f"""        <!DOCTYPE HTML>
        <html>
            <head>
                <meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>
                <link rel="stylesheet" type="text/css" href="../style.css"/>
            </head>
            <body>
                {body}
                                <div id="footer">
                <span id="timestamp"> {stamp} </span>{t}
                                </div>
            </body>
        </html>

        """


def ask(asker, question, stamp):
    return f"""        <!DOCTYPE HTML>
        <html>
            <head>
                <meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>
                <link rel="stylesheet" type="text/css" href="../style.css"/>
            </head>
            <body>
                                                        <strong>
                       {asker}                     </strong>
                    {question}                    </div>
                                <div id="footer">
                <span id="timestamp"> {stamp} </span>
                                </div>
            </body>
        </html>

        """


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


BLOG = "sample-blog"


def post(pid, typ, unix, gmt, children, tags=(), state="published", extra=""):
    tg = "".join(f"<tag>{esc(t)}</tag>" for t in tags)
    return (f'<post id="{pid}" url="https://{BLOG}.tumblr.com/post/{pid}" url-with-slug="https://{BLOG}.tumblr.com/post/{pid}/s" '
            f'type="{typ}" date-gmt="{gmt} GMT" date="Sat, 01 Jan 2000 00:00:00" unix-timestamp="{unix}" format="html" '
            f'reblog-key="KeY{pid[-3:]}" slug="s" state="{state}" is_reblog="{"true" if "reblog" in extra else "false"}" tumblelog="{BLOG}"{" " + extra if extra and "reblog" not in extra else ""}>'
            f"{children}{tg}</post>")


def xml_sample():
    posts = [
        post("130000000000", "regular", 1425106864, "2015-02-28 07:01:04",
             f"<regular-title>Hello, wörld</regular-title><regular-body>{esc('<p>First post &amp; &ldquo;quotes&rdquo;.</p><p>Second paragraph.</p>')}</regular-body>",
             tags=("meta", "first post")),
        post("129000000000", "photo", 1419444600, "2014-12-24 18:10:00",
             f"<photo-caption>{esc('<p>A set of two&hellip;</p>')}</photo-caption>"
             '<photo-url max-width="1280">https://64.media.tumblr.com/s/tumblr_a_1280.jpg</photo-url>'
             '<photo-url max-width="500">https://64.media.tumblr.com/s/tumblr_a_500.jpg</photo-url>'
             '<photoset><photo offset="o1" caption="" width="1280" height="960"><photo-url max-width="1280">https://64.media.tumblr.com/s/tumblr_a_1280.jpg</photo-url><photo-url max-width="500">https://64.media.tumblr.com/s/tumblr_a_500.jpg</photo-url></photo>'
             '<photo offset="o2" caption="" width="1280" height="960"><photo-url max-width="1280">https://64.media.tumblr.com/s/tumblr_b_1280.jpg</photo-url></photo></photoset>',
             tags=("photos",), extra='width="1280" height="960"'),
        post("128000000000", "quote", 1412164800, "2014-10-01 12:00:00",
             "<quote-text>Simple things should be simple.</quote-text>"
             "<quote-source>" + esc('<a href="https://quotes.example">Someone</a>') + "</quote-source>"),
        post("127000000000", "link", 1411200000, "2014-09-20 08:00:00",
             "<link-text>A useful page</link-text><link-url>https://useful.example/page</link-url>"
             f"<link-description>{esc('<p>Worth a read.</p>')}</link-description>"),
        post("126000000000", "conversation", 1409562000, "2014-09-01 09:00:00",
             "<conversation-title>Standup</conversation-title><conversation-text>A: done?\r\nB: almost</conversation-text>"
             '<conversation><line name="A" label="A:">done?</line><line name="B" label="B:">almost</line></conversation>'),
        post("125000000000", "audio", 1396346400, "2014-04-01 10:00:00",
             f"<audio-caption>{esc('<p>Listen to this</p>')}</audio-caption>"
             "<audio-player>" + esc('<embed src="https://audio.example/player.swf"/>') + "</audio-player>"
             "<id3-artist>The Samples</id3-artist><id3-title>Track One</id3-title>"),
        post("124000000000", "video", 1398938400, "2014-05-01 10:00:00",
             f"<video-caption>{esc('<p>Demo video</p>')}</video-caption><video-source>https://www.youtube.com/watch?v=SAMPLE</video-source>"
             "<video-player>" + esc('<iframe width="400" src="https://www.youtube.com/embed/SAMPLE"></iframe>') + "</video-player>",
             extra="reblog"),
        post("123000000000", "answer", 1405418400, "2014-07-15 10:00:00",
             f"<question>How do you back up your blog?</question><answer>{esc('<p>With the export button.</p>')}</answer>"),
        post("122000000000", "answer", 1405000000, "2014-07-10 10:00:00",
             "<question>Unanswered question?</question>", state="submission"),
        post("121000000000", "regular", 1404000000, "2014-06-29 00:00:00",
             f"<regular-title>Draft</regular-title><regular-body>{esc('<p>Not yet.</p>')}</regular-body>", state="draft"),
        post("120000000000", "regular", 1403000000, "2014-06-17 10:13:20",
             f"<regular-body>{esc('<p>In the queue.</p>')}</regular-body>", state="queued"),
    ]
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n        <tumblr version="1.0"><posts>'
           + "".join(posts) + "</posts></tumblr>")
    base = os.path.join(OUT, "xml-2015")
    files = {
        "posts/posts.xml": xml.encode(),
        "posts/html/130000000000.html": page("<h1>Hello, wörld</h1>\n<p>First post &amp; &ldquo;quotes&rdquo;.</p>",
                                             "February 28th, 2015 1:01pm", ("meta", "first post")).encode(),
        "posts/html/119000000000.html": page('<img src="../media/119000000000.jpg "/>\n<div class="caption"><p>Only in the pages.</p></div>',
                                             "June 1st, 2014 9:00am").encode(),
        "media/129000000000_0.jpg": jpeg("photo 129 0"),
        "media/119000000000.jpg": jpeg("photo 119"),
    }
    return base, files


def html_sample():
    trail = ('<div class="caption"><p><a class="tumblr_blog" href="https://middle-blog.tumblr.com/post/600000000000000002/slug">middle-blog</a>:</p>\n'
             '<blockquote><p><a class="tumblr_blog" href="https://first-blog.tumblr.com/post/600000000000000001">first-blog</a>:</p>\n'
             '<blockquote><p>The very first words.</p></blockquote>\n<p>A middle remark.</p></blockquote>\n'
             '<p>My own comment on the chain.</p></div>')
    pages = {
        "700000000000000005": page("<h1>Moving day</h1>\n<p>We&rsquo;re moving. Everything is exported. 🎉</p>\n<p>See <a href=\"https://new-home.example\">the new home</a>.</p>",
                                   "March 5th, 2021 9:15am", ("news", "moving house")),
        "700000000000000004": page('<img src="../../media/700000000000000004_0.png"/>\n<img src="../media/700000000000000004_1.jpg "/>\n'
                                   '<img src="https://64.media.tumblr.com/remote/tumblr_r_1280.jpg"/>\n<div class="caption"><p>Three photos.</p></div>',
                                   "March 4th, 2021 11:02pm", ("photoset",)),
        "700000000000000003": page('<img src="../../media/700000000000000003.jpg"/>\n<div class="caption"><p>Its file is missing.</p></div>',
                                   "March 3rd, 2021 8:00am"),
        "700000000000000002": page('<iframe width="500" height="281" id="youtube_iframe" src="https://www.youtube.com/embed/SAMPLE2?feature=oembed&amp;wmode=opaque" frameborder="0" allowfullscreen></iframe>\n'
                                   '<div class="caption"><p>A video.</p></div>', "March 2nd, 2021 12:00pm", ("video",)),
        "700000000000000001": page(trail, "March 1st, 2021 7:30pm", ("reblog",)),
    }
    index = ("<!doctype html><html><body>"
             + "".join(f"<div class='post_link' id='{i}'>Post: <a href='html/{i}.html' target='_blank'>{i}</a></div>"
                       for i in ["700000000000000006"] + sorted(pages, reverse=True))
             + "</body></html>")
    files = {
        "posts/posts_index.html": index.encode(),
        "posts/style.css": b"body { font-family: sans-serif; }\n",
        "posts/html/submissions/710000000000000001.html": ask("Anonymous:", "Will you keep the archive?", "March 6th, 2021 10:00am").encode(),
        "posts/html/submissions/710000000000000002.html": ask(
            esc('<a href="https://asker-blog.tumblr.com/" style="text-decoration:underline;">asker-blog</a>:'),
            "thank you &amp; goodbye", "March 7th, 2021 10:00pm").encode(),
        "media/700000000000000004_0.png": png("photo 4 0"),
        "media/700000000000000004_1.jpg": jpeg("photo 4 1"),
        "media/690000000000000000.gif": png("unreferenced"),
        "posts.zip": b"PK\x05\x06" + b"\x00" * 18,
    }
    for pid, body in pages.items():
        files[f"posts/html/{pid}.html"] = body.encode()
    return os.path.join(OUT, "html-2021"), files


def npf_sample():
    posts = [
        {"object_type": "post", "type": "text", "id": 800000000000000003, "id_string": "800000000000000003",
         "blog_name": BLOG, "blog": {"name": BLOG}, "post_url": f"https://{BLOG}.tumblr.com/post/800000000000000003",
         "timestamp": 1700000000, "date": "2023-11-14 22:13:20 GMT", "tags": ["npf", "blocks"], "note_count": 42,
         "reblog_key": "k3", "state": "published",
         "content": [
             {"type": "text", "subtype": "heading1", "text": "A heading"},
             {"type": "text", "text": "Plain paragraph with café."},
             {"type": "text", "subtype": "unordered-list-item", "text": "first item"},
             {"type": "image", "media": [{"url": "https://64.media.tumblr.com/npf/s1280x1920/img.jpg", "width": 1280, "height": 960}], "alt_text": "a picture"},
             {"type": "link", "url": "https://linked.example/article", "title": "Linked article"},
             {"type": "audio", "url": "https://audio.example/track.mp3", "title": "A track"},
             {"type": "video", "url": "https://www.youtube.com/watch?v=NPF", "provider": "youtube"},
             {"type": "poll", "question": "Keep or delete?", "answers": [{"answer_text": "Keep"}, {"answer_text": "Delete"}]},
         ], "layout": [], "trail": []},
        {"object_type": "post", "type": "text", "id_string": "800000000000000002", "blog_name": BLOG,
         "timestamp": 1690000000, "tags": [], "note_count": 3, "state": "published",
         "content": [
             {"type": "text", "text": "What is your favourite format?"},
             {"type": "text", "text": "BagIt, of course."},
         ],
         "layout": [{"type": "ask", "blocks": [0], "attribution": {"type": "blog", "blog": {"name": "curious-blog"}}}],
         "trail": []},
        {"object_type": "post", "type": "text", "id_string": "800000000000000001", "blog_name": BLOG,
         "timestamp": 1680000000, "tags": ["reblog"], "note_count": 7, "state": "published",
         "parent_post_id": "500000000000000002",
         "content": [{"type": "text", "text": "Adding my thoughts."}],
         "trail": [
             {"post": {"id": "500000000000000001"}, "blog": {"name": "origin-blog"},
              "content": [{"type": "text", "text": "The origin post."}], "layout": []},
             {"post": {"id": "500000000000000002"}, "broken_blog_name": "gone-blog",
              "content": [{"type": "text", "text": "A reblog from a deleted blog."}], "layout": []},
         ]},
        {"object_type": "post", "type": "text", "id_string": "800000000000000000", "blog_name": BLOG,
         "timestamp": 1670000000, "state": "private", "content": [{"type": "text", "text": "Private note."}]},
        {"object_type": "post", "type": "text", "id_string": "799999999999999999", "blog_name": BLOG,
         "timestamp": 1660000000, "state": "draft", "content": [{"type": "text", "text": "Draft note."}]},
    ]
    doc = {"meta": {"status": 200, "msg": "OK"}, "response": {"blog": {"name": BLOG}, "posts": posts, "total_posts": len(posts)}}
    return os.path.join(OUT, "npf-api"), {"tumblr-posts.json": (json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode()}


def main():
    # samples/README.md is written by hand: only the generated samples are replaced
    for d in ("xml-2015", "html-2021", "npf-api"):
        shutil.rmtree(os.path.join(OUT, d), ignore_errors=True)
    for base, files in (xml_sample(), html_sample(), npf_sample()):
        for name, data in files.items():
            p = os.path.join(base, *name.split("/"))
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "wb") as f:
                f.write(data)


if __name__ == "__main__":
    main()

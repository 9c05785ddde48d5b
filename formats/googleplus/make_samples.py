#!/usr/bin/env python3
"""Write the synthetic Google+ Takeout samples in samples/ (deterministic, stdlib only).

Each sample reproduces shapes and quirks of ../../../shared/reference/googleplus/FORMAT.md
with made-up content (owner "Greta Sample", user id 100000000000000000001):

- samples/takeout-2019-json/ (P2, Stream exported as JSON): Posts/*.json — an album post
  (one photo present with its `.metadata.csv`, one whose file is absent: reported
  missing) shared with "your circles", with comments by others, +1s, reshares, a link
  card and a check-in; a text-less reshare of someone else's post with a poll and the
  owner's vote, posted to a community (`communityAcl`, `isPublic`); a public post with
  a `+mention`, entities (`&#39;`, `&amp;`) and a `(1)` file-name collision; a broken
  JSON file (skipped and reported). ActivityLog/ with your comment on someone else's
  post, a +1 on your own post (resolved by permalink) and on a foreign post, a +1 on a
  comment, a poll vote and an unknown item kind (kept raw). Google+ Circles/*.vcf with
  one person in two circles, an e-mail-only card and a folded line.
  Google+ Communities/Bike Club/Posts/*.json: a community post by another member.
  Takeout/Profile/Profile.json: another product, carried.
- samples/takeout-2018-html.zip (P1/P2, Stream exported as HTML, the default): a public
  post with a local photo (present), two comments, +1s and a reshare; an edited post
  ("Updated:") shared with "Your circles" whose photo is only a CDN URL (missing); a
  reshare with "Originally shared by"; circles as vCard.
- samples/takeout-2014-p0.zip (P0): a post HTML directly in `Google+ Stream/` and a
  circle as CSV (`First Name,Last Name,Nickname,Display Name,Profile URL`).
- samples/takeout-2019-html-links/ (HTML, the shapes of a real 279-post Takeout in a
  public repository, chicks-net/google-plus-posts-dumper `examples/`): local times
  with -0700/-0800 offsets; "Updated:" equal to the creation time on nearly every post
  (not an edit) and later on a few (an edit); link shares as
  `a.link-embed > h3 (+ img)` after the main content, with or without a preview
  image, one whose URL also stands in the text; a comment with an
  `a.inline-link-embed > img + div.link-title` card.
"""
import io
import json
import os
import shutil
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
# GOOGLEPLUS_SAMPLES_OUT writes elsewhere (the tests regenerate and compare)
OUT = os.environ.get("GOOGLEPLUS_SAMPLES_OUT") or os.path.join(HERE, "samples")
G = "https://plus.google.com/"
OWNER = "100000000000000000001"
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


def person(uid, name, vanity=None):
    return {"displayName": name, "profilePageUrl": G + (vanity or uid),
            "avatarImageUrl": f"https://lh3.googleusercontent.com/-{uid[-6:]}/photo.jpg",
            "resourceName": "users/" + uid}


GRETA = person(OWNER, "Greta Sample", "+GretaSample")
HANS = person("100000000000000000002", "Hans Muster")
IDA = person("100000000000000000003", "Ida Exemple", "+IdaExemple")
JON = person("100000000000000000004", "Jon Doe")


def stream_json():
    s = "Takeout/Google+ Stream/"
    f = {"Takeout/archive_browser.html": "<!DOCTYPE html><title>Archive</title>",
         "Takeout/Profile/Profile.json": json.dumps({"displayName": "Greta Sample"})}
    album = {
        "url": G + "+GretaSample/posts/AlbumPost01",
        "creationTime": "2018-11-02 09:00:00+0000", "updateTime": "2018-11-02 09:00:00+0000",
        "author": GRETA,
        "content": "Harbour walk <b>today</b>, see <a rel=\"nofollow\" class=\"ot-anchor\" "
                   "href=\"https://harbour.example/\">harbour.example</a>",
        "album": {"media": [
            {"url": "https://lh3.googleusercontent.com/-x/harbour1.jpg", "contentType": "image/*",
             "width": 800, "height": 600, "resourceName": "media/HarbourOne", "localFilePath": "harbour1.jpg",
             "description": "The pier at dawn"},
            {"url": "https://lh3.googleusercontent.com/-x/harbour2.jpg", "contentType": "image/jpeg",
             "width": 800, "height": 600, "resourceName": "media/HarbourTwo", "localFilePath": "harbour2.jpg"}]},
        "link": {"title": "Harbour", "url": "https://harbour.example/", "imageUrl": "https://harbour.example/i.png"},
        "location": {"displayName": "Old Harbour", "latitude": 53.54, "longitude": 9.98,
                     "physicalAddress": "Hafenstraße 1, Hamburg"},
        "resourceName": f"users/{OWNER}/posts/UgAlbumThread0001",
        "comments": [
            {"creationTime": "2018-11-02 10:00:00+0000", "author": HANS, "content": "Lovely light!",
             "postUrl": G + "+GretaSample/posts/AlbumPost01",
             "resourceName": f"users/{OWNER}/posts/UgAlbumThread0001/comments/UgAlbumThread0001-1541152800000"},
            {"creationTime": "2018-11-02 11:00:00+0000", "updateTime": "2018-11-02 11:05:00+0000",
             "author": GRETA, "content": "Thanks &amp; see you there",
             "postUrl": G + "+GretaSample/posts/AlbumPost01",
             "resourceName": f"users/{OWNER}/posts/UgAlbumThread0001/comments/UgAlbumThread0001-1541156400000"}],
        "plusOnes": [{"plusOner": HANS}, {"plusOner": IDA}],
        "reshares": [{"resharer": IDA}],
        "postAcl": {"visibleToStandardAcl": {"circles": [{"type": "CIRCLE_TYPE_YOUR_CIRCLES"}]}},
    }
    reshare = {
        "url": G + "+GretaSample/posts/ResharePost1",
        "creationTime": "2019-01-20 08:00:00+0000", "author": GRETA, "content": "",
        "resharedPost": {"url": G + "+IdaExemple/posts/IdaOriginal1", "author": IDA,
                         "content": "Which ferry do you take? Vote below",
                         "resourceName": "users/100000000000000000003/posts/UgIdaThread0001"},
        "poll": {"choices": [
            {"description": "Morning ferry", "resourceName": "polls/UgIdaThread0001/choices/0", "voteCount": 2,
             "votes": [{"voter": JON}]},
            {"description": "Evening ferry", "resourceName": "polls/UgIdaThread0001/choices/1", "voteCount": 1}],
            "totalVotes": 3, "viewerPollChoiceResourceName": "polls/UgIdaThread0001/choices/1"},
        "resourceName": f"users/{OWNER}/posts/UgReshareThread01",
        "postAcl": {"communityAcl": {"community": {"resourceName": "communities/555",
                                                   "displayName": "Ferry Friends"}}, "isPublic": True},
    }
    public = {
        "url": G + "+GretaSample/posts/PublicPost01",
        "creationTime": "2019-02-01 12:00:00+0000", "author": GRETA,
        "content": "It&#39;s done &amp; dusted, thanks <span class=\"proflinkWrapper\"><span class=\"proflinkPrefix\">+"
                   "</span><a class=\"proflink\" href=\"" + G + "100000000000000000002\" oid=\"100000000000000000002\">"
                   "Hans Muster</a></span>!",
        "resourceName": f"users/{OWNER}/posts/UgPublicThread01",
        "postAcl": {"visibleToStandardAcl": {"circles": [{"type": "CIRCLE_TYPE_PUBLIC"}]}},
    }
    f[s + "Posts/20181102 - Harbour walk today, see harbour.exa.json"] = json.dumps(album, indent=2, ensure_ascii=False)
    f[s + "Posts/harbour1.jpg"] = jpeg("harbour1")
    f[s + "Posts/harbour1.jpg.metadata.csv"] = "title,description,url,width,height\nharbour1.jpg,The pier at dawn,https://lh3.googleusercontent.com/-x/harbour1.jpg,800,600\n"
    f[s + "Posts/20190120 - Post.json"] = json.dumps(reshare, indent=2, ensure_ascii=False)
    f[s + "Posts/20190201 - It's done & dusted, thanks +Hans(1).json"] = json.dumps(public, indent=2, ensure_ascii=False)
    f[s + "Posts/20190202 - Broken.json"] = '{"url": "https://plus.google.com/+GretaSample/posts/Broken", "content": '
    f[s + "ActivityLog/Comments.json"] = json.dumps({"items": [
        {"timestampMs": "1548000000000", "visibility": "PUBLIC",
         "commentCreatedItem": {"postPermalink": G + "+IdaExemple/posts/IdaOriginal1",
                                "commentText": "Evening, &amp; always"}}]}, indent=2)
    f[s + "ActivityLog/+1s on posts.json"] = json.dumps({"items": [
        {"timestampMs": "1548000100000", "visibility": "PUBLIC",
         "postPlusOneAddedItem": {"postPermalink": G + "+IdaExemple/posts/IdaOriginal1"}},
        {"timestampMs": "1549000000000", "visibility": "PUBLIC",
         "postPlusOneAddedItem": {"postPermalink": G + "+GretaSample/posts/PublicPost01"}}]}, indent=2)
    f[s + "ActivityLog/+1s on comments.json"] = json.dumps({"items": [
        {"timestampMs": "1548000200000", "visibility": "EXTENDED_CIRCLES",
         "commentPlusOneAddedItem": {"postPermalink": G + "+JonDoe/posts/JonPost0001"}}]}, indent=2)
    f[s + "ActivityLog/Poll Votes.json"] = json.dumps({"items": [
        {"timestampMs": "1548000300000", "pollVoteAddedItem": {"postPermalink": G + "+IdaExemple/posts/IdaOriginal1"}},
        {"timestampMs": "1548000400000", "collectionFollowedItem": {"collection": "collections/77"}}]}, indent=2)
    f["Takeout/Google+ Circles/Friends.vcf"] = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Hans Muster\r\nN:Muster;Hans;;;\r\n"
        "URL:https://plus.google.com/1000000000000000\r\n 00002\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ida Exemple\r\nURL:https://plus.google.com/100000000000000000003\r\nEND:VCARD\r\n")
    f["Takeout/Google+ Circles/Colleagues.vcf"] = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ida Exemple\r\nURL:https://plus.google.com/100000000000000000003\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:kim@example.org\r\nEMAIL;TYPE=INTERNET:kim@example.org\r\nEND:VCARD\r\n")
    community = {"url": G + "+JonDoe/posts/ClubRide0001", "creationTime": "2019-01-05 07:00:00+0000",
                 "author": JON, "content": "Club ride on Sunday, 9 am at the bridge",
                 "resourceName": "users/100000000000000000004/posts/UgClubThread001",
                 "postAcl": {"communityAcl": {"community": {"resourceName": "communities/999",
                                                            "displayName": "Bike Club"}}}}
    f["Takeout/Google+ Communities/Bike Club/Posts/20190105 - Club ride on Sunday.json"] = json.dumps(community, indent=2)
    return f


def post_html(url, when, main, extra="", updated=None, media="", visibility="", activity="", comments=""):
    upd = f"<span> - Updated: {updated}</span>" if updated else ""
    return (
        '<html><head><meta charset="utf-8"><title>post</title><style>.a{}</style></head><body>'
        '<div style="margin-bottom:1em;"><div style="display:flex">'
        '<img class="author-photo" src="https://lh3.googleusercontent.com/-g/photo.jpg" alt="Greta Sample">'
        f'<a href="{G}+GretaSample" target="_blank" class="author">Greta Sample</a> - '
        f'<a target="_blank" href="{url}">{when}</a>{upd}</div>'
        f'<div class="main-content">{main}</div>{extra}{media}</div>'
        f'<div class="visibility">{visibility}</div>'
        f'<div class="post-activity">{activity}</div><div class="comments">{comments}</div></body></html>')


def comment_html(href, name, when, body):
    return (f'<div class="comment"><a target="_blank" href="{href}" class="author">{name}</a>'
            f'<span class="time"> - {when}</span><div class="comment-content">{body}</div></div>')


def stream_html():
    s = "Takeout/Google+ Stream/Posts/"
    f = {"Takeout/archive_browser.html": "<!DOCTYPE html><title>Archive</title>"}
    f[s + "20180601 - Lighthouse at dusk.html"] = post_html(
        G + "+GretaSample/posts/HtmlPost0001", "2018-06-01 19:00:00+0000",
        "Lighthouse at dusk &amp; a <i>very</i> calm sea<br><br>More: "
        '<a rel="nofollow" class="ot-anchor" href="https://sea.example/">sea.example</a>',
        media='<a href="lighthouse.jpg" target="_blank" class="media-link"><img src="lighthouse.jpg" class="media"></a>',
        extra='<span class="location">Red Lighthouse - Kai 3, Kiel</span>',
        visibility="Shared with: Public",
        activity=(f'<div class="plus-oners">+1\'d by: <a href="{G}100000000000000000002">Hans Muster</a>, '
                  f'<a href="{G}+IdaExemple">Ida Exemple</a></div>'
                  f'<div class="resharers">Reshared by: <a href="{G}+IdaExemple">Ida Exemple</a></div>'),
        comments=(comment_html(G + "100000000000000000002", "Hans Muster", "2018-06-01 20:00:00+0000",
                               "Wow &lt;3")
                  + comment_html(G + "+GretaSample", "Greta Sample", "2018-06-01 21:00:00+0000",
                                 '<span class="proflinkWrapper"><span class="proflinkPrefix">+</span>'
                                 f'<a class="proflink" href="{G}100000000000000000002">Hans Muster</a></span> danke!')))
    f[s + "lighthouse.jpg"] = jpeg("lighthouse")
    f[s + "20180702 - Edited thoughts.html"] = post_html(
        G + "+GretaSample/posts/HtmlPost0002", "2018-07-02 08:00:00+0000",
        "Edited thoughts about private things", updated="2018-07-03 09:30:00+0000",
        media='<a href="https://lh3.googleusercontent.com/-y/remote.jpg" class="media-link">'
              '<img src="https://lh3.googleusercontent.com/-y/remote.jpg" class="media"></a>',
        visibility="Shared with: Your circles")
    f[s + "20180801 - Post.html"] = post_html(
        G + "+GretaSample/posts/HtmlPost0003", "2018-08-01 08:00:00+0000",
        "Worth reading",
        extra=(f'<div class="reshare"><a class="reshare-attribution" href="{G}+IdaExemple/posts/IdaOld0001">'
               'Originally shared by Ida Exemple</a><div class="main-content">Ida&#39;s original text</div></div>'),
        visibility="Shared with: Public")
    f["Takeout/Google+ Circles/Friends.vcf"] = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Hans Muster\nURL:https://plus.google.com/100000000000000000002\nEND:VCARD\n")
    return f


def link_embed(url, title, image=None):
    img = f'<img src="{image}" alt="">' if image else ""
    return f'<a href="{url}" target="_blank" class="link-embed"><h3>{title}</h3>{img}</a>'


def stream_html_links():
    s = "Takeout/Google+ Stream/Posts/"
    f = {"Takeout/archive_browser.html": "<!DOCTYPE html><title>Archive</title>"}
    f[s + "20111104 - An article on equations.html"] = post_html(
        G + "+GretaSample/posts/LinkPost0001", "2011-11-04 09:48:17-0700",
        "A well executed article on equations.", updated="2011-11-04 09:48:17-0700",
        extra=link_embed("http://magazine.example/science/2011/11/equations/?pid=2364&amp;viewall=true",
                         "» 9 Equations Everyone Should Know", "http://magazine.example/img/euler.jpg"),
        visibility="Shared with: Public")
    f[s + "20111231 - One of my theme songs.html"] = post_html(
        G + "+GretaSample/posts/LinkPost0002", "2011-12-31 23:10:00-0800",
        "One of my theme songs.", updated="2011-12-31 23:10:00-0800",
        extra=link_embed("http://video.example/watch/1441614/start-wearing-purple/",
                         "Start Wearing Purple on Video Example"),
        visibility="Shared with: Public")
    f[s + "20130713 - Read this on a Saturday.html"] = post_html(
        G + "+GretaSample/posts/LinkPost0003", "2013-07-13 10:00:00-0700",
        'Perfect for a Saturday: <a rel="nofollow" target="_blank" href="https://essays.example/saturday" '
        'class="ot-anchor bidi_isolate" dir="ltr">https://essays.example/saturday</a>',
        updated="2013-07-14 08:30:00-0700",
        extra=link_embed("https://essays.example/saturday", "A Saturday essay &amp; more",
                         "https://essays.example/cover.png"),
        visibility="Shared with: Public",
        comments=comment_html(G + "100000000000000000002", "Hans Muster", "2013-07-14 09:00:00-0700",
                              'Related: <a href="https://qa.example/q/42" target="_blank" class="inline-link-embed">'
                              '<img src="https://qa.example/favicon.png" alt="">'
                              '<div class="link-title">Why does the cron job not run?</div></a>'))
    return f


def p0():
    f = {}
    f["Takeout/Google+ Stream/20140630 - Hello from 2014.html"] = post_html(
        G + "112233445566778899000/posts/OldPost00001", "2014-06-30 14:04:00+0000",
        "Hello from 2014", visibility="Shared with: Public")
    f["Takeout/Google+ Circles/Friends.csv"] = (
        "First Name,Last Name,Nickname,Display Name,Profile URL\n"
        "Lena,Alt,,Lena Alt,https://plus.google.com/100000000000000000009\n"
        ",,,,\n")
    return f


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
            info = zipfile.ZipInfo(rel, date_time=(2019, 3, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data if isinstance(data, bytes) else data.encode("utf-8"))
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(buf.getvalue())


def main():
    os.makedirs(OUT, exist_ok=True)
    write_folder("takeout-2019-json", stream_json())
    write_zip("takeout-2018-html.zip", stream_html())
    write_zip("takeout-2014-p0.zip", p0())
    write_folder("takeout-2019-html-links", stream_html_links())


if __name__ == "__main__":
    main()

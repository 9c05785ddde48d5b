#!/usr/bin/env python3
"""Write the synthetic Blogger samples beside this script (Python stdlib only).

    python3 make_samples.py

Invented content (an "Acme Tools" blog, example hosts). One folder per dialect of
../../../../shared/reference/blogger/FORMAT.md:

  classic-b1/   the classic export `blog-MM-DD-YYYY.xml`: one long line, template and
                settings entries, posts typed by kind# categories with local offsets,
                a draft (app:draft), a page, comments flat (thr:in-reply-to) and
                threaded (rel='related' link), an anonymous comment, labels
  classic-unbound-app/
                a classic export whose app:control/app:draft and thr:in-reply-to
                prefixes are bound by no xmlns declaration (seen in real classic
                exports): the draft must still read as a private draft, with a
                warning, and the comment still threads under its post
  takeout-b2/   Takeout/Blogger/Blogs/<blog>/feed.atom (blogger 2018 namespace):
                POST/PAGE/COMMENT with blogger:status LIVE/DRAFT, blogger:parent and
                blogger:inReplyTo, a trashed comment, comments before their post,
                double-escaped title entities, a location, labels, plus a theme file
"""
import os
from xml.sax.saxutils import escape, quoteattr

HERE = os.path.dirname(os.path.abspath(__file__))
BLOG = "7041234567890000001"
TAG = f"tag:blogger.com,1999:blog-{BLOG}"
KIND = "http://schemas.google.com/g/2005#kind"
PROFILE = "https://www.blogger.com/profile/11111111111111111111"


def write(path, text):
    full = os.path.join(HERE, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as f:
        f.write(text)


def b1_entry(eid, kind, title, content, published, extra="", author=None):
    a = author or (f"<author><name>Acme Tools</name><uri>{PROFILE}</uri>"
                   "<email>noreply@blogger.com</email></author>")
    return (f"<entry><id>{TAG}.{eid}</id><published>{published}</published>"
            f"<updated>{published}</updated>"
            f"<category scheme='{KIND}' term='http://schemas.google.com/blogger/2008/kind#{kind}'/>"
            f"{extra}<title type='text'>{escape(title)}</title>"
            f"<content type='{'text' if kind == 'settings' else 'html'}'>{escape(content)}</content>"
            f"{a}</entry>")


def classic():
    head = ("<?xml version='1.0' encoding='UTF-8'?><?xml-stylesheet href=\"http://www.blogger.com/styles/atom.css\" type=\"text/css\"?>"
            "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/' "
            "xmlns:gd='http://schemas.google.com/g/2005' xmlns:thr='http://purl.org/syndication/thread/1.0' "
            "xmlns:georss='http://www.georss.org/georss'>"
            f"<id>{TAG}.archive</id><updated>2015-01-02T09:00:00.000+01:00</updated>"
            "<title type='text'>Acme Tools Blog</title>"
            "<link rel='alternate' type='text/html' href='https://acme-tools.blogspot.example/'/>"
            f"<author><name>Acme Tools</name><uri>{PROFILE}</uri><email>noreply@blogger.com</email></author>"
            "<generator version='7.00' uri='http://www.blogger.com'>Blogger</generator>")
    post = "1000000000000000001"
    e = [
        b1_entry("layout", "template", "Template: Acme Tools Blog",
                 "<?xml version='1.0'?><html><b:skin><![CDATA[/* theme */]]></b:skin></html>",
                 "2015-01-02T09:00:00.000+01:00"),
        b1_entry("settings.BLOG_NAME", "settings", "Blog title", "Acme Tools Blog",
                 "2015-01-02T09:00:00.000+01:00"),
        b1_entry("settings.BLOG_TIME_ZONE", "settings", "Time zone", "Europe/Berlin",
                 "2015-01-02T09:00:00.000+01:00"),
        b1_entry(f"post-{post}", "post", "Tools & trade fair",
                 '<div>We exhibit at the trade fair.<br /><a href="https://fair.example/">Fair site</a></div>',
                 "2014-09-01T10:15:00.000+02:00",
                 "<category scheme='http://www.blogger.com/atom/ns#' term='Events'/>"
                 "<category scheme='http://www.blogger.com/atom/ns#' term='Messe'/>"
                 "<link rel='alternate' type='text/html' href='https://acme-tools.blogspot.example/2014/09/fair.html'/>"),
        b1_entry("post-1000000000000000002", "post", "Draft: price list",
                 "<p>Confidential pricing overhaul.</p>", "2014-12-01T09:00:00.000+01:00",
                 "<app:control xmlns:app='http://purl.org/atom/app#'><app:draft>yes</app:draft></app:control>"),
        b1_entry("page-2000000000000000001", "page", "Imprint", "<p>Acme Tools GmbH, Musterstadt.</p>",
                 "2013-01-01T12:00:00.000+01:00",
                 "<link rel='alternate' type='text/html' href='https://acme-tools.blogspot.example/p/imprint.html'/>"),
        b1_entry("post-3000000000000000001", "comment", "See you at the fair",
                 "See you at the fair!", "2014-09-02T08:00:00.000+02:00",
                 f"<thr:in-reply-to ref='{TAG}.post-{post}' href='https://acme-tools.blogspot.example/2014/09/fair.html' type='text/html'/>",
                 author="<author><name>Kim Reader</name><uri>https://www.blogger.com/profile/22222222222222222222</uri>"
                        "<email>noreply@blogger.com</email></author>"),
        b1_entry("post-3000000000000000002", "comment", "Which hall",
                 "Which hall &amp; booth?", "2014-09-02T09:00:00.000+02:00",
                 f"<thr:in-reply-to ref='{TAG}.post-{post}' type='text/html'/>"
                 f"<link rel='related' type='application/atom+xml' href='https://www.blogger.com/feeds/{BLOG}/{post}/comments/default/3000000000000000001'/>",
                 author="<author><name>Anonym</name><email>noreply@blogger.com</email></author>"),
    ]
    write("classic-b1/blog-01-02-2015.xml", head + "".join(e) + "</feed>")


def classic_unbound():
    # no xmlns:app anywhere, and thr: used without its declaration
    head = ("<?xml version='1.0' encoding='UTF-8'?>"
            "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/' "
            "xmlns:gd='http://schemas.google.com/g/2005'>"
            f"<id>{TAG}.archive</id><updated>2016-03-04T09:00:00.000+01:00</updated>"
            "<title type='text'>Acme Tools Blog</title>"
            "<link rel='alternate' type='text/html' href='https://acme-tools.blogspot.example/'/>")
    post = "1100000000000000001"
    e = [
        b1_entry(f"post-{post}", "post", "Spring catalogue", "<p>The spring catalogue is out.</p>",
                 "2016-03-01T10:00:00.000+01:00"),
        b1_entry("post-1100000000000000002", "post", "Draft: layoffs memo",
                 "<p>Not for publication.</p>", "2016-03-02T10:00:00.000+01:00",
                 "<app:control><app:draft>yes</app:draft></app:control>"),
        b1_entry("post-1100000000000000003", "post", "Published with a no",
                 "<p>Explicitly not a draft.</p>", "2016-03-03T10:00:00.000+01:00",
                 "<app:control><app:draft>no</app:draft></app:control>"),
        b1_entry("post-3100000000000000001", "comment", "Nice",
                 "Nice catalogue!", "2016-03-01T12:00:00.000+01:00",
                 f"<thr:in-reply-to ref='{TAG}.post-{post}' type='text/html'/>",
                 author="<author><name>Kim Reader</name><uri>https://www.blogger.com/profile/22222222222222222222</uri></author>"),
    ]
    write("classic-unbound-app/blog-03-04-2016.xml", head + "".join(e) + "</feed>")


def b2_entry(eid, btype, content, published, status="LIVE", title=None, extra="",
             author_name="Acme Tools", author_uri=PROFILE, author_type="BLOGGER"):
    uri = f"\n      <uri>{author_uri}</uri>" if author_uri else ""
    t = f"\n    <title>{escape(title)}</title>" if title is not None else ""
    return f"""  <entry>
    <id>{TAG}.{eid}</id>
    <blogger:type>{btype}</blogger:type>
    <blogger:status>{status}</blogger:status>
    <author>
      <name>{escape(author_name)}</name>{uri}
      <blogger:type>{author_type}</blogger:type>
    </author>{t}
    <content type='html'>{escape(content)}</content>
    <published>{published}</published>
    <updated>{published}</updated>{extra}
  </entry>
"""


def takeout():
    post = "4000000000000000001"
    pref = f"{TAG}.post-"
    entries = [
        # a reply and a top-level comment before their post
        b2_entry("post-5000000000000000002", "COMMENT", "Thanks for the link!", "2020-05-02T10:00:00Z",
                 extra=f"\n    <blogger:parent>{pref}{post}</blogger:parent>\n"
                       f"    <blogger:inReplyTo>{pref}5000000000000000001</blogger:inReplyTo>\n    <blogger:trashed/>"),
        b2_entry("post-5000000000000000001", "COMMENT", "<p>Great news for the region.</p>",
                 "2020-05-01T18:30:00Z", author_name="Robin Neighbour",
                 author_uri="https://www.blogger.com/profile/33333333333333333333",
                 extra=f"\n    <blogger:parent>{pref}{post}</blogger:parent>\n    <blogger:inReplyTo/>\n    <blogger:trashed/>"),
        b2_entry(f"post-{post}", "POST", '<div dir="ltr">New warehouse &amp; 40 jobs, <a href="https://acme-tools.example/north">see the plans</a>.<br /><img src="https://blogger.googleusercontent.com/img/b/x/s320/wh.jpg" /></div>',
                 "2020-05-01T08:00:00Z", title="New warehouse &#39;North&#39;",
                 extra="\n    <blogger:created>2020-04-30T16:00:00.000Z</blogger:created>"
                       f"\n    <category scheme='{TAG}' term='Logistics'/>\n    <category/>"
                       "\n    <blogger:filename>/2020/05/new-warehouse.html</blogger:filename>"
                       "\n    <blogger:location>\n      <blogger:name>Hafen, Musterstadt</blogger:name>\n"
                       "      <blogger:latitude>53.5</blogger:latitude>\n      <blogger:longitude>9.9</blogger:longitude>\n"
                       "    </blogger:location>\n    <blogger:trashed/>"),
        b2_entry("post-4000000000000000002", "POST", "<p>Unreleased quarterly numbers.</p>",
                 "2021-01-01T08:00:00Z", status="DRAFT", title="Draft: quarterly numbers",
                 extra="\n    <blogger:trashed/>"),
        b2_entry("page-6000000000000000001", "PAGE", "<p>Contact us at the front desk.</p>",
                 "2019-01-01T08:00:00Z", title="Contact",
                 extra="\n    <blogger:filename>/p/contact.html</blogger:filename>\n    <blogger:trashed/>"),
        b2_entry("post-5000000000000000003", "COMMENT", "deleted by the author", "2020-05-03T07:00:00Z",
                 author_name="Anonymous", author_uri=None, author_type="ANONYMOUS",
                 extra=f"\n    <blogger:parent>{pref}{post}</blogger:parent>\n    <blogger:inReplyTo/>"
                       "\n    <blogger:trashed>2020-06-01T12:00:00.000Z</blogger:trashed>"),
    ]
    feed = ("<?xml version='1.0' encoding='utf-8'?>\n"
            "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:blogger='http://schemas.google.com/blogger/2018'>\n"
            f"  <id>{TAG}</id>\n  <title>Acme Tools Blog</title>\n" + "".join(entries) + "</feed>\n")
    base = "takeout-b2/Takeout/Blogger/Blogs/Acme Tools Blog/"
    write(base + "feed.atom", feed)
    write(base + "theme-classic.html", "<html><body>theme</body></html>\n")


if __name__ == "__main__":
    classic()
    classic_unbound()
    takeout()

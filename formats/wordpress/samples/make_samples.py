#!/usr/bin/env python3
"""Write the synthetic WordPress WXR samples beside this script (Python stdlib only).

    python3 make_samples.py

Every sample is invented (Acme example sites, example.org/.net hosts); nothing is
copied from a real export. One folder per generation/quirk of
../../../../shared/reference/wordpress/FORMAT.md:

  wxr-1.0/        WordPress 2.7-style 1.0 file: no wp:author, bare+domain categories,
                  unwrapped scalars, classic text without <p>, a pingback, a comment
  wxr-1.1/        1.1 file: wp:author blocks, post_tag, a trackback, a draft with a zero
                  GMT date, a private post, a password-protected post
  wxr-1.2/        core 1.2 file: threaded comments three deep, pingback, trackback,
                  webmention, spam, trashed and pending comments, an orphan reply, a
                  trashed post, a page, an attachment, a nav_menu_item, a Jetpack
                  `feedback` item, an auto-draft, `]]>` split across CDATA sections,
                  postmeta, commentmeta, an excerpt, HTML entities in titles
  broken/         not well-formed as written: U+000B, U+000C, NUL, ESC and a raw cp1252
                  byte 0x92 inside CDATA (the repair filter's sample)
  wpcom-parts/    a WordPress.com-style export split into .000.xml and .001.xml parts
  wpcom-https/    WordPress.com's namespaces, as WordPress.com and the theme unit test
                  data write them: xmlns:wp and xmlns:excerpt with https:// (a
                  published post with threaded comments, a draft, a scheduled post, a
                  page, an attachment, a nav menu item, wp:author blocks)
  duplicate-ids/  items sharing a wp:post_id, as real files have them: a typeless
                  stub before the real page with its id, two posts with one id (the
                  second with a comment), two attachments with one id, two comments
                  of one post with one wp:comment_id
  ill-formed/     a WXR that is not well-formed before its first item (an unclosed
                  element in the channel header): nothing can be read, the import
                  fails with the parser's position
  php-notice/     a WXR download that a plugin's PHP warning landed in front of (the
                  common way real exports break): the document's root is the
                  warning's <b>, not <rss>; nothing can be read, the import fails
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def cdata(s):
    """CDATA as current core writes it: `]]>` split into two sections."""
    return "<![CDATA[" + s.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def header(version, title, url, authors="", generator="WordPress/6.5.2", scheme="http"):
    ns = f"{scheme}://wordpress.org/export/{version}/"
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<!-- generator="{generator}" created="2024-05-01 10:00" -->
<rss version="2.0"
	xmlns:excerpt="{ns}excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="{ns}"
>
<channel>
	<title>{title}</title>
	<link>{url}</link>
	<description>Sample blog</description>
	<language>en-US</language>
	<wp:wxr_version>{version}</wp:wxr_version>
	<wp:base_site_url>{url}</wp:base_site_url>
	<wp:base_blog_url>{url}</wp:base_blog_url>
{authors}
"""


FOOTER = "</channel>\n</rss>\n"


def author(aid, login, name, email):
    return (f"\t<wp:author><wp:author_id>{aid}</wp:author_id><wp:author_login>{cdata(login)}"
            f"</wp:author_login><wp:author_email>{cdata(email)}</wp:author_email>"
            f"<wp:author_display_name>{cdata(name)}</wp:author_display_name>"
            f"<wp:author_first_name>{cdata('')}</wp:author_first_name>"
            f"<wp:author_last_name>{cdata('')}</wp:author_last_name></wp:author>\n")


def comment(cid, author_name, content, date_gmt, parent=0, ctype="", approved="1",
            url="", email="", user_id=0, meta=(), wrap=True):
    w = cdata if wrap else (lambda s: s)
    local = date_gmt  # the samples' sites run on UTC
    m = "".join(f"\t\t\t<wp:commentmeta><wp:meta_key>{w(k)}</wp:meta_key>"
                f"<wp:meta_value>{w(v)}</wp:meta_value></wp:commentmeta>\n" for k, v in meta)
    return f"""		<wp:comment>
			<wp:comment_id>{cid}</wp:comment_id>
			<wp:comment_author>{w(author_name)}</wp:comment_author>
			<wp:comment_author_email>{w(email)}</wp:comment_author_email>
			<wp:comment_author_url>{url}</wp:comment_author_url>
			<wp:comment_author_IP>{w('192.0.2.10')}</wp:comment_author_IP>
			<wp:comment_date>{w(local)}</wp:comment_date>
			<wp:comment_date_gmt>{w(date_gmt)}</wp:comment_date_gmt>
			<wp:comment_content>{cdata(content)}</wp:comment_content>
			<wp:comment_approved>{w(approved)}</wp:comment_approved>
			<wp:comment_type>{w(ctype)}</wp:comment_type>
			<wp:comment_parent>{parent}</wp:comment_parent>
			<wp:comment_user_id>{user_id}</wp:comment_user_id>
{m}		</wp:comment>
"""


def item(pid, title, content, date_gmt, creator="editor", status="publish", ptype="post",
         link="", cats=(), comments="", meta=(), excerpt="", parent=0, password="",
         extra="", wrap=True, date_local=None):
    w = cdata if wrap else (lambda s: s)
    c = "".join(f'\t\t<category domain="{d}" nicename="{n}">{cdata(v)}</category>\n' for d, n, v in cats)
    m = "".join(f"\t\t<wp:postmeta><wp:meta_key>{w(k)}</wp:meta_key>"
                f"<wp:meta_value>{w(v)}</wp:meta_value></wp:postmeta>\n" for k, v in meta)
    return f"""	<item>
		<title>{title}</title>
		<link>{link}</link>
		<pubDate>Mon, 01 Jan 2024 00:00:00 +0000</pubDate>
		<dc:creator>{cdata(creator)}</dc:creator>
		<guid isPermaLink="false">{link or 'https://sample.example/?p=%d' % pid}</guid>
		<description></description>
		<content:encoded>{cdata(content)}</content:encoded>
		<excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>
		<wp:post_id>{pid}</wp:post_id>
		<wp:post_date>{w(date_local or date_gmt)}</wp:post_date>
		<wp:post_date_gmt>{w(date_gmt)}</wp:post_date_gmt>
		<wp:comment_status>{w('open')}</wp:comment_status>
		<wp:ping_status>{w('open')}</wp:ping_status>
		<wp:post_name>{w('post-%d' % pid)}</wp:post_name>
		<wp:status>{w(status)}</wp:status>
		<wp:post_parent>{parent}</wp:post_parent>
		<wp:menu_order>0</wp:menu_order>
		<wp:post_type>{w(ptype)}</wp:post_type>
		<wp:post_password>{w(password)}</wp:post_password>
		<wp:is_sticky>0</wp:is_sticky>
{extra}{c}{m}{comments}	</item>
"""


def write(path, text, raw=None):
    full = os.path.join(HERE, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(raw if raw is not None else text.encode("utf-8"))


def wxr10():
    url = "http://www.acme-tools.example/blog"
    body = header("1.0", "Acme Tools Weblog", url, generator="WordPress/2.7")
    body += item(
        3, "Hello from the new workshop",
        "Our workshop opens on Monday.\n\nBring your own coffee &amp; sandwiches.\nSee you there.",
        "2009-02-09 18:00:00", creator="admin", link=url + "/2009/02/hello/", wrap=False,
        extra='\t\t<category><![CDATA[News]]></category>\n',
        cats=[("category", "news", "News"), ("tag", "workshop", "workshop")],
        meta=[("_edit_last", "1")],
        comments=comment(4, "Supplier Blog &raquo; Acme workshop", "[...] Acme opens a workshop [...]",
                         "2009-02-09 20:00:00", ctype="pingback",
                         url="http://supplier.example/2009/02/acme-workshop/", wrap=False)
        + comment(5, "Bob", "Good luck with the workshop!", "2009-02-09 21:00:00",
                  email="bob@example.org", wrap=False))
    write("wxr-1.0/acme-tools.wordpress.2009-02-10.xml", body + FOOTER)


def wxr11():
    url = "https://news.acme-tools.example"
    body = header("1.1", "Acme Tools News", url, author(2, "editor", "Erin Editor", "erin@acme-tools.example"),
                  generator="WordPress/3.2")
    body += item(
        10, "Quarterly report published", "<p>The <strong>quarterly report</strong> is online.</p>",
        "2012-04-02 08:00:00", link=url + "/2012/04/quarterly/",
        cats=[("category", "reports", "Reports"), ("post_tag", "finance", "finance")],
        comments=comment(20, "Regional Business News", "<strong>Acme reports growth</strong>\n\nThe toolmaker grew again.",
                         "2012-04-03 09:00:00", ctype="trackback",
                         url="http://regional-news.example/2012/04/acme.html"))
    body += item(11, "Draft: unannounced product", "<p>Codename hammerhead details.</p>",
                 "0000-00-00 00:00:00", status="draft", date_local="2012-05-01 12:00:00")
    body += item(12, "Internal memo", "<p>Parking garage closes early.</p>",
                 "2012-05-02 08:00:00", status="private")
    body += item(13, "Partner pricing", "<p>Confidential partner discounts.</p>",
                 "2012-05-03 08:00:00", password="s3cret")
    write("wxr-1.1/acme-tools.wordpress.2012-06-01.xml", body + FOOTER)


def wxr12():
    url = "https://blog.acme-tools.example"
    authors = author(2, "editor", "Erin Editor", "erin@acme-tools.example") + \
        author(3, "ceo", "Casey Chief", "casey@acme-tools.example")
    body = header("1.2", "Acme Tools Blog", url, authors)
    comments = (
        comment(101, "Jana Example", "Congratulations! Any apprenticeships?", "2024-03-02 10:01:33",
                email="jana@example.net")
        + comment(102, "Erin Editor", "Yes, from September. Code: <code>x ]]> y</code>",
                  "2024-03-02 10:20:00", parent=101, ctype="comment", user_id=2)
        + comment(103, "Jana Example", "Thanks, applying now.", "2024-03-02 11:00:00", parent=102,
                  ctype="comment")
        + comment(104, "Industry Blog &raquo; Acme builds", "[&#8230;] Acme announced a new plant [&#8230;]",
                  "2024-03-03 07:00:00", ctype="pingback",
                  url="https://industry.example/2024/03/acme-plant/")
        + comment(105, "Regional News", "<strong>Acme plant</strong>\n\n300 new jobs...",
                  "2024-03-03 08:30:00", ctype="trackback",
                  url="http://regional-news.example/2024/03/acme.html")
        + comment(106, "Webmention Site", "Mentioned this on my site.", "2024-03-03 09:00:00",
                  ctype="webmention", url="https://indie.example/notes/42")
        + comment(107, "w4tches", "cheap watches here", "2024-03-04 03:04:04", approved="spam",
                  url="http://spam.example/", meta=[("akismet_result", "true")])
        + comment(108, "Troll", "off-topic rant removed", "2024-03-04 05:00:00", approved="trash",
                  meta=[("_wp_trash_meta_status", "1")])
        + comment(109, "Max Sample", "Awaiting moderation please", "2024-03-05 11:00:00", approved="0",
                  parent=101)
        + comment(110, "Late Reader", "Replying to a comment that was pruned.", "2024-03-06 11:00:00",
                  parent=999))
    body += item(
        42, "New plant &amp; 300 jobs", "<!-- wp:paragraph -->\n<p>We are opening a new plant. "
        "Size: 12 000 m² — 日本語も歓迎.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:paragraph -->\n"
        "<p>Directions: <a href=\"https://maps.example/acme-plant\">map of the site</a>.</p>\n"
        "<!-- /wp:paragraph -->\n\n<!-- wp:code -->\n"
        "<pre class=\"wp-block-code\"><code>if (a[b[0]]]> 1) { /* marker: ]]> */ }</code></pre>\n"
        "<!-- /wp:code -->",
        "2024-03-02 09:15:00", link=url + "/2024/03/new-plant/",
        cats=[("category", "press", "Press releases"), ("post_tag", "plant", "plant")],
        meta=[("_thumbnail_id", "57"), ("_acme_contacts", 'a:1:{i:0;s:11:"Jörg Weiß";}')],
        excerpt="A new plant opens.", comments=comments, creator="ceo")
    body += item(57, "plant-aerial", "Aerial view of the site", "2024-03-02 09:10:00",
                 ptype="attachment", status="inherit", parent=42,
                 link=url + "/2024/03/new-plant/plant-aerial/", excerpt="The new plant (photo: Acme)",
                 extra=f"\t\t<wp:attachment_url>{cdata(url + '/wp-content/uploads/2024/03/plant-aerial.jpg')}</wp:attachment_url>\n",
                 meta=[("_wp_attached_file", "2024/03/plant-aerial.jpg"),
                       ("_wp_attachment_image_alt", "Aerial view of the new plant")])
    body += item(2, "About us", "<p>Acme Tools, founded 1921.</p>", "2015-06-30 22:01:05",
                 ptype="page", link=url + "/about/")
    body += item(44, "Withdrawn announcement", "<p>This announcement was withdrawn.</p>",
                 "2024-02-01 09:00:00", status="trash")
    body += item(45, "Menu item", "", "2024-01-01 00:00:00", ptype="nav_menu_item",
                 meta=[("_menu_item_type", "custom"), ("_menu_item_url", url)])
    body += item(46, "Contact form: Jane", "<p>Please send a catalogue.</p>", "2024-01-02 00:00:00",
                 ptype="feedback", status="publish")
    body += item(47, "Auto Draft", "", "0000-00-00 00:00:00", status="auto-draft")
    write("wxr-1.2/acme-tools.wordpress.2024-05-01.xml", body + FOOTER)


def broken():
    url = "https://blog.acme-tools.example"
    body = header("1.2", "Acme Tools Blog", url, author(2, "editor", "Erin Editor", "e@acme-tools.example"))
    body += item(
        70, "Pasted from a word processor", "<p>Before\x0bvertical tab and\x0cform feed.</p>",
        "2024-04-01 09:00:00",
        comments=comment(201, "Pat", "Terminal paste \x1b[0m colour codes and a NUL\x00 byte.",
                         "2024-04-01 10:00:00")
        + comment(202, "Lee", "It@@s a latin1 apostrophe.", "2024-04-01 11:00:00"))
    raw = (body + FOOTER).encode("utf-8").replace(b"@@", b"\x92")
    write("broken/invalid-xml-chars.wordpress.2024-04-02.xml", None, raw)


def wpcom():
    url = "https://acmetools.wordpress.example"
    authors = author(9, "acmetools", "Acme Tools", "hello@acme-tools.example")
    p0 = header("1.2", "Acme Tools", url, authors, generator="WordPress.com")
    p0 += item(301, "Part one post", "<p>First part of a split export.</p>", "2025-01-10 10:00:00",
               creator="acmetools", link=url + "/2025/01/part-one/",
               meta=[("_publicize_done_external", 'a:1:{s:8:"mastodon";a:0:{}}')])
    p1 = header("1.2", "Acme Tools", url, authors, generator="WordPress.com")
    p1 += item(302, "Part two post", "<p>Second part, same site header repeated.</p>",
               "2025-01-11 10:00:00", creator="acmetools", link=url + "/2025/01/part-two/",
               comments=comment(401, "Reader", "Nice split.", "2025-01-11 12:00:00"))
    write("wpcom-parts/acmetools.wordpress.2025-01-19.000.xml", p0 + FOOTER)
    write("wpcom-parts/acmetools.wordpress.2025-01-19.001.xml", p1 + FOOTER)


def wpcom_https():
    url = "https://acmetools.wordpress.example"
    authors = author(9, "acmetools", "Acme Tools", "hello@acme-tools.example") + \
        author(10, "guestwriter", "Gus Writer", "gus@example.net")
    body = header("1.2", "Acme Tools", url, authors, generator="https://wordpress.com/", scheme="https")
    body += item(
        501, "Spring sale", "<!-- wp:paragraph -->\n<p>Everything 20% off.</p>\n<!-- /wp:paragraph -->",
        "2025-03-01 10:00:00", creator="acmetools", link=url + "/2025/03/spring-sale/",
        excerpt="Everything 20% off.",
        cats=[("category", "offers", "Offers")],
        comments=comment(601, "Jo Buyer", "Does it include saws?", "2025-03-01 11:00:00")
        + comment(602, "Acme Tools", "Yes, saws too.", "2025-03-01 11:30:00", parent=601, user_id=9)
        + comment(603, "Deal Blog", "[...] Acme spring sale [...]", "2025-03-02 08:00:00",
                  ctype="pingback", url="https://deals.example/2025/03/acme/"))
    body += item(502, "Draft: summer plans", "<p>Not yet.</p>", "0000-00-00 00:00:00",
                 creator="guestwriter", status="draft", date_local="2025-03-05 09:00:00")
    body += item(503, "Autumn catalogue", "<p>Coming soon.</p>", "2025-09-01 08:00:00",
                 creator="acmetools", status="future")
    body += item(504, "About", "<p>Family business since 1921.</p>", "2020-01-01 00:00:00",
                 creator="acmetools", ptype="page", link=url + "/about/")
    body += item(505, "saw", "", "2025-03-01 09:59:00", creator="acmetools", ptype="attachment",
                 status="inherit", parent=501, link=url + "/2025/03/spring-sale/saw/",
                 extra=f"\t\t<wp:attachment_url>{cdata(url + '/files/2025/03/saw.jpg')}</wp:attachment_url>\n",
                 meta=[("_wp_attached_file", "2025/03/saw.jpg")])
    body += item(506, "Home", "", "2020-01-01 00:00:00", creator="acmetools", ptype="nav_menu_item",
                 meta=[("_menu_item_type", "custom"), ("_menu_item_url", url)])
    write("wpcom-https/acmetools.wordpress.2025-03-10.000.xml", body + FOOTER)


def stub(pid, title):
    """An item as a broken plugin or a hand edit leaves it: no wp:post_type, no status."""
    return f"""	<item>
		<title>{title}</title>
		<wp:post_id>{pid}</wp:post_id>
	</item>
"""


def duplicate_ids():
    url = "https://dup.acme-tools.example"
    body = header("1.2", "Acme Duplicates", url, author(2, "editor", "Erin Editor", "e@acme-tools.example"))
    body += stub(10, "Contact")
    body += item(10, "Contact", "<p>Call us on weekdays.</p>", "2023-01-01 09:00:00", ptype="page",
                 link=url + "/contact/")
    body += item(20, "First post with id 20", "<p>Original text.</p>", "2023-02-01 09:00:00",
                 link=url + "/2023/02/first/")
    body += item(20, "Second post with id 20", "<p>Imported twice by a migration plugin.</p>",
                 "2023-02-02 09:00:00", link=url + "/2023/02/second/",
                 comments=comment(70, "Rae", "Which one is real?", "2023-02-02 10:00:00"))
    body += item(30, "logo", "", "2023-01-01 08:00:00", ptype="attachment", status="inherit",
                 extra=f"\t\t<wp:attachment_url>{cdata(url + '/wp-content/uploads/logo.png')}</wp:attachment_url>\n")
    body += item(30, "logo-dark", "", "2023-01-01 08:01:00", ptype="attachment", status="inherit",
                 extra=f"\t\t<wp:attachment_url>{cdata(url + '/wp-content/uploads/logo-dark.png')}</wp:attachment_url>\n")
    body += item(40, "Comment ids repeat", "<p>Two comments, one id.</p>", "2023-03-01 09:00:00",
                 comments=comment(80, "Ana", "First words.", "2023-03-01 10:00:00")
                 + comment(80, "Ben", "Other words, same id.", "2023-03-01 11:00:00"))
    write("duplicate-ids/acme-dup.wordpress.2023-04-01.xml", body + FOOTER)


def ill_formed():
    url = "https://blog.acme-tools.example"
    body = header("1.2", "Acme Tools Blog", url)
    # an element left open inside the channel header, then an item: the end tag
    # </channel> closes the wrong element
    body = body.replace("<description>Sample blog</description>", "<description>Sample blog")
    body += item(80, "Never read", "<p>After the break.</p>", "2024-01-01 00:00:00")
    write("ill-formed/acme-ill.wordpress.2024-06-01.xml", body + FOOTER)


def php_notice():
    url = "https://blog.acme-tools.example"
    body = header("1.2", "Acme Tools Blog", url)
    body += item(81, "Never read", "<p>Behind the notice.</p>", "2024-01-01 00:00:00")
    notice = ("<br />\n<b>Warning</b>:  Cannot modify header information - headers already sent by "
              "(output started at /var/www/html/wp-content/plugins/acme-seo/acme-seo.php:12) in "
              "<b>/var/www/html/wp-admin/includes/export.php</b> on line <b>42</b><br />\n")
    write("php-notice/acme-notice.wordpress.2024-06-02.xml", notice + body + FOOTER)


if __name__ == "__main__":
    wxr10()
    wxr11()
    wxr12()
    broken()
    wpcom()
    wpcom_https()
    duplicate_ids()
    ill_formed()
    php_notice()

#!/usr/bin/env python3
"""Write the synthetic Disqus samples beside this script (Python stdlib only).

    python3 make_samples.py

Invented content (forum `acme-tools`, example hosts). One folder per generation of
../../../../shared/reference/disqus/FORMAT.md (tests gzip the D2 file, as Disqus
delivers it):

  d1-2015/   D1 export with author e-mail and IP addresses; replies nested three deep,
             a deleted comment with a reply, spam, an orphan comment whose thread is
             missing, an empty thread, a thread with an empty title
  d2-2024/   D2 export (no e-mail/IP) named `<forum>-<date>-all.xml`: two threads for one
             page (URL variants), a deleted thread, a guest (anonymous) author, a
             WordPress-imported comment id (`wp_id=`)
"""
import os
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
HEAD = ('<?xml version="1.0" encoding="utf-8"?>\n'
        '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://disqus.com/api/schemas/1.0/disqus.xsd '
        'http://disqus.com/api/schemas/1.0/internals.xsd">\n'
        '<category dsq:id="10">\n<forum>acme-tools</forum>\n<title>General</title>\n'
        '<isDefault>true</isDefault>\n</category>\n')


def author(name, username=None, anonymous=False, email=None):
    u = f"<username>{username}</username>\n" if username else ""
    e = f"<email>{email}</email>\n" if email else ""
    return (f"<author>\n{e}<name>{escape(name)}</name>\n<isAnonymous>{str(anonymous).lower()}"
            f"</isAnonymous>\n{u}</author>\n")


def thread(tid, link, title, created, ident="", deleted=False, d1=False):
    ip = "<ipAddress>192.0.2.1</ipAddress>\n" if d1 else ""
    return (f'<thread dsq:id="{tid}">\n<id>{escape(ident)}</id>\n<forum>acme-tools</forum>\n'
            f'<category dsq:id="10" />\n<link>{escape(link)}</link>\n<title>{escape(title)}</title>\n'
            f"<message></message>\n<createdAt>{created}</createdAt>\n"
            + author("Acme Tools", "acmetools", email="web@acme-tools.example" if d1 else None)
            + ip + f"<isClosed>false</isClosed>\n<isDeleted>{str(deleted).lower()}</isDeleted>\n</thread>\n")


def post(pid, tid, message, created, who, parent=None, deleted=False, spam=False, ident="", d1=False):
    ip = "<ipAddress>203.0.113.5</ipAddress>\n" if d1 else ""
    par = f'<parent dsq:id="{parent}" />\n' if parent else ""
    msg = f"<![CDATA[{message}]]>" if message else ""
    return (f'<post dsq:id="{pid}">\n<id>{ident}</id>\n<message>{msg}</message>\n'
            f"<createdAt>{created}</createdAt>\n<isDeleted>{str(deleted).lower()}</isDeleted>\n"
            f"<isSpam>{str(spam).lower()}</isSpam>\n{who}{ip}"
            f'<thread dsq:id="{tid}" />\n{par}</post>\n')


def write(path, text):
    full = os.path.join(HERE, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as f:
        f.write(text)


def d1():
    jo = author("Jo Reader", "joreader", email="jo@example.org")
    al = author("Al Critic", "alcritic", email="al@example.org")
    body = HEAD + thread(100, "https://acme-tools.example/2014/05/anvil/", "The new anvil", "2014-05-01T09:00:00Z", "post-7 https://acme-tools.example/?p=7", d1=True)
    body += '<thread dsq:id="101">\n<id/>\n</thread>\n'
    body += thread(102, "https://acme-tools.example/faq/", "", "2014-06-01T09:00:00Z", d1=True)
    body += post(1001, 100, "<p>Is the anvil <b>forged</b> or cast?</p>", "2014-05-01T10:00:00Z", jo, d1=True)
    body += post(1002, 100, "<p>Forged &amp; hardened.</p>", "2014-05-01T11:00:00Z",
                 author("Acme Tools", "acmetools", email="web@acme-tools.example"), parent=1001, d1=True)
    body += post(1003, 100, "<p>Great, ordering two.</p>", "2014-05-01T12:00:00Z", jo, parent=1002, d1=True)
    body += post(1004, 100, "", "2014-05-02T08:00:00Z", al, deleted=True, d1=True)
    body += post(1005, 100, "<p>Replying to a deleted comment still works.</p>", "2014-05-02T09:00:00Z", jo, parent=1004, d1=True)
    body += post(1006, 100, '<p>Buy followers <a href="http://spam.example/" rel="nofollow noopener">here</a></p>',
                 "2014-05-03T03:00:00Z", author("Spammer", "spambot99", email="s@spam.example"), spam=True, d1=True)
    body += post(1007, 999, "<p>My thread is not in the export.</p>", "2014-05-04T09:00:00Z", al, d1=True)
    write("d1-2015/acme-tools-2015-01-01T00_00_00.000000-all.xml", body + "</disqus>\n")


def d2():
    ann = author("Guest Visitor", anonymous=True)
    sam = author("Sam Buyer", "sam_buyer")
    body = HEAD + thread(200, "https://acme-tools.example/2024/03/hammer/", "Hammer of the year", "2024-03-01T09:00:00Z", "post-70 https://acme-tools.example/?p=70")
    body += thread(201, "http://acme-tools.example/2024/03/hammer/?utm_source=news", "Hammer of the year", "2024-03-01T12:00:00Z")
    body += thread(202, "https://staging.acme-tools.example/old/", "Old page", "2020-01-01T00:00:00Z", deleted=True)
    body += post(2001, 200, '<p>Congratulations 🎉 日本語 OK <a href="https://acme-tools.example/jobs/" rel="nofollow noopener" '
                 'title="https://acme-tools.example/jobs/">https://acme-tools.example/jobs/</a></p>', "2024-03-01T10:00:00Z", sam, ident="wp_id=118")
    body += post(2002, 201, "<p>Guest comment<br>over two lines.</p>", "2024-03-01T13:00:00Z", ann, parent=2001)
    body += post(2003, 202, "<p>On a page that is gone.</p>", "2020-01-02T00:00:00Z", sam)
    write("d2-2024/acme-tools-2024-05-01T10_00_00.000000-all.xml", body + "</disqus>\n")


if __name__ == "__main__":
    d1()
    d2()

#!/usr/bin/env python3
"""Write the synthetic LinkedIn exports in samples/ (deterministic, stdlib only).

Each sample reproduces the shapes and quirks of
../../../shared/reference/linkedin/FORMAT.md with made-up content:

- samples/complete-2024/ : L2023+ Complete export, flat. Profile, Positions, Shares.csv
  (every line of a multi-line post wrapped in quotes, PUBLIC and MEMBER_NETWORK, a
  bare repost, a link and a media preview), Comments.csv (backslash-escaped quotes, a
  raw line break, a blank Date), Reactions.csv (a post, a comment, an article),
  Votes.csv, Rich_Media.csv (prose dates, " -" description), Connections.csv (the
  Notes: preamble, URL column, a post-nominal with a comma, a hidden member),
  Company Follows.csv (Java Date.toString dates), Invitations.csv with profile URLs,
  messages.csv (newest first, a group with comma-joined recipients, an InMail in HTML
  with entities, a sender without a profile URL, an unsent draft without a
  conversation id, the same message twice in one second), coach_messages.csv,
  Articles/Articles/ (a published article and an unpublished draft), and account data
  tables that are carried (Email Addresses.csv, PhoneNumbers.csv).
- samples/basic-2021.zip : L2020 Basic export under Basic_LinkedInDataExport_06-20-2021/:
  Connections.csv with the preamble but no URL column, messages.csv without the draft
  columns, Shares_17529409.csv (member-id suffix), a UTF-8 BOM on Profile.csv.
- samples/legacy-2018/ : L2018 Complete export under
  Complete_LinkedInDataExport_11-04-2018/: UTF-16LE/TAB Shares.csv, Messages.csv with
  Direction/Folder and US short dates, Connections.csv without preamble or URL,
  Invitations.csv without profile URLs, an article as Articles/<date>.html.
- samples/company-page-2024/ : a Company Page's analytics exports (FORMAT §9): a
  content workbook (XLSX: a note row before the header of "All posts", an organic and
  a sponsored post, one date as text and one as an Excel serial day, a "Metrics"
  sheet) and a followers workbook in the old XLS format (carried).
"""
import io
import os
import shutil
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "samples")

PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. '
    "You will only see email addresses for connections who have allowed their connections to see or download "
    "their email address using this setting https://www.linkedin.com/psettings/privacy/email. "
    'You can learn more here https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)

FEED = "https://www.linkedin.com/feed/update/urn%3Ali%3A"
ME = "https://www.linkedin.com/in/robin-sample-42"


def article(title, link, created, published, body, cover=True):
    img = ('    <img src="https://media.licdn.example/dms/image/SAMPLE/cover?e=1&amp;v=beta" alt="cover" />\n'
           if cover else "")
    pub = f'<p class="published">Published on {published}</p>' if published else \
        '<p class="published">Not published yet</p>'
    return (f"<html>\n<head>\n  <title>{title}</title>\n  <meta charset=\"UTF-8\">\n</head>\n<body>\n{img}"
            f'    <h1><a href="{link}">{title}</a></h1>\n'
            f'    <p class="created">Created on {created}</p>\n    {pub}\n'
            f"  <div>{body}</div>\n</body>\n</html>\n")


COMPLETE = {
    "Profile.csv": (
        "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\n"
        'Robin,Sample,,,"Feb 17, 1990",Records keeper,"I keep records.\nAll of them.",Archives,,"Porto, Portugal",,[COMPANY:https://robin.example],\n'
    ),
    "Positions.csv": (
        "Company Name,Title,Description,Location,Started On,Finished On\n"
        '"Archive Works, Ltd.",Archivist,"Exports, imports, audits.","Porto, Portugal",Mar 2020,\n'
        "Old Library,Assistant,,Lisbon,Jan 2015,Feb 2020\n"
    ),
    "Shares.csv": (
        "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
        f'2024-11-02 09:10:11,{FEED}ugcPost%3A7250000000000000001,"Moving our records this week.""\n'
        '""""\n'
        '""Step one: export.""\n'
        '""Step two: check the ""ids"" twice.","","",PUBLIC\n'
        f'2024-06-01 12:00:00,{FEED}share%3A7200000000000000002,"Worth reading: https://lnkd.in/sAmPlE",https://records.example/post,https://img.example/thumb.jpg,MEMBER_NETWORK\n'
        f'2023-03-03 03:03:03,{FEED}activity%3A7040000000000000003,"","","",MEMBER_NETWORK\n'
    ),
    "Comments.csv": (
        "Date,Link,Message\n"
        f'2024-11-03 08:00:00,{FEED}ugcPost%3A7250000000000000001,"Answering on my own post: \\"ids\\" first."\n'
        f'2024-10-10 10:10:10,{FEED}activity%3A7240000000000000010,"Line one of a comment,\n\nline two — café."\n'
        f',{FEED}activity%3A7230000000000000011,A comment without a date.\n'
    ),
    "Reactions.csv": (
        "Date,Type,Link\n"
        f"2024-11-04 11:00:00,LIKE,{FEED}activity%3A7240000000000000010\n"
        f"2024-11-04 11:01:00,CELEBRATE,{FEED}activity%3A7240000000000000010?commentUrn=urn%3Ali%3Acomment%3A%28activity%3A7240000000000000010%2C7240000000000000099%29\n"
        f"2024-01-01 00:00:01,INSIGHTFUL,{FEED}article%3A8000000000000000012\n"
    ),
    "Votes.csv": (
        "Date,Link,OptionText\n"
        f"2024-05-05 05:05:05,{FEED}ugcPost%3A7190000000000000013,Keep everything\n"
    ),
    "Rich_Media.csv": (
        "Date/Time,Media Description,Media Link\n"
        '"You uploaded a photo on November 2, 2024 at 9:09 AM (GMT)", -,https://media.licdn.example/dms/image/SAMPLE1/feedshare?e=1734987600&v=beta&t=SIG\n'
        '"You uploaded a video on June 1, 2024 at 11:59 PM (GMT)",Walkthrough of the audit,https://dms.licdn.example/playlist/vid/SAMPLE2?e=1734987600&v=beta&t=SIG\n'
    ),
    "Connections.csv": PREAMBLE + (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ana,Sousa,https://www.linkedin.com/in/ana-sousa-7,,Old Library,Curator,12 Jan 2023\n"
        'Kwame,"Mensah, PhD",https://www.linkedin.com/in/kwame-mensah,kwame@example.org,"Data, Inc.",CTO,01 Feb 2019\n'
        ",,,,,,25 Mar 2021\n"
    ),
    "Company Follows.csv": (
        "Organization,Followed On\n"
        '"Archive Works, Ltd.",Sat Dec 14 08:57:55 UTC 2024\n'
        "Old Library,Wed Jun 16 06:56:05 UTC 2021\n"
    ),
    "Invitations.csv": (
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        f'Robin Sample,Ana Sousa,"1/11/23, 4:05 PM",,OUTGOING,{ME},https://www.linkedin.com/in/ana-sousa-7\n'
        f'Lee Park,Robin Sample,"12/15/24, 7:47 AM","Hi Robin, we met at the archive day.",INCOMING,https://www.linkedin.com/in/lee-park,{ME}\n'
    ),
    "messages.csv": (
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER,IS MESSAGE DRAFT,IS CONVERSATION DRAFT\n"
        f"2-QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBXzAwMQ==,,Robin Sample,{ME},Ana Sousa,https://www.linkedin.com/in/ana-sousa-7,2024-03-06 09:15:02 UTC,,\"Thanks, Ana — see you at the archive.\",INBOX,No,No\n"
        f"2-QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBXzAwMQ==,,Ana Sousa,https://www.linkedin.com/in/ana-sousa-7,Robin Sample,{ME},2024-03-05 17:01:44 UTC,,\"Hi Robin,  coffee on Thursday?\",INBOX,No,No\n"
        f"2-QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBXzAwMQ==,,Ana Sousa,https://www.linkedin.com/in/ana-sousa-7,Robin Sample,{ME},2024-03-05 17:01:44 UTC,,\"Hi Robin,  coffee on Thursday?\",INBOX,No,No\n"
        f"2-QkJCQkJCQkJCQkJCQkJCQkJCQkJCXzAwMg==,Records Guild,\"Kwame Mensah, PhD\",https://www.linkedin.com/in/kwame-mensah,\"Robin Sample,Ana Sousa\",\"{ME},https://www.linkedin.com/in/ana-sousa-7\",2024-02-01 08:00:00 UTC,Kick-off,Agenda attached.,ARCHIVE,No,No\n"
        f"2-Q0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDXzAwMw==,Opening,Sam Recruiter,,Robin Sample,{ME},2023-12-13 02:39:15 UTC,,\"<p class=\"\"spinmail-quill-editor__spin-break\"\">Hello Robin,</p><p>We&#39;re hiring archivists &amp; auditors.</p>\",INBOX,No,No\n"
        f",,Robin Sample,{ME},,,2023-11-29 14:33:18 UTC,Draft,\"An unsent note\",,Yes,No\n"
    ),
    "coach_messages.csv": (
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER,IS MESSAGE DRAFT,IS CONVERSATION DRAFT\n"
        f"2-Y29hY2gwMDE=,,LinkedIn Coach,,Robin Sample,{ME},2024-04-04 04:04:04 UTC,,How can I help with your job search?,INBOX,No,No\n"
    ),
    "Email Addresses.csv": "Email Address,Confirmed,Primary,Updated On\nrobin@example.org,Yes,Yes,\"11/18/20, 12:32 PM\"\n",
    "PhoneNumbers.csv": "Extension,Number,Type\n,+351000000000,Mobile\n",
    "Articles/Articles/2024-02-01 09:30:00.0-Keeping Records.html": article(
        "Keeping Records", "https://www.linkedin.com/pulse/keeping-records-robin-sample-abcde",
        "2024-02-01 09:30", "2024-02-02 07:00",
        "<p>Keep <strong>every</strong> record &amp; its source.</p><p>Verify with <a href=\"https://records.example/bagit\">BagIt</a>.</p>"),
    "Articles/Articles/2024-09-09 10:00:00.0-Unfinished.html": article(
        "Unfinished", "https://www.linkedin.com/post/edit/7240000000000000077",
        "2024-09-09 10:00", None, "<p>A draft that was never published.</p>", cover=False),
}

BASIC_TOP = "Basic_LinkedInDataExport_06-20-2021/"
BASIC = {
    "Profile.csv": (
        "\ufeffFirst Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\n"
        "Robin,Sample,,,Feb 17,Records keeper,,Archives,,Porto,,,\n"
    ),
    "Connections.csv": PREAMBLE + (
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        "Ana,Sousa,,Old Library,Curator,12 Jan 2021\n"
    ),
    "messages.csv": (
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n"
        f"2-REREREQ=,,Ana Sousa,https://www.linkedin.com/in/ana-sousa-7,Robin Sample,{ME},2021-06-01 10:00:00 UTC,,Welcome to the network!,INBOX\n"
    ),
    "Shares_17529409.csv": (
        "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
        f"2021-05-05 05:05:05,{FEED}share%3A6790000000000000020,First post from the 2021 export,,,PUBLIC\n"
    ),
}

LEG_TOP = "Complete_LinkedInDataExport_11-04-2018/"
LEG_SHARES = (
    '"Date"\t"Share Title"\t"Share Description"\t"Share Link"\t"Share Commentary"\t"Shared URL"\t"Media URL"\t"Type"\t"Visibility"\n'
    f'"2017/06/08 08:15:44 UTC"\t""\t""\t"{FEED}activity%3A6278000000000000030"\t"Hello from 2017 — ünïcödé"\t""\t""\t"Homepage"\t"Connections"\n'
    f'"2015/10/04 16:00:15 UTC"\t"A Page"\t"About the page"\t"{FEED}activity%3A6056000000000000031"\t""\t"http://page.example"\t""\t"Homepage"\t"Public"\n'
)
LEGACY = {
    "Messages.csv": (
        "From,To,Date,Subject,Content,Direction,Folder\n"
        'Ana Sousa,Robin Sample,"6/19/18, 5:54 AM",RE: Meetup,"Hi Robin,I&rsquo;ll bring the slides.&nbsp;See you!",INCOMING,INBOX\n'
        'Robin Sample,Ana Sousa,"6/18/18, 9:02 PM",Meetup,Can you present?,OUTGOING,SENT\n'
        'Kwame Mensah,Robin Sample,"3/1/18, 10:00 AM",Hello,Nice to meet you.,INCOMING,ARCHIVED\n'
    ),
    "Connections.csv": (
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        'Ana,Sousa,,Old Library,Assistant,"1/8/18, 6:14 PM"\n'
    ),
    "Invitations.csv": (
        "From,To,Sent At,Message,Direction\n"
        'Robin Sample,Ana Sousa,"1/7/18, 1:00 PM",,OUTGOING\n'
    ),
    "Articles/2016-05-05 10:00:00.html": article(
        "Old Notes", "https://www.linkedin.com/pulse/old-notes-robin-sample", "2016-05-05 10:00",
        "2016-05-06 08:00", "<p>Notes from 2016.</p>"),
}


PAGE_TOP = "company-page-2024/"
PAGE_POSTS = [
    # (Post title, Post link, Post type, Posted by, Created date, Impressions, Clicks, Likes, Comments, Reposts, Follows)
    ["Post title", "Post link", "Post type", "Campaign name", "Posted by", "Created date", "Audience",
     "Impressions", "Clicks", "Click through rate (CTR)", "Likes", "Comments", "Reposts", "Follows",
     "Engagement rate", "Content Type"],
    ["We are moving our archive to a new home",
     f"{FEED}ugcPost%3A7300000000000000041", "Organic", "", "Robin Sample", "06/10/2024", "All followers",
     1234, 56, 0.045, 78, 9, 3, 2, 0.118, "Text"],
    ["Join our records day", f"{FEED}share%3A7300000000000000042", "Sponsored", "Spring campaign",
     "Robin Sample", 45413, "Targeted", 5000, 120, 0.024, 40, 1, 0, 7, 0.034, "Image"],
]


def xlsx(sheets):
    """A minimal XLSX workbook: shared strings for text cells, numbers inline."""
    strings, index = [], {}

    def sidx(v):
        if v not in index:
            index[v] = len(strings)
            strings.append(v)
        return index[v]

    def col(i):
        name = ""
        i += 1
        while i:
            i, r = divmod(i - 1, 26)
            name = chr(65 + r) + name
        return name

    parts = {}
    for k, (name, rows) in enumerate(sheets, 1):
        xml_rows = []
        for r, row in enumerate(rows, 1):
            cells = []
            for c, v in enumerate(row):
                ref = f"{col(c)}{r}"
                if v == "":
                    continue
                if isinstance(v, str):
                    cells.append(f'<c r="{ref}" t="s"><v>{sidx(v)}</v></c>')
                else:
                    cells.append(f'<c r="{ref}"><v>{v}</v></c>')
            xml_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
        parts[f"xl/worksheets/sheet{k}.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + "".join(xml_rows) + "</sheetData></worksheet>")
    esc = lambda t: t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}">'
        + "".join(f"<si><t>{esc(t)}</t></si>" for t in strings) + "</sst>")
    parts["xl/workbook.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        + "".join(f'<sheet name="{n}" sheetId="{k}" r:id="rId{k}"/>' for k, (n, _) in enumerate(sheets, 1))
        + "</sheets></workbook>")
    parts["xl/_rels/workbook.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(f'<Relationship Id="rId{k}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{k}.xml"/>'
                  for k in range(1, len(sheets) + 1))
        + "</Relationships>")
    parts["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/></Types>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(parts):
            info = zipfile.ZipInfo(name, date_time=(2024, 6, 11, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, parts[name].encode("utf-8"))
    return buf.getvalue()


def write(base, name, data):
    p = os.path.join(base, *name.split("/"))
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def main():
    # samples/README.md is written by hand: only the generated samples are replaced
    for d in ("complete-2024", "legacy-2018", "company-page-2024"):
        shutil.rmtree(os.path.join(OUT, d), ignore_errors=True)
    os.makedirs(OUT, exist_ok=True)
    for name, data in COMPLETE.items():
        write(os.path.join(OUT, "complete-2024"), name, data)
    leg = os.path.join(OUT, "legacy-2018")
    write(leg, LEG_TOP + "Shares.csv", b"\xff\xfe" + LEG_SHARES.encode("utf-16-le"))
    for name, data in LEGACY.items():
        write(leg, LEG_TOP + name, data)
    page = os.path.join(OUT, PAGE_TOP)
    notes = [["All posts: the page's updates in the chosen period (synthetic sample)"], []]
    write(page, "examplecorp_content_1718064000000.xlsx",
          xlsx([("All posts", notes + PAGE_POSTS),
                ("Metrics", [["Date", "Impressions (organic)", "Clicks (organic)"], ["06/10/2024", 1234, 56]])]))
    # the followers and visitors workbooks come as old-style XLS: carried verbatim
    write(page, "examplecorp_followers_1718064000000.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(BASIC):
            info = zipfile.ZipInfo(BASIC_TOP + name, date_time=(2021, 6, 20, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, BASIC[name].encode("utf-8"))
    write(OUT, "basic-2021.zip", buf.getvalue())


if __name__ == "__main__":
    main()

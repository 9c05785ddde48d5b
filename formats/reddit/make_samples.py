#!/usr/bin/env python3
"""Write the synthetic Reddit data-request exports in samples/ (deterministic).

Each sample reproduces shapes and quirks of ../../../shared/reference/reddit/FORMAT.md
with made-up content:

- samples/export-2024/ : the flat layout, one CSV per table, every table lifeboat maps
  (posts, comments threaded by parent, votes, saved, hidden, messages and
  messages_archive overlapping on one id, chat_history, friends, subscribed /
  moderated subreddits, drafts with epoch `created`, scheduled posts, poll votes,
  awards, announcements), account data tables (ip_logs, checkfile), a UTF-8 BOM, a
  multi-line quoted body, [deleted] and [removed] placeholders, a withdrawn vote.
- samples/export-split.zip : everything under one top folder
  (export_sam_20240101/), CRLF line ends, post_votes split into post_votes_1.csv and
  post_votes_2.csv, t3_/t1_-prefixed ids in vote files, a row with invalid UTF-8.
  Both list every other file with its SHA-256 in checkfile.csv, as Reddit does.
- samples/export-checkfile-gaps/ : a real shape (one public export lacked 25 of the
  34 tables its checkfile.csv lists): checkfile.csv lists ten files; six are not in
  the dump, comments.csv differs from its listed SHA-256 (edited after the export),
  and drafts.csv is in the dump but not listed.
"""
import hashlib
import io
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "samples")

T = {
    "statistics.csv": "statistic,value\naccount name,sam_sample\nexport time,2024-06-01 08:00:00 UTC\nregistration date,2015-02-03 04:05:06 UTC\nkarma,1234\n",
    "posts.csv": (
        "\ufeffid,permalink,date,ip,subreddit,gildings,title,url,body\n"
        "p1aaaa,https://www.reddit.com/r/Archiving/comments/p1aaaa/keeping_old_threads/,2023-03-01 10:00:00 UTC,,Archiving,2,Keeping old threads,https://www.reddit.com/r/Archiving/comments/p1aaaa/keeping_old_threads/,\"First line of the body.\n\n* a markdown list item\n* \"\"quoted\"\" and, comma\"\n"
        "p2bbbb,https://www.reddit.com/r/linux/comments/p2bbbb/a_link_post/,2022-07-07 07:07:07 UTC,,linux,0,A link post,https://example.org/an-article,\n"
        "p3cccc,https://www.reddit.com/r/u_sam_sample/comments/p3cccc/gone/,2021-01-02 03:04:05 UTC,,u_sam_sample,0,Gone now,https://www.reddit.com/r/u_sam_sample/comments/p3cccc/gone/,[deleted]\n"
    ),
    "post_headers.csv": (
        "id,permalink,date,ip,subreddit,gildings,url\n"
        "p1aaaa,https://www.reddit.com/r/Archiving/comments/p1aaaa/keeping_old_threads/,2023-03-01 10:00:00 UTC,,Archiving,2,\n"
        "p9zzzz,https://www.reddit.com/r/Archiving/comments/p9zzzz/only_in_headers/,2020-05-05 05:05:05 UTC,,Archiving,0,\n"
    ),
    "comments.csv": (
        "id,permalink,date,ip,subreddit,gildings,link,parent,body,media\n"
        "c1dddd,https://www.reddit.com/r/Archiving/comments/p1aaaa/keeping_old_threads/c1dddd/,2023-03-01 11:00:00 UTC,,Archiving,0,https://www.reddit.com/r/Archiving/comments/p1aaaa/keeping_old_threads/,t3_p1aaaa,Top-level answer to my own post,\n"
        "c2eeee,https://www.reddit.com/r/Archiving/comments/p1aaaa/keeping_old_threads/c2eeee/,2023-03-01 11:30:00 UTC,,Archiving,0,https://www.reddit.com/r/Archiving/comments/p1aaaa/keeping_old_threads/,t1_c1dddd,Reply in the thread,https://i.redd.it/abc123.gif\n"
        "c3ffff,https://www.reddit.com/r/news/comments/n0news/headline/c3ffff/,2019-09-09 09:09:09 UTC,,news,0,https://www.reddit.com/r/news/comments/n0news/headline/,,[removed],\n"
    ),
    "comment_headers.csv": "id,permalink,date,ip,subreddit,gildings,link,parent\nc1dddd,https://www.reddit.com/r/Archiving/comments/p1aaaa/keeping_old_threads/c1dddd/,2023-03-01 11:00:00 UTC,,Archiving,0,https://www.reddit.com/r/Archiving/comments/p1aaaa/keeping_old_threads/,t3_p1aaaa\n",
    "post_votes.csv": "id,permalink,direction\nv1post,https://www.reddit.com/r/pics/comments/v1post/x/,up\nv2post,https://www.reddit.com/r/pics/comments/v2post/y/,down\nv3post,https://www.reddit.com/r/pics/comments/v3post/z/,none\n",
    "comment_votes.csv": "id,permalink,direction\nvc1abc,https://www.reddit.com/r/pics/comments/v1post/x/vc1abc/,up\n",
    "saved_posts.csv": "id,permalink\nv1post,https://www.reddit.com/r/pics/comments/v1post/x/\n",
    "saved_comments.csv": "id,permalink\nvc1abc,https://www.reddit.com/r/pics/comments/v1post/x/vc1abc/\n",
    "hidden_posts.csv": "id,permalink\nh1hide,https://www.reddit.com/r/memes/comments/h1hide/meme/\n",
    "messages.csv": (
        "id,permalink,thread_id,date,ip,from,to,subject,body\n"
        "m1aaaa,https://www.reddit.com/message/messages/m1aaaa,,2023-04-01 09:00:00 UTC,,riley_other,sam_sample,Question,\"Hello,\nhow did you export?\"\n"
        "m2bbbb,https://www.reddit.com/message/messages/m2bbbb,m1aaaa,2023-04-01 09:10:00 UTC,,sam_sample,riley_other,re: Question,With the data request page.\n"
    ),
    "messages_archive.csv": (
        "id,permalink,thread_id,date,ip,from,to,subject,body\n"
        "m0old1,https://www.reddit.com/message/messages/m0old1,,2017-01-01 00:00:00 UTC,,/r/Archiving,sam_sample,Modmail,Welcome to the moderators\n"
        "m2bbbb,https://www.reddit.com/message/messages/m2bbbb,m1aaaa,2023-04-01 09:10:00 UTC,,sam_sample,riley_other,re: Question,With the data request page.\n"
    ),
    "chat_history.csv": (
        "message_id,created_at,updated_at,username,message,thread_parent_message_id,channel_url,subreddit,channel_name,conversation_type\n"
        "msg_1,2024-02-02 20:00:00 UTC,,riley_other,are you there? \u2615,,https://chat.reddit.com/room/!room1:reddit.com,,,direct\n"
        "msg_2,2024-02-02 20:01:00 UTC,2024-02-02 20:02:00 UTC,sam_sample,yes (edited),msg_1,https://chat.reddit.com/room/!room1:reddit.com,,,direct\n"
        "msg_3,2024-02-03 10:00:00 UTC,,casey_group,hello channel,,https://chat.reddit.com/room/!room2:reddit.com,Archiving,Archivists,channel\n"
    ),
    "friends.csv": "username,note\nriley_other,\ncasey_group,\"met at a meetup, 2019\"\n",
    "subscribed_subreddits.csv": "\ufeffsubreddit\nArchiving\nlinux\n",
    "moderated_subreddits.csv": "subreddit\nArchiving\n",
    "drafts.csv": "id,title,body,kind,created,spoiler,nsfw,original_content,content_category,flair_id,flair_text,send_replies,subreddit,is_public_link\nd1draft,Unsent idea,Some *draft* text,markdown,1700000000,false,false,false,,,,true,Archiving,false\n",
    "scheduled_posts.csv": "scheduled_post_id,subreddit,title,body,url,submission_time,recurrence\ns1sched,Archiving,Weekly thread,Post your finds,,2024-07-01 12:00:00 UTC,weekly\n",
    "poll_votes.csv": "post_id,user_selection,text,image_url,is_prediction,stake_amount\npoll01,2,Option two,,false,\n",
    "gilded_content.csv": "content_link,award,amount,date\nhttps://www.reddit.com/r/Archiving/comments/p1aaaa/keeping_old_threads/c9gift/,Helpful,1,2023-05-05 05:05:05 UTC\n",
    "announcements.csv": "announcement_id,sent_at,read_at,from_id,from_username,subject,body,url\na1,2022-02-02 02:02:02 UTC,,t2_1,reddit,Policy update,We updated our policy,https://www.redditinc.com/policies\n",
    "ip_logs.csv": "date,ip\nregistration ip,192.0.2.1\n2024-05-05 05:05:05 UTC,198.51.100.2\n",
}


def checkfile(files):
    """checkfile.csv as Reddit writes it: every other file with its SHA-256."""
    rows = "".join(f"{n},{hashlib.sha256(b).hexdigest()}\n" for n, b in sorted(files.items()))
    return "filename,sha256\n" + rows


def crlf(s):
    return s.replace("\r\n", "\n").replace("\n", "\r\n")


def main():
    flat = os.path.join(OUT, "export-2024")
    os.makedirs(flat, exist_ok=True)
    files = {n: t.encode("utf-8") for n, t in T.items()}
    files["checkfile.csv"] = checkfile(files).encode("utf-8")
    for name, data in sorted(files.items()):
        with open(os.path.join(flat, name), "wb") as f:
            f.write(data)
    # the split layout: a top folder, CRLF, split vote tables, prefixed ids, bad bytes
    split = dict(T)
    del split["post_votes.csv"]
    split["post_votes_1.csv"] = "id,permalink,direction\nt3_v1post,https://www.reddit.com/r/pics/comments/v1post/x/,up\n"
    split["post_votes_2.csv"] = "id,permalink,direction\nt3_v2post,https://www.reddit.com/r/pics/comments/v2post/y/,down\n"
    split["comment_votes.csv"] = "id,permalink,direction\nt1_vc1abc,https://www.reddit.com/r/pics/comments/v1post/x/vc1abc/,up\n"
    sfiles = {}
    for name, text in split.items():
        data = crlf(text).encode("utf-8")
        if name == "friends.csv":
            data += b"bad\xff\xfename,\r\n"
        sfiles[name] = data
    sfiles["checkfile.csv"] = crlf(checkfile(sfiles)).encode("utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in sorted(sfiles.items()):
            info = zipfile.ZipInfo("export_sam_20240101/" + name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    with open(os.path.join(OUT, "export-split.zip"), "wb") as f:
        f.write(buf.getvalue())
    # a checkfile that promises more than the dump holds
    gaps = os.path.join(OUT, "export-checkfile-gaps")
    os.makedirs(gaps, exist_ok=True)
    have = {n: T[n].encode("utf-8") for n in ("statistics.csv", "posts.csv", "comments.csv", "ip_logs.csv")}
    listed = dict(have)
    for n in ("post_votes.csv", "comment_votes.csv", "messages.csv", "chat_history.csv",
              "saved_posts.csv", "subscribed_subreddits.csv"):
        listed[n] = T[n].encode("utf-8")
    have["comments.csv"] = have["comments.csv"].replace(b"Reply in the thread", b"Reply in the thread (edited)")
    have["drafts.csv"] = T["drafts.csv"].encode("utf-8")
    have["checkfile.csv"] = checkfile(listed).encode("utf-8")
    for name, data in sorted(have.items()):
        with open(os.path.join(gaps, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()

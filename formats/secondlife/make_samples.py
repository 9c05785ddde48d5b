#!/usr/bin/env python3
"""Writes lifeboat's synthetic Second Life viewer log folders (invented avatars and
text; the line and file shapes are those of the viewers' own code, see README.md):

  samples/official-v1-2008/          official viewer 1.x: legacy names, "You:", a
                                     group log named by the group alone, blank-line
                                     paragraphs, time-only lines after a dated one
  samples/official-v3-2013/          official viewer 3.x: username file names,
                                     "(group)" logs, "Second Life:" system lines,
                                     continued lines, conversation.log, an ad-hoc
                                     conference
  samples/firestorm-2014/mary_smith/ Firestorm: seconds in timestamps, display names
                                     with usernames, dated file names, a 12-hour-clock
                                     log, an object whose name holds ':' (%3A), the
                                     repeated hour at the end of daylight saving time

Run: python3 formats/secondlife/make_samples.py (SECONDLIFE_SAMPLES_OUT=DIR writes
into DIR instead).
"""

import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.environ.get("SECONDLIFE_SAMPLES_OUT") or os.path.join(HERE, "samples")


def write(rel, lines, bom=False, newline="\n"):
    p = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    data = newline.join(lines) + newline
    with open(p, "wb") as f:
        if bom:
            f.write(b"\xef\xbb\xbf")
        f.write(data.encode("utf-8"))


def official_v1():
    d = "official-v1-2008"
    write(f"{d}/chat.txt", [
        "[2008/03/10 21:05]  John Doe: anyone know where the sandbox went?",
        "[2008/03/10 21:06]  You: try Goguen, it moved last week",
        "[21:07]  Katar Ivercourt: thanks",
        "[2008/03/10 21:08]  Katar Ivercourt is Offline",
        "[2008/03/10 21:09]  Xstreet SL Terminal v2.2.5: Thank you for your purchase!",
    ])
    write(f"{d}/John Doe.txt", [
        "[2008/03/10 21:10]  John Doe: hey, about the build",
        "[2008/03/10 21:11]  You: sure, what about it?",
        "[2008/03/10 21:12]  John Doe: the roof is on the wrong prim",
        "",
        "and the door is phantom",
        "[2008/03/10 21:13]  You: I'll fix both tonight",
    ])
    write(f"{d}/Builders Guild of Caledon.txt", [
        "[2008/03/11 19:00]  Ann Arbor: meeting at 7 SLT",
        "[2008/03/11 19:01]  John Doe: on my way",
        "[2008/03/11 19:02]  You: same",
    ])
    # settings beside the logs are not chat logs
    write(f"{d}/settings_per_account.xml", ["<llsd><map><key>LogChat</key><boolean>1</boolean></map></llsd>"])


def official_v3():
    d = "official-v3-2013"
    write(f"{d}/chat.txt", [
        "[2013/05/01 10:05]  Mary Smith: hello everyone",
        "[2013/05/01 10:06]  Second Life: Teleport completed from http://maps.secondlife.com/secondlife/Ahern/128/128/25",
        "[2013/05/01 10:07]  Johnny (john.doe): hi Mary",
        "[2013/05/01 10:08]  Mary Smith: look at this list:",
        " 1. prims",
        " 2. scripts",
    ], bom=True)
    write(f"{d}/john_doe.txt", [
        "[2013/05/01 10:10]  Johnny (john.doe): did you get the notecard?",
        "[2013/05/01 10:11]  Mary Smith: yes, thanks",
        "[2013/05/01 10:12]  Second Life: Johnny is typing...",
        "[2013/05/01 10:13]  Johnny is Offline",
    ], newline="\r\n")
    write(f"{d}/Builders (group).txt", [
        "[2013/05/02 19:00]  Ann Arbor: meeting moved to Thursday",
        "[2013/05/02 19:01]  Mary Smith: ok",
        "[2013/05/02 19:02]  Bob Resident: noted",
    ])
    write(f"{d}/Ad-hoc Conference hash597394a0-9982-766d-27b8-c75560213b9a.txt", [
        "[2013/05/03 20:00]  Mary Smith: three-way test",
        "[2013/05/03 20:01]  Johnny (john.doe): works",
    ])
    write(f"{d}/conversation.log", [
        "[1367428200] 0 0 0 John Doe| 7e4ec5be-783f-49f5-71dd-16c58c64c145 4ec62a74-c246-0d25-2af6-846beac2aa55 john.doe|",
        "[1367542800] 1 0 0 Builders| 1a2b3c4d-0000-4000-8000-000000000001 1a2b3c4d-0000-4000-8000-000000000002 Builders (group)|",
        "[1367636400] 2 0 0 Ad-hoc Conference| c3a67c89-c479-4c97-b21d-32869bcfe8ec 68f1c33e-4135-3e3e-a897-8c9b23115c09 Ad-hoc Conference hash597394a0-9982-766d-27b8-c75560213b9a|",
    ])


def firestorm():
    d = "firestorm-2014/mary_smith"
    write(f"{d}/chat-2014-06-01.txt", [
        "[22:05:17]  Mary (mary.smith): evening all",
        "[22:05:40]  Sparkle Queen (sparkle): hiii",
        "[22:06:02]  Object%3A Vendor: Thank you for your purchase!",
        "[22:06:30]  Second Life: You have been added to the group.",
    ])
    write(f"{d}/john_doe-2014-06.txt", [
        "[2014/06/02 09:00:05]  Johnny (john.doe): morning",
        "[2014/06/02 09:00:30]  Mary (mary.smith): morning! coffee?",
        " (virtual, sadly)",
    ])
    # the end of daylight saving time: 01:30 happened twice on 2014-11-02
    write(f"{d}/sparkle-2014-11.txt", [
        "[2014/11/02 01:30:00]  Sparkle Queen (sparkle): is it 1:30 again?",
        "[2014/11/02 01:31:00]  Mary (mary.smith): the clocks went back",
    ])
    # a 12-hour clock
    write(f"{d}/Night Owls (group)-2014-06.txt", [
        "[2014/06/03 11:45 PM]  Sparkle Queen (sparkle): anyone up?",
        "[2014/06/03 11:46 PM]  Mary (mary.smith): always",
    ])


if __name__ == "__main__":
    official_v1()
    official_v3()
    firestorm()

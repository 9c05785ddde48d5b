window.YTD.profile.part0 = [
  {
    "profile" : {
      "description" : {
        "bio" : "Harbour walks, tide tables, ferry gossip. https://t.co/Bi0Wq3Xz7a",
        "website" : "https://t.co/Ws9Lq2Xp4c",
        "location" : "Whitby"
      },
      "avatarMediaUrl" : "https://pbs.twimg.com/profile_images/1722334455667788990/Av4Tq8Lm.jpg"
    }
  }
]
window.YTD.profile.part0 = [ {
  "profile" : {
    "description" : {
      "bio" : "Figs, compost and other slow projects. https://t.co/Pr0fB1oL1k",
      "website" : "https://t.co/Wb5Sx2Yz7Q",
      "location" : "Utrecht"
    },
    "avatarMediaUrl" : "https://pbs.twimg.com/profile_images/1089252004117536768/Kq2Zp8Lr.jpg"
  }
} ]
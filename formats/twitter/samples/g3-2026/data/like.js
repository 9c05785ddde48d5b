window.YTD.like.part0 = [
  {
    "like" : {
      "tweetId" : "2017887939207401616",
      "fullText" : "Storm warning: waves &gt; 4m on the east pier tonight https://t.co/Sw4Rn1Ng8p",
      "expandedUrl" : "https://twitter.com/i/web/status/2017887939207401616"
    }
  },
  {
    "like" : {
      "tweetId" : "2003978750915514384",
      "expandedUrl" : "https://twitter.com/i/web/status/2003978750915514384"
    }
  }
]
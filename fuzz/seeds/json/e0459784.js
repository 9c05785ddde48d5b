window.YTD.like.part0 = [ {
  "like" : {
    "tweetId" : "1141766419248097962",
    "fullText" : "Track session tonight: 6 x 800m &amp; a cool-down jog",
    "expandedUrl" : "https://twitter.com/i/web/status/1141766419248097962"
  }
}, {
  "like" : {
    "tweetId" : "1139102947566026753",
    "expandedUrl" : "https://twitter.com/i/web/status/1139102947566026753"
  }
} ]
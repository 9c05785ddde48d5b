window.YTD.like.part0 = [ {
  "like" : {
    "tweetId" : "1390748094307569937",
    "fullText" : "Fig leaves &gt; any other leaves. Fight me.",
    "expandedUrl" : "https://twitter.com/i/web/status/1390748094307569937"
  }
} ]
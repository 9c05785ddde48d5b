window.YTD.note_tweet.part0 = [
  {
    "noteTweet" : {
      "noteTweetId" : "1991592912978223280",
      "updatedAt" : "2025-11-20T19:42:07.000Z",
      "lifecycle" : {
        "value" : "1",
        "name" : "Active",
        "originalName" : "Active",
        "annotations" : { }
      },
      "createdAt" : "2025-11-20T19:42:07.000Z",
      "core" : {
        "styletags" : [
          {
            "styleTypes" : [
              {
                "value" : "0",
                "name" : "Bold",
                "originalName" : "BOLD",
                "annotations" : { }
              }
            ],
            "fromIndex" : "28",
            "toIndex" : "60"
          },
          {
            "styleTypes" : [
              {
                "value" : "1",
                "name" : "Italic",
                "originalName" : "ITALIC",
                "annotations" : { }
              }
            ],
            "fromIndex" : "380",
            "toIndex" : "407"
          }
        ],
        "urls" : [
          {
            "expandedUrl" : "https://www.example.org/whitby/harbour-notes-november",
            "toIndex" : "357",
            "shortUrl" : "https://t.co/Nt6Wq2Lp9x",
            "displayUrl" : "example.org/whitby/harbour-n…",
            "fromIndex" : "334"
          }
        ],
        "text" : "Harbour notes #WhitbyTides: the east pier walk is open again & the steps by the lifeboat station are fixed. Winter tide tables <approx.> are posted at the kiosk and online, and the council says the swing bridge timings won't change before March. I asked about the sand at the river mouth and was told it's checked weekly. Full notes: https://t.co/Nt6Wq2Lp9x via @whitby_harbour — italic parts are my guesses.",
        "mentions" : [
          {
            "screenName" : "whitby_harbour",
            "fromIndex" : "362",
            "toIndex" : "377"
          }
        ],
        "cashtags" : [ ],
        "hashtags" : [
          {
            "text" : "WhitbyTides",
            "fromIndex" : "14",
            "toIndex" : "26"
          }
        ]
      }
    }
  }
]
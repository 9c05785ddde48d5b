window.YTD.community_tweet.part0 = [
  {
    "tweet" : {
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "48"
      ],
      "favorite_count" : "0",
      "id_str" : "2012828791285530816",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2012828791285530816",
      "created_at" : "Sun Jan 18 10:05:55 +0000 2026",
      "favorited" : false,
      "full_text" : "Anyone know if the 93 bus still runs on Sundays?",
      "lang" : "en",
      "scopes" : {
        "followers" : false
      },
      "community_id" : "1610983309786943488",
      "community_id_str" : "1610983309786943488"
    }
  }
]
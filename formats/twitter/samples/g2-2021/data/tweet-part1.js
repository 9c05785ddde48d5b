window.YTD.tweet.part1 = [ {
  "tweet" : {
    "retweeted" : false,
    "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
    "entities" : {
      "hashtags" : [ ],
      "symbols" : [ ],
      "user_mentions" : [ {
        "name" : "Kew Gardens Fan",
        "screen_name" : "kew_gardens_fan",
        "indices" : [ "3", "19" ],
        "id_str" : "744553219",
        "id" : "744553219"
      } ],
      "urls" : [ ]
    },
    "display_text_range" : [ "0", "142" ],
    "favorite_count" : "1",
    "id_str" : "1384412773475394483",
    "truncated" : false,
    "retweet_count" : "0",
    "id" : "1384412773475394483",
    "created_at" : "Tue Apr 20 07:45:00 +0000 2021",
    "favorited" : false,
    "full_text" : "RT @kew_gardens_fan: The magnolias along the lake path are at their best this week, and the tulip beds by the glasshouse are just starting to…",
    "lang" : "en"
  }
}, {
  "tweet" : {
    "retweeted" : false,
    "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
    "entities" : {
      "hashtags" : [ ],
      "symbols" : [ ],
      "user_mentions" : [ ],
      "urls" : [ ]
    },
    "display_text_range" : [ "0", "68" ],
    "favorite_count" : "1",
    "id_str" : "1381238135828009056",
    "truncated" : false,
    "retweet_count" : "0",
    "id" : "1381238135828009056",
    "created_at" : "Sun Apr 11 13:30:08 +0000 2021",
    "favorited" : false,
    "full_text" : "Compost temperature today: 58°C &gt; yesterday's 51°C. It's working.",
    "lang" : "en"
  }
} ]
window.YTD.tweet.part0 = [ {
  "tweet" : {
    "retweeted" : false,
    "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
    "entities" : {
      "hashtags" : [ ],
      "symbols" : [ ],
      "user_mentions" : [ ],
      "urls" : [ ],
      "media" : [ {
        "expanded_url" : "https://twitter.com/corinvelde/status/1390957836393099939/photo/1",
        "indices" : [ "36", "59" ],
        "url" : "https://t.co/Fg7kL2mPq9",
        "media_url" : "http://pbs.twimg.com/media/E0dK3fWXoAIu7Qa.jpg",
        "id_str" : "1390957813324316738",
        "id" : "1390957813324316738",
        "media_url_https" : "https://pbs.twimg.com/media/E0dK3fWXoAIu7Qa.jpg",
        "sizes" : {
          "thumb" : {
            "w" : "150",
            "h" : "150",
            "resize" : "crop"
          },
          "small" : {
            "w" : "680",
            "h" : "510",
            "resize" : "fit"
          },
          "medium" : {
            "w" : "1200",
            "h" : "900",
            "resize" : "fit"
          },
          "large" : {
            "w" : "1600",
            "h" : "1200",
            "resize" : "fit"
          }
        },
        "type" : "photo",
        "display_url" : "pic.twitter.com/Fg7kL2mPq9"
      } ]
    },
    "display_text_range" : [ "0", "59" ],
    "favorite_count" : "1",
    "id_str" : "1390957836393099939",
    "truncated" : false,
    "retweet_count" : "0",
    "id" : "1390957836393099939",
    "created_at" : "Sat May 08 09:12:45 +0000 2021",
    "favorited" : false,
    "full_text" : "Repotted the fig. Roots everywhere! https://t.co/Fg7kL2mPq9",
    "lang" : "en",
    "possibly_sensitive" : true,
    "extended_entities" : {
      "media" : [ {
        "expanded_url" : "https://twitter.com/corinvelde/status/1390957836393099939/photo/1",
        "indices" : [ "36", "59" ],
        "url" : "https://t.co/Fg7kL2mPq9",
        "media_url" : "http://pbs.twimg.com/media/E0dK3fWXoAIu7Qa.jpg",
        "id_str" : "1390957813324316738",
        "id" : "1390957813324316738",
        "media_url_https" : "https://pbs.twimg.com/media/E0dK3fWXoAIu7Qa.jpg",
        "sizes" : {
          "thumb" : {
            "w" : "150",
            "h" : "150",
            "resize" : "crop"
          },
          "small" : {
            "w" : "680",
            "h" : "510",
            "resize" : "fit"
          },
          "medium" : {
            "w" : "1200",
            "h" : "900",
            "resize" : "fit"
          },
          "large" : {
            "w" : "1600",
            "h" : "1200",
            "resize" : "fit"
          }
        },
        "type" : "photo",
        "display_url" : "pic.twitter.com/Fg7kL2mPq9"
      } ]
    }
  }
}, {
  "tweet" : {
    "retweeted" : false,
    "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
    "entities" : {
      "hashtags" : [ ],
      "symbols" : [ ],
      "user_mentions" : [ {
        "name" : "Jo Ferngully",
        "screen_name" : "ferngully_jo",
        "indices" : [ "0", "13" ],
        "id_str" : "9817263540",
        "id" : "9817263540"
      } ],
      "urls" : [ ]
    },
    "display_text_range" : [ "0", "63" ],
    "favorite_count" : "1",
    "id_str" : "1390351232174055888",
    "truncated" : false,
    "retweet_count" : "0",
    "id" : "1390351232174055888",
    "created_at" : "Thu May 06 17:02:19 +0000 2021",
    "favorited" : false,
    "full_text" : "@ferngully_jo Yes! Feed it every two weeks in summer, not more.",
    "lang" : "en",
    "in_reply_to_status_id_str" : "1390345654278090767",
    "in_reply_to_user_id" : "9817263540",
    "in_reply_to_status_id" : "1390345654278090767",
    "in_reply_to_screen_name" : "ferngully_jo",
    "in_reply_to_user_id_str" : "9817263540"
  }
}, {
  "tweet" : {
    "retweeted" : false,
    "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
    "entities" : {
      "hashtags" : [ ],
      "symbols" : [ ],
      "user_mentions" : [ ],
      "urls" : [ {
        "url" : "https://t.co/Qz9xW1vB3n",
        "expanded_url" : "https://twitter.com/ferngully_jo/status/1388453282837498379",
        "display_url" : "twitter.com/ferngully_jo/s…",
        "indices" : [ "56", "79" ]
      } ]
    },
    "display_text_range" : [ "0", "79" ],
    "favorite_count" : "1",
    "id_str" : "1388766671262499024",
    "truncated" : false,
    "retweet_count" : "0",
    "id" : "1388766671262499024",
    "created_at" : "Sun May 02 08:05:51 +0000 2021",
    "favorited" : false,
    "full_text" : "This is the best thread on pruning I have read all year https://t.co/Qz9xW1vB3n",
    "lang" : "en",
    "possibly_sensitive" : false
  }
} ]
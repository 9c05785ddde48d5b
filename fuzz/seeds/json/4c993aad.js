window.YTD.tweets.part1 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1988517952542122674",
            "1988518571575325635"
          ],
          "editableUntil" : "2025-11-12T09:03:19.000Z",
          "editsRemaining" : "4",
          "isEditEligible" : true
        }
      },
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
        "77"
      ],
      "favorite_count" : "0",
      "id_str" : "1988517952542122674",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1988517952542122674",
      "created_at" : "Wed Nov 12 08:03:19 +0000 2025",
      "favorited" : false,
      "full_text" : "Ferry timetable for the summer is out: sailings every 45 minutes from 1 June.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1973722682339893038"
          ],
          "editableUntil" : "2025-10-02T13:12:12.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "Whitby",
            "indices" : [
              "56",
              "63"
            ]
          }
        ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "North Pier Cafe",
            "screen_name" : "north_pier_cafe",
            "indices" : [
              "7",
              "23"
            ],
            "id_str" : "1493817266610241537",
            "id" : "1493817266610241537"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "63"
      ],
      "favorite_count" : "0",
      "id_str" : "1973722682339893038",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1973722682339893038",
      "created_at" : "Thu Oct 02 12:12:12 +0000 2025",
      "favorited" : false,
      "full_text" : "Thanks @north_pier_cafe for the best chips on the coast #Whitby",
      "lang" : "en"
    }
  }
]
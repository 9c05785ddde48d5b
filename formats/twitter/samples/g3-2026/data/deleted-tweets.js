window.YTD.deleted_tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2022015261950922960"
          ],
          "editableUntil" : "2026-02-12T19:29:40.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ],
        "media" : [
          {
            "expanded_url" : "https://x.com/dagnyorr/status/2022015261950922960/photo/1",
            "indices" : [
              "20",
              "43"
            ],
            "url" : "https://t.co/Dl3Xq8Wm1z",
            "media_url" : "http://pbs.twimg.com/media/Hd2Pq7ZxYw4Ab9K.jpg",
            "id_str" : "2022015222805430323",
            "id" : "2022015222805430323",
            "media_url_https" : "https://pbs.twimg.com/media/Hd2Pq7ZxYw4Ab9K.jpg",
            "sizes" : {
              "medium" : {
                "w" : "1200",
                "h" : "900",
                "resize" : "fit"
              },
              "thumb" : {
                "w" : "150",
                "h" : "150",
                "resize" : "crop"
              },
              "large" : {
                "w" : "1200",
                "h" : "900",
                "resize" : "fit"
              },
              "small" : {
                "w" : "680",
                "h" : "510",
                "resize" : "fit"
              }
            },
            "type" : "photo",
            "display_url" : "pic.x.com/Dl3Xq8Wm1z"
          }
        ]
      },
      "display_text_range" : [
        "0",
        "43"
      ],
      "favorite_count" : "0",
      "id_str" : "2022015261950922960",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2022015261950922960",
      "created_at" : "Thu Feb 12 18:29:40 +0000 2026",
      "favorited" : false,
      "full_text" : "Wrong photo, sorry! https://t.co/Dl3Xq8Wm1z",
      "lang" : "en",
      "possibly_sensitive" : false,
      "extended_entities" : {
        "media" : [
          {
            "expanded_url" : "https://x.com/dagnyorr/status/2022015261950922960/photo/1",
            "indices" : [
              "20",
              "43"
            ],
            "url" : "https://t.co/Dl3Xq8Wm1z",
            "media_url" : "http://pbs.twimg.com/media/Hd2Pq7ZxYw4Ab9K.jpg",
            "id_str" : "2022015222805430323",
            "id" : "2022015222805430323",
            "media_url_https" : "https://pbs.twimg.com/media/Hd2Pq7ZxYw4Ab9K.jpg",
            "sizes" : {
              "medium" : {
                "w" : "1200",
                "h" : "900",
                "resize" : "fit"
              },
              "thumb" : {
                "w" : "150",
                "h" : "150",
                "resize" : "crop"
              },
              "large" : {
                "w" : "1200",
                "h" : "900",
                "resize" : "fit"
              },
              "small" : {
                "w" : "680",
                "h" : "510",
                "resize" : "fit"
              }
            },
            "type" : "photo",
            "display_url" : "pic.x.com/Dl3Xq8Wm1z"
          }
        ]
      },
      "deleted_at" : "Thu Feb 12 18:31:09 +0000 2026"
    }
  }
]
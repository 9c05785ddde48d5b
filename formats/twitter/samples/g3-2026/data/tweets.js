window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1991592915863920880"
          ],
          "editableUntil" : "2025-11-20T20:42:07.000Z",
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
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "69"
      ],
      "favorite_count" : "0",
      "id_str" : "1991592915863920880",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1991592915863920880",
      "created_at" : "Thu Nov 20 19:42:07 +0000 2025",
      "favorited" : false,
      "full_text" : "2/2 Short version for the pier: open, dry, and the chips van is back.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1991592913074766547",
      "in_reply_to_user_id" : "1521783640278851584",
      "in_reply_to_status_id" : "1991592913074766547",
      "in_reply_to_screen_name" : "dagnyorr",
      "in_reply_to_user_id_str" : "1521783640278851584"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1991592913074766547"
          ],
          "editableUntil" : "2025-11-20T20:42:07.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "WhitbyTides",
            "indices" : [
              "14",
              "26"
            ]
          }
        ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "274"
      ],
      "favorite_count" : "0",
      "id_str" : "1991592913074766547",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1991592913074766547",
      "created_at" : "Thu Nov 20 19:42:07 +0000 2025",
      "favorited" : false,
      "full_text" : "Harbour notes #WhitbyTides: the east pier walk is open again &amp; the steps by the lifeboat station are fixed. Winter tide tables &lt;approx.&gt; are posted at the kiosk and online, and the council says the swing bridge timings won't change before March. I asked about the…",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "edit" : {
          "initialTweetId" : "1988517952542122674",
          "editControlInitial" : {
            "editTweetIds" : [
              "1988517952542122674",
              "1988518571575325635"
            ],
            "editableUntil" : "2025-11-12T09:03:19.000Z",
            "editsRemaining" : "4",
            "isEditEligible" : true
          }
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
      "id_str" : "1988518571575325635",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1988518571575325635",
      "created_at" : "Wed Nov 12 08:05:47 +0000 2025",
      "favorited" : false,
      "full_text" : "Ferry timetable for the summer is out: sailings every 40 minutes from 1 June.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1985240074983381521"
          ],
          "editableUntil" : "2025-11-03T07:58:12.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [
          {
            "url" : "https://t.co/Tq8Wm2Lx5c",
            "expanded_url" : "https://www.example.org/tides/2025-11-03",
            "display_url" : "example.org/tides/2025-11-03",
            "indices" : [
              "28",
              "51"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "51"
      ],
      "favorite_count" : "0",
      "id_str" : "1985240074983381521",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1985240074983381521",
      "created_at" : "Mon Nov 03 06:58:12 +0000 2025",
      "favorited" : false,
      "full_text" : "Low tide &gt; high drama 🌊🐚 https://t.co/Tq8Wm2Lx5c",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1983439671664856398"
          ],
          "editableUntil" : "2025-10-29T08:44:02.000Z",
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
            "expanded_url" : "https://x.com/dagnyorr/status/1983439671664856398/video/1",
            "indices" : [
              "35",
              "58"
            ],
            "url" : "https://t.co/Vd3oKp7Yh2",
            "media_url" : "http://pbs.twimg.com/amplify_video_thumb/1983439618778857489/img/Zq4Ty8Lp2Wm5Xc1N.jpg",
            "id_str" : "1983439618778857489",
            "id" : "1983439618778857489",
            "media_url_https" : "https://pbs.twimg.com/amplify_video_thumb/1983439618778857489/img/Zq4Ty8Lp2Wm5Xc1N.jpg",
            "sizes" : {
              "medium" : {
                "w" : "720",
                "h" : "1280",
                "resize" : "fit"
              },
              "thumb" : {
                "w" : "150",
                "h" : "150",
                "resize" : "crop"
              },
              "large" : {
                "w" : "720",
                "h" : "1280",
                "resize" : "fit"
              },
              "small" : {
                "w" : "680",
                "h" : "1208",
                "resize" : "fit"
              }
            },
            "type" : "photo",
            "display_url" : "pic.x.com/Vd3oKp7Yh2"
          }
        ]
      },
      "display_text_range" : [
        "0",
        "58"
      ],
      "favorite_count" : "0",
      "id_str" : "1983439671664856398",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1983439671664856398",
      "created_at" : "Wed Oct 29 07:44:02 +0000 2025",
      "favorited" : false,
      "full_text" : "Seals on the sandbank this morning https://t.co/Vd3oKp7Yh2",
      "lang" : "en",
      "possibly_sensitive" : false,
      "extended_entities" : {
        "media" : [
          {
            "expanded_url" : "https://x.com/dagnyorr/status/1983439671664856398/video/1",
            "indices" : [
              "35",
              "58"
            ],
            "url" : "https://t.co/Vd3oKp7Yh2",
            "media_url" : "http://pbs.twimg.com/amplify_video_thumb/1983439618778857489/img/Zq4Ty8Lp2Wm5Xc1N.jpg",
            "id_str" : "1983439618778857489",
            "id" : "1983439618778857489",
            "media_url_https" : "https://pbs.twimg.com/amplify_video_thumb/1983439618778857489/img/Zq4Ty8Lp2Wm5Xc1N.jpg",
            "sizes" : {
              "medium" : {
                "w" : "720",
                "h" : "1280",
                "resize" : "fit"
              },
              "thumb" : {
                "w" : "150",
                "h" : "150",
                "resize" : "crop"
              },
              "large" : {
                "w" : "720",
                "h" : "1280",
                "resize" : "fit"
              },
              "small" : {
                "w" : "680",
                "h" : "1208",
                "resize" : "fit"
              }
            },
            "type" : "video",
            "display_url" : "pic.x.com/Vd3oKp7Yh2",
            "video_info" : {
              "aspect_ratio" : [
                "9",
                "16"
              ],
              "duration_millis" : "14300",
              "variants" : [
                {
                  "bitrate" : "632000",
                  "content_type" : "video/mp4",
                  "url" : "https://video.twimg.com/amplify_video/1983439618778857489/vid/avc1/320x568/aB3dE5fG7hJ9kL1m.mp4?tag=16"
                },
                {
                  "content_type" : "application/x-mpegURL",
                  "url" : "https://video.twimg.com/amplify_video/1983439618778857489/pl/Mn0Bv9Cx8Zl7Ka6J.m3u8?tag=16&v=a1b"
                },
                {
                  "bitrate" : "2176000",
                  "content_type" : "video/mp4",
                  "url" : "https://video.twimg.com/amplify_video/1983439618778857489/vid/avc1/720x1280/Pq8Rs2Tu4Vw6Xy0Z.mp4?tag=16"
                }
              ]
            },
            "additional_media_info" : {
              "monetizable" : false
            }
          }
        ]
      }
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1982844872666837730"
          ],
          "editableUntil" : "2025-10-27T17:20:31.000Z",
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
            "expanded_url" : "https://x.com/dagnyorr/status/1982844872666837730/photo/1",
            "indices" : [
              "29",
              "52"
            ],
            "url" : "https://t.co/Ph5tQ2wE9r",
            "media_url" : "http://pbs.twimg.com/media/Gx7Hk2LmQaAbC3d.jpg",
            "id_str" : "1982844844241846306",
            "id" : "1982844844241846306",
            "media_url_https" : "https://pbs.twimg.com/media/Gx7Hk2LmQaAbC3d.jpg",
            "sizes" : {
              "medium" : {
                "w" : "1600",
                "h" : "1200",
                "resize" : "fit"
              },
              "thumb" : {
                "w" : "150",
                "h" : "150",
                "resize" : "crop"
              },
              "large" : {
                "w" : "1600",
                "h" : "1200",
                "resize" : "fit"
              },
              "small" : {
                "w" : "680",
                "h" : "510",
                "resize" : "fit"
              }
            },
            "type" : "photo",
            "display_url" : "pic.x.com/Ph5tQ2wE9r"
          }
        ]
      },
      "display_text_range" : [
        "0",
        "52"
      ],
      "favorite_count" : "0",
      "id_str" : "1982844872666837730",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1982844872666837730",
      "created_at" : "Mon Oct 27 16:20:31 +0000 2025",
      "favorited" : false,
      "full_text" : "Harbour wall after the storm https://t.co/Ph5tQ2wE9r",
      "lang" : "en",
      "possibly_sensitive" : false,
      "extended_entities" : {
        "media" : [
          {
            "expanded_url" : "https://x.com/dagnyorr/status/1982844872666837730/photo/1",
            "indices" : [
              "29",
              "52"
            ],
            "url" : "https://t.co/Ph5tQ2wE9r",
            "media_url" : "http://pbs.twimg.com/media/Gx7Hk2LmQaAbC3d.jpg",
            "id_str" : "1982844844241846306",
            "id" : "1982844844241846306",
            "media_url_https" : "https://pbs.twimg.com/media/Gx7Hk2LmQaAbC3d.jpg",
            "sizes" : {
              "medium" : {
                "w" : "1600",
                "h" : "1200",
                "resize" : "fit"
              },
              "thumb" : {
                "w" : "150",
                "h" : "150",
                "resize" : "crop"
              },
              "large" : {
                "w" : "1600",
                "h" : "1200",
                "resize" : "fit"
              },
              "small" : {
                "w" : "680",
                "h" : "510",
                "resize" : "fit"
              }
            },
            "type" : "photo",
            "display_url" : "pic.x.com/Ph5tQ2wE9r"
          }
        ]
      }
    }
  }
]
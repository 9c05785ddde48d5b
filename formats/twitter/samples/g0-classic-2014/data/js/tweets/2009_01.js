Grailbird.data.tweets_2009_01 = 
 [ {
  "source" : "web",
  "entities" : {
    "user_mentions" : [ ],
    "media" : [ ],
    "hashtags" : [ ],
    "urls" : [ ]
  },
  "geo" : { },
  "id_str" : "1107385543",
  "text" : "Caf\u00E9 shut, so tea at the library instead.",
  "id" : 1107385543,
  "created_at" : "2009-01-09 00:00:00 +0000",
  "user" : {
    "name" : "Ada Quill",
    "screen_name" : "adaquill",
    "protected" : false,
    "id_str" : "15823412",
    "profile_image_url_https" : "https:\/\/pbs.twimg.com\/profile_images\/3471182265\/ad4f9e2c1b0a7d55e3f1c2b9a8d7e6f5_normal.jpeg",
    "id" : 15823412,
    "verified" : false
  }
}, {
  "source" : "web",
  "entities" : {
    "user_mentions" : [ ],
    "media" : [ ],
    "hashtags" : [ ],
    "urls" : [ ]
  },
  "geo" : { },
  "id_str" : "1091862517",
  "text" : "Happy new year from a frosty allotment \u2744 \u2014 the leeks survived!",
  "id" : 1091862517,
  "created_at" : "2009-01-01 00:00:00 +0000",
  "user" : {
    "name" : "Ada Quill",
    "screen_name" : "adaquill",
    "protected" : false,
    "id_str" : "15823412",
    "profile_image_url_https" : "https:\/\/pbs.twimg.com\/profile_images\/3471182265\/ad4f9e2c1b0a7d55e3f1c2b9a8d7e6f5_normal.jpeg",
    "id" : 15823412,
    "verified" : false
  }
} ]
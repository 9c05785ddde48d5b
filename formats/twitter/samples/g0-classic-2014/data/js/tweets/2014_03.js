Grailbird.data.tweets_2014_03 = 
 [ {
  "source" : "<a href=\"http:\/\/twitter.com\/download\/android\" rel=\"nofollow\">Twitter for Android<\/a>",
  "entities" : {
    "user_mentions" : [ {
      "name" : "Mossfield Bees",
      "screen_name" : "mossfield_bee",
      "indices" : [ 3, 17 ],
      "id_str" : "281937465",
      "id" : 281937465
    } ],
    "media" : [ ],
    "hashtags" : [ ],
    "urls" : [ ]
  },
  "geo" : { },
  "id_str" : "449465970805884117",
  "text" : "RT @mossfield_bee: First bumblebee of the year on the lungwort! Queens are out early this spring.",
  "id" : 449465970805884117,
  "created_at" : "2014-03-28 08:40:12 +0000",
  "retweeted_status" : {
    "source" : "web",
    "entities" : {
      "user_mentions" : [ ],
      "media" : [ ],
      "hashtags" : [ ],
      "urls" : [ ]
    },
    "geo" : { },
    "id_str" : "449260293206418099",
    "text" : "First bumblebee of the year on the lungwort! Queens are out early this spring.",
    "id" : 449260293206418099,
    "created_at" : "2014-03-27 19:02:55 +0000",
    "user" : {
      "name" : "Mossfield Bees",
      "screen_name" : "mossfield_bee",
      "protected" : false,
      "id_str" : "281937465",
      "id" : 281937465,
      "verified" : false
    }
  },
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
  "source" : "<a href=\"http:\/\/twitter.com\/download\/android\" rel=\"nofollow\">Twitter for Android<\/a>",
  "entities" : {
    "user_mentions" : [ ],
    "media" : [ {
      "expanded_url" : "http:\/\/twitter.com\/adaquill\/status\/447373517470626017\/photo\/1",
      "sizes" : [ {
        "h" : 150,
        "resize" : "crop",
        "w" : 150
      }, {
        "h" : 450,
        "resize" : "fit",
        "w" : 600
      }, {
        "h" : 255,
        "resize" : "fit",
        "w" : 340
      }, {
        "h" : 768,
        "resize" : "fit",
        "w" : 1024
      } ],
      "url" : "http:\/\/t.co\/Rk8vW2bQxs",
      "media_url_https" : "https:\/\/pbs.twimg.com\/media\/BjWq2xYCIAAqZ1r.jpg",
      "id_str" : "447373506900918273",
      "indices" : [ 35, 57 ],
      "media_url" : "http:\/\/pbs.twimg.com\/media\/BjWq2xYCIAAqZ1r.jpg",
      "display_url" : "pic.twitter.com\/Rk8vW2bQxs",
      "id" : 447373506900918273
    } ],
    "hashtags" : [ ],
    "urls" : [ ]
  },
  "geo" : { },
  "id_str" : "447373517470626017",
  "text" : "Seed trays are in, labels and all. http:\/\/t.co\/Rk8vW2bQxs",
  "id" : 447373517470626017,
  "created_at" : "2014-03-22 14:05:33 +0000",
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
    "hashtags" : [ {
      "text" : "bakeoff",
      "indices" : [ 78, 86 ]
    } ],
    "urls" : [ {
      "indices" : [ 55, 77 ],
      "url" : "http:\/\/t.co\/Xk3pQ9mWzA",
      "expanded_url" : "http:\/\/www.example.org\/recipes\/bread-and-butter-pudding",
      "display_url" : "example.org\/recipes\/bread-\u2026"
    } ]
  },
  "geo" : { },
  "id_str" : "444922740756134433",
  "text" : "Bread &amp; butter pudding for the allotment bake-off: http:\/\/t.co\/Xk3pQ9mWzA #bakeoff",
  "id" : 444922740756134433,
  "created_at" : "2014-03-15 19:47:02 +0000",
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
  "source" : "<a href=\"http:\/\/twitter.com\/download\/android\" rel=\"nofollow\">Twitter for Android<\/a>",
  "entities" : {
    "user_mentions" : [ {
      "name" : "Leeds Buses",
      "screen_name" : "leeds_buses",
      "indices" : [ 0, 12 ],
      "id_str" : "51234987",
      "id" : 51234987
    } ],
    "media" : [ ],
    "hashtags" : [ ],
    "urls" : [ ]
  },
  "geo" : { },
  "id_str" : "443294921882074881",
  "text" : "@leeds_buses Is the 49 still on diversion?\nStood at Kirkstall for 20 min now.",
  "id" : 443294921882074881,
  "created_at" : "2014-03-11 07:58:40 +0000",
  "in_reply_to_status_id_str" : "443287757368918531",
  "in_reply_to_user_id" : 51234987,
  "in_reply_to_status_id" : 443287757368918531,
  "in_reply_to_screen_name" : "leeds_buses",
  "in_reply_to_user_id_str" : "51234987",
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
  "id_str" : "440595508029989047",
  "text" : "Moth trap tally: 14 species, best was a Hebrew Character &lt;3 (and\/or a Common Quaker)",
  "id" : 440595508029989047,
  "created_at" : "2014-03-03 21:12:09 +0000",
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
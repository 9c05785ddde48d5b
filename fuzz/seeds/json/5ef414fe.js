window.YTD.tweet.part0 = [ {
  "retweeted" : false,
  "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
  "entities" : {
    "hashtags" : [ ],
    "symbols" : [ ],
    "user_mentions" : [ {
      "name" : "Kestrel Running Club",
      "screen_name" : "kestrel_runs",
      "indices" : [ "3", "16" ],
      "id_str" : "2877461120",
      "id" : "2877461120"
    } ],
    "urls" : [ ]
  },
  "display_text_range" : [ "0", "90" ],
  "favorite_count" : "2",
  "id_str" : "1145939090328375490",
  "truncated" : false,
  "retweet_count" : "0",
  "id" : "1145939090328375490",
  "created_at" : "Tue Jul 02 06:15:44 +0000 2019",
  "favorited" : false,
  "full_text" : "RT @kestrel_runs: Sunday long run moved to 8am because of the heat. Bring water and a hat!",
  "lang" : "en"
}, {
  "retweeted" : false,
  "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
  "entities" : {
    "hashtags" : [ ],
    "symbols" : [ ],
    "user_mentions" : [ ],
    "urls" : [ {
      "url" : "https://t.co/Lm3nB8vQ2c",
      "expanded_url" : "https://www.example.com/routes/riverside-loop-21k",
      "display_url" : "example.com/routes/riversi…",
      "indices" : [ "39", "62" ]
    } ]
  },
  "display_text_range" : [ "0", "62" ],
  "favorite_count" : "2",
  "id_str" : "1145030031945267729",
  "truncated" : false,
  "retweet_count" : "0",
  "id" : "1145030031945267729",
  "created_at" : "Sat Jun 29 18:03:27 +0000 2019",
  "favorited" : false,
  "full_text" : "Route for Sunday, 21k along the river: https://t.co/Lm3nB8vQ2c",
  "lang" : "en"
}, {
  "retweeted" : false,
  "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
  "entities" : {
    "hashtags" : [ ],
    "symbols" : [ ],
    "user_mentions" : [ {
      "name" : "Kestrel Running Club",
      "screen_name" : "kestrel_runs",
      "indices" : [ "0", "13" ],
      "id_str" : "2877461120",
      "id" : "2877461120"
    } ],
    "urls" : [ ]
  },
  "display_text_range" : [ "0", "45" ],
  "favorite_count" : "2",
  "id_str" : "1140237611282117572",
  "truncated" : false,
  "retweet_count" : "0",
  "id" : "1140237611282117572",
  "created_at" : "Sun Jun 16 12:40:05 +0000 2019",
  "favorited" : false,
  "full_text" : "@kestrel_runs See you at the start line &lt;3",
  "lang" : "en",
  "in_reply_to_status_id_str" : "1140235532337418804",
  "in_reply_to_user_id" : "2877461120",
  "in_reply_to_status_id" : "1140235532337418804",
  "in_reply_to_screen_name" : "kestrel_runs",
  "in_reply_to_user_id_str" : "2877461120",
  "coordinates" : null,
  "geo" : null
}, {
  "retweeted" : false,
  "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
  "entities" : {
    "hashtags" : [ {
      "text" : "parkrun",
      "indices" : [ "62", "70" ]
    } ],
    "symbols" : [ ],
    "user_mentions" : [ ],
    "urls" : [ ]
  },
  "display_text_range" : [ "0", "70" ],
  "favorite_count" : "2",
  "id_str" : "1139840600561152160",
  "truncated" : false,
  "retweet_count" : "0",
  "id" : "1139840600561152160",
  "created_at" : "Sat Jun 15 10:22:31 +0000 2019",
  "favorited" : false,
  "full_text" : "Finished the 10k in 52:10 &amp; only walked up the one hill 🏃 #parkrun",
  "lang" : "en"
} ]
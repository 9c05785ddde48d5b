var tweet_index =  [ {
  "file_name" : "data\/js\/tweets\/2014_03.js",
  "year" : 2014,
  "var_name" : "tweets_2014_03",
  "tweet_count" : 5,
  "month" : 3
}, {
  "file_name" : "data\/js\/tweets\/2009_01.js",
  "year" : 2009,
  "var_name" : "tweets_2009_01",
  "tweet_count" : 2,
  "month" : 1
} ]
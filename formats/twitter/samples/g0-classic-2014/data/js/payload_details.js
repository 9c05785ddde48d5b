var payload_details =  {
  "tweets" : 7,
  "created_at" : "2014-04-02 10:21:37 +0000",
  "lang" : "en"
}
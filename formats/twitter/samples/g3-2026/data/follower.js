window.YTD.follower.part0 = [
  {
    "follower" : {
      "accountId" : "1493817266610241537",
      "userLink" : "https://twitter.com/intent/user?user_id=1493817266610241537"
    }
  },
  {
    "follower" : {
      "accountId" : "1877265190342311936",
      "userLink" : "https://twitter.com/intent/user?user_id=1877265190342311936"
    }
  }
]
window.YTD.following.part0 = [
  {
    "following" : {
      "accountId" : "1493817266610241537",
      "userLink" : "https://twitter.com/intent/user?user_id=1493817266610241537"
    }
  },
  {
    "following" : {
      "accountId" : "2951102264",
      "userLink" : "https://twitter.com/intent/user?user_id=2951102264"
    }
  }
]
window.YTD.mute.part0 = [
  {
    "muting" : {
      "accountId" : "880129455",
      "userLink" : "https://twitter.com/intent/user?user_id=880129455"
    }
  }
]
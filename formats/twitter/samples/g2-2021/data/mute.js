window.YTD.mute.part0 = [ {
  "muting" : {
    "accountId" : "2209844551",
    "userLink" : "https://twitter.com/intent/user?user_id=2209844551"
  }
} ]
window.YTD.following.part0 = [ {
  "following" : {
    "accountId" : "9817263540",
    "userLink" : "https://twitter.com/intent/user?user_id=9817263540"
  }
}, {
  "following" : {
    "accountId" : "744553219",
    "userLink" : "https://twitter.com/intent/user?user_id=744553219"
  }
} ]
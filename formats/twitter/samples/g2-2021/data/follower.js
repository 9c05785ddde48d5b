window.YTD.follower.part0 = [ {
  "follower" : {
    "accountId" : "9817263540",
    "userLink" : "https://twitter.com/intent/user?user_id=9817263540"
  }
}, {
  "follower" : {
    "accountId" : "1296410582234861568",
    "userLink" : "https://twitter.com/intent/user?user_id=1296410582234861568"
  }
} ]
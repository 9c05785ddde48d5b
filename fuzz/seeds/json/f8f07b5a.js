window.YTD.follower.part0 = [ {
  "follower" : {
    "accountId" : "2877461120"
  }
}, {
  "follower" : {
    "accountId" : "4410923871"
  }
} ]
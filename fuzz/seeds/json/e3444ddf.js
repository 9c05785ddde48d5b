window.YTD.following.part0 = [ {
  "following" : {
    "accountId" : "2877461120"
  }
}, {
  "following" : {
    "accountId" : "717203945"
  }
} ]
window.YTD.block.part0 = [ {
  "blocking" : {
    "accountId" : "1377220871123456000",
    "userLink" : "https://twitter.com/intent/user?user_id=1377220871123456000"
  }
} ]
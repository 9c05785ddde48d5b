window.YTD.account.part0 = [ {
  "account" : {
    "email" : "bo.tamsin@example.com",
    "createdVia" : "web",
    "username" : "botamsin",
    "accountId" : "3390194011",
    "createdAt" : "2015-08-24T17:02:41.000Z",
    "accountDisplayName" : "Bo Tamsin"
  }
} ]
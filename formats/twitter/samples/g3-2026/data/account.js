window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "dagny.orr@example.net",
      "createdVia" : "web",
      "username" : "dagnyorr",
      "accountId" : "1521783640278851584",
      "createdAt" : "2022-05-04T10:21:33.000Z",
      "accountDisplayName" : "Dagny Orr"
    }
  }
]
window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "pen@example.org",
      "createdVia" : "web",
      "username" : "penpal_owner",
      "accountId" : "1400000000000000001",
      "createdAt" : "2020-01-01T00:00:00.000Z",
      "accountDisplayName" : "Pen Owner"
    }
  }
]
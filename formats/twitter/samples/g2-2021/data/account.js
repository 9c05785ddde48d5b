window.YTD.account.part0 = [ {
  "account" : {
    "email" : "corin.velde@example.org",
    "createdVia" : "web",
    "username" : "corinvelde",
    "accountId" : "1089254577066216497",
    "createdAt" : "2019-01-26T20:11:43.201Z",
    "accountDisplayName" : "Corin Velde"
  }
} ]
window.YTD.verified.part0 = [
  {
    "verified" : {
      "accountId" : "1521783640278851584",
      "verified" : false
    }
  }
]
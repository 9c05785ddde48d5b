window.YTD.block.part0 = [
  {
    "blocking" : {
      "accountId" : "1955510732108173312",
      "userLink" : "https://twitter.com/intent/user?user_id=1955510732108173312"
    }
  }
]
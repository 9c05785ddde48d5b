window.YTD.lists_member.part0 = [
  {
    "userListInfo" : {
      "url" : "https://twitter.com/i/lists/1634912345678901234"
    }
  }
]
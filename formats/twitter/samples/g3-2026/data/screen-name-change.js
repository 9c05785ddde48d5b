window.YTD.screen_name_change.part0 = [
  {
    "screenNameChange" : {
      "accountId" : "1521783640278851584",
      "screenNameChange" : {
        "changedAt" : "2023-04-02T11:20:45.000Z",
        "changedFrom" : "dagny_o",
        "changedTo" : "dagnyorr"
      }
    }
  }
]
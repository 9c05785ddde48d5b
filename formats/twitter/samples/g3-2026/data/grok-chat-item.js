window.YTD.grok_chat_item.part0 = [
  {
    "grokChatItem" : {
      "chatId" : "1889123412341234123",
      "message" : "What time is high tide in Whitby tomorrow?",
      "sender" : "User",
      "createdAt" : "2026-02-14T07:30:00.000Z"
    }
  }
]
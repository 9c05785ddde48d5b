window.YTD.direct_messages.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "483055096-1400000000000000001",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "483055096",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Second half, newest",
            "mediaUrls" : [ ],
            "senderId" : "1400000000000000001",
            "id" : "1797206522065846785",
            "createdAt" : "2024-06-02T10:00:00.000Z"
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1400000000000000001",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "First item, older",
            "mediaUrls" : [ ],
            "senderId" : "483055096",
            "id" : "1796844134200246786",
            "createdAt" : "2024-06-01T10:00:00.000Z"
          }
        }
      ]
    }
  },
  {
    "dmConversation" : {
      "conversationId" : "12345-1400000000000000001",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "12345",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Someone else",
            "mediaUrls" : [ ],
            "senderId" : "1400000000000000001",
            "id" : "1790683540485046788",
            "createdAt" : "2024-05-15T10:00:00.000Z"
          }
        }
      ]
    }
  },
  {
    "dmConversation" : {
      "conversationId" : "483055096-1400000000000000001",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "483055096",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Other item, one message",
            "mediaUrls" : [ ],
            "senderId" : "1400000000000000001",
            "id" : "1785610110366646787",
            "createdAt" : "2024-05-01T10:00:00.000Z"
          }
        }
      ]
    }
  }
]
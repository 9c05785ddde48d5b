window.YTD.direct_messages_group.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "1774723374904247040",
      "messages" : [
        {
          "messageCreate" : {
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Group, later item",
            "mediaUrls" : [ ],
            "senderId" : "777",
            "id" : "1775448150635447041",
            "createdAt" : "2024-04-03T09:00:00.000Z"
          }
        },
        {
          "conversationNameUpdate" : {
            "initiatingUserId" : "1400000000000000001",
            "name" : "Boat club",
            "createdAt" : "2024-04-02T09:00:00.000Z"
          }
        }
      ]
    }
  },
  {
    "dmConversation" : {
      "conversationId" : "1774723374904247040",
      "messages" : [
        {
          "messageCreate" : {
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Group, first words",
            "mediaUrls" : [ ],
            "senderId" : "1400000000000000001",
            "id" : "1774724633195447042",
            "createdAt" : "2024-04-01T09:05:00.000Z"
          }
        },
        {
          "joinConversation" : {
            "initiatingUserId" : "1400000000000000001",
            "participantsSnapshot" : [
              "1400000000000000001",
              "777",
              "888"
            ],
            "createdAt" : "2024-04-01T09:00:00.000Z"
          }
        }
      ]
    }
  }
]
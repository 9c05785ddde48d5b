window.YTD.direct_messages_group.part0 = [ {
  "dmConversation" : {
    "conversationId" : "1376836597969848183",
    "messages" : [ {
      "participantsLeave" : {
        "userIds" : [ "783214" ],
        "createdAt" : "2021-04-03T17:45:00.250Z"
      }
    }, {
      "messageCreate" : {
        "reactions" : [ ],
        "urls" : [ ],
        "text" : "Renamed it, hope that's ok",
        "mediaUrls" : [ ],
        "senderId" : "1205400577740153266",
        "id" : "1377916505840160769",
        "createdAt" : "2021-04-02T09:31:10.100Z"
      }
    }, {
      "conversationNameUpdate" : {
        "initiatingUserId" : "1205400577740153266",
        "name" : "Allotment Society 🌱",
        "createdAt" : "2021-04-02T09:30:44.780Z"
      }
    }, {
      "messageCreate" : {
        "reactions" : [ ],
        "urls" : [ ],
        "text" : "Count me in for Saturday",
        "mediaUrls" : [ ],
        "senderId" : "1089254577066216497",
        "id" : "1377337915163545602",
        "createdAt" : "2021-03-31T19:12:03.333Z"
      }
    }, {
      "conversationNameUpdate" : {
        "initiatingUserId" : "1089254577066216497",
        "name" : "Allotment crew",
        "createdAt" : "2021-03-30T10:05:12.000Z"
      }
    }, {
      "joinConversation" : {
        "initiatingUserId" : "1205400577740153266",
        "participantsSnapshot" : [ "1089254577066216497", "1205400577740153266", "783214" ],
        "createdAt" : "2021-03-30T10:00:00.000Z"
      }
    } ]
  }
} ]
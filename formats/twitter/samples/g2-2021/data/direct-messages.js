window.YTD.direct_messages.part0 = [ {
  "dmConversation" : {
    "conversationId" : "9817263540-1089254577066216497",
    "messages" : [ {
      "messageCreate" : {
        "recipientId" : "9817263540",
        "reactions" : [ ],
        "urls" : [ {
          "url" : "https://t.co/Dm4pQ1zXa8",
          "expanded" : "https://twitter.com/messages/media/1391455406156416004",
          "display" : "pic.twitter.com/Dm4pQ1zXa8"
        } ],
        "text" : "Here's the fig now https://t.co/Dm4pQ1zXa8",
        "mediaUrls" : [ "https://ton.twitter.com/dm/1391455406156416004/1391455383188407814/Hq2Lm9Xa.jpg" ],
        "senderId" : "1089254577066216497",
        "id" : "1391455406156416004",
        "createdAt" : "2021-05-09T18:09:55.476Z"
      }
    }, {
      "messageCreate" : {
        "recipientId" : "1089254577066216497",
        "reactions" : [ {
          "senderId" : "1089254577066216497",
          "reactionKey" : "funny",
          "eventId" : "1391454422701180165",
          "createdAt" : "2021-05-09T18:06:01.002Z"
        } ],
        "urls" : [ ],
        "text" : "Ha, that's brilliant",
        "mediaUrls" : [ ],
        "senderId" : "9817263540",
        "id" : "1391454220950962947",
        "createdAt" : "2021-05-09T18:05:12.901Z"
      }
    }, {
      "messageCreate" : {
        "recipientId" : "9817263540",
        "reactions" : [ ],
        "urls" : [ {
          "url" : "https://t.co/Vb8nK3sLq1",
          "expanded" : "https://www.example.org/feeds/fig-feed?size=small&ref=dm",
          "display" : "example.org/feeds/fig-feed…"
        } ],
        "text" : "Try this feed &amp; see: https://t.co/Vb8nK3sLq1",
        "mediaUrls" : [ ],
        "senderId" : "1089254577066216497",
        "id" : "1391454084338287106",
        "createdAt" : "2021-05-09T18:04:40.330Z"
      }
    }, {
      "messageCreate" : {
        "recipientId" : "1089254577066216497",
        "reactions" : [ ],
        "urls" : [ ],
        "text" : "Hi Corin! How's the fig doing?",
        "mediaUrls" : [ ],
        "senderId" : "9817263540",
        "id" : "1391452917419999489",
        "createdAt" : "2021-05-09T18:00:02.115Z"
      }
    } ]
  }
} ]
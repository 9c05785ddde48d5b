window.YTD.message_event.part0 = [
  {
    "messageEvent" : {
      "sequenceId" : "1771244130492001",
      "messageId" : "2021317120716992624",
      "senderId" : "1521783640278851584",
      "conversationId" : "2951102264-1521783640278851584",
      "conversationToken" : "c2FtcGxlLXRva2VuLW5vdC1yZWFs",
      "createdAtMsec" : "1770754530492",
      "messageEventSignature" : {
        "signature" : "bm90LWEtcmVhbC1zaWduYXR1cmU=",
        "publicKeyVersion" : "1",
        "signatureVersion" : "1"
      },
      "detail" : {
        "messageCreateEvent" : {
          "contents" : "UmVhbGx5IGVuY3J5cHRlZCBieXRlcyBnbyBoZXJlOyB0aGVzZSBhcmUgbm90Lg==",
          "conversationKeyVersion" : "1",
          "shouldNotify" : true
        }
      }
    }
  },
  {
    "messageEvent" : {
      "sequenceId" : "1771244190000002",
      "messageId" : "2021317370311635057",
      "senderId" : "2951102264",
      "conversationId" : "2951102264-1521783640278851584",
      "conversationToken" : "c2FtcGxlLXRva2VuLW5vdC1yZWFs",
      "createdAtMsec" : "1770754590000",
      "detail" : {
        "markConversationReadEvent" : {
          "seenUntilSequenceId" : "1771244130492001",
          "seenAtMillis" : "1770754590000"
        }
      }
    }
  }
]
window.__THAR_CONFIG = {
  "userInfo" : {
    "accountId" : "1400000000000000001",
    "userName" : "penpal_owner",
    "displayName" : "Pen Owner"
  },
  "archiveInfo" : {
    "sizeBytes" : "184320",
    "generationDate" : "2024-06-05T12:00:00.000Z",
    "isPartialArchive" : false,
    "maxPartSizeBytes" : "53687091200"
  },
  "readmeInfo" : {
    "fileName" : "data/README.txt",
    "directory" : "data/",
    "name" : "README.txt"
  },
  "dataTypes" : {
    "account" : {
      "files" : [ {
        "fileName" : "data/account.js",
        "globalName" : "YTD.account.part0",
        "count" : "1"
      } ]
    },
    "directMessages" : {
      "mediaDirectory" : "data/direct_messages_media",
      "files" : [ {
        "fileName" : "data/direct-messages.js",
        "globalName" : "YTD.direct_messages.part0",
        "count" : "3"
      } ]
    },
    "directMessagesGroup" : {
      "mediaDirectory" : "data/direct_messages_group_media",
      "files" : [ {
        "fileName" : "data/direct-messages-group.js",
        "globalName" : "YTD.direct_messages_group.part0",
        "count" : "2"
      } ]
    }
  }
}
window.__THAR_CONFIG = {
  "userInfo" : {
    "accountId" : "1089254577066216497",
    "userName" : "corinvelde",
    "displayName" : "Corin Velde"
  },
  "archiveInfo" : {
    "sizeBytes" : "184320",
    "generationDate" : "2021-05-12T08:41:26.812Z",
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
    "adEngagements" : {
      "files" : [ {
        "fileName" : "data/ad-engagements.js",
        "globalName" : "YTD.ad_engagements.part0",
        "count" : "1"
      } ]
    },
    "block" : {
      "files" : [ {
        "fileName" : "data/block.js",
        "globalName" : "YTD.block.part0",
        "count" : "1"
      } ]
    },
    "directMessages" : {
      "mediaDirectory" : "data/direct_messages_media",
      "files" : [ {
        "fileName" : "data/direct-messages.js",
        "globalName" : "YTD.direct_messages.part0",
        "count" : "1"
      } ]
    },
    "directMessagesGroup" : {
      "mediaDirectory" : "data/direct_messages_group_media",
      "files" : [ {
        "fileName" : "data/direct-messages-group.js",
        "globalName" : "YTD.direct_messages_group.part0",
        "count" : "1"
      } ]
    },
    "directMessagesMedia" : {
      "mediaDirectory" : "data/direct_messages_media"
    },
    "follower" : {
      "files" : [ {
        "fileName" : "data/follower.js",
        "globalName" : "YTD.follower.part0",
        "count" : "2"
      } ]
    },
    "following" : {
      "files" : [ {
        "fileName" : "data/following.js",
        "globalName" : "YTD.following.part0",
        "count" : "2"
      } ]
    },
    "like" : {
      "files" : [ {
        "fileName" : "data/like.js",
        "globalName" : "YTD.like.part0",
        "count" : "1"
      } ]
    },
    "mute" : {
      "files" : [ {
        "fileName" : "data/mute.js",
        "globalName" : "YTD.mute.part0",
        "count" : "1"
      } ]
    },
    "profile" : {
      "mediaDirectory" : "data/profile_media",
      "files" : [ {
        "fileName" : "data/profile.js",
        "globalName" : "YTD.profile.part0",
        "count" : "1"
      } ]
    },
    "tweet" : {
      "mediaDirectory" : "data/tweet_media",
      "files" : [ {
        "fileName" : "data/tweet.js",
        "globalName" : "YTD.tweet.part0",
        "count" : "3"
      }, {
        "fileName" : "data/tweet-part1.js",
        "globalName" : "YTD.tweet.part1",
        "count" : "2"
      } ]
    },
    "tweetMedia" : {
      "mediaDirectory" : "data/tweet_media"
    }
  }
}
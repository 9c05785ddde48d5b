window.__THAR_CONFIG = {
  "userInfo" : {
    "accountId" : "1521783640278851584",
    "userName" : "dagnyorr",
    "displayName" : "Dagny Orr"
  },
  "archiveInfo" : {
    "sizeBytes" : "184320",
    "generationDate" : "2026-02-20T16:02:11.504Z",
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
    "block" : {
      "files" : [ {
        "fileName" : "data/block.js",
        "globalName" : "YTD.block.part0",
        "count" : "1"
      } ]
    },
    "communityTweet" : {
      "mediaDirectory" : "data/community_tweet_media",
      "files" : [ {
        "fileName" : "data/community-tweet.js",
        "globalName" : "YTD.community_tweet.part0",
        "count" : "1"
      } ]
    },
    "deletedNoteTweet" : {
      "files" : [ {
        "fileName" : "data/deleted-note-tweet.js",
        "globalName" : "YTD.deleted_note_tweet.part0",
        "count" : "0"
      } ]
    },
    "deletedTweets" : {
      "mediaDirectory" : "data/deleted_tweets_media",
      "files" : [ {
        "fileName" : "data/deleted-tweets.js",
        "globalName" : "YTD.deleted_tweets.part0",
        "count" : "1"
      } ]
    },
    "deletedTweetsMedia" : {
      "mediaDirectory" : "data/deleted_tweets_media"
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
    "grokChatItem" : {
      "files" : [ {
        "fileName" : "data/grok-chat-item.js",
        "globalName" : "YTD.grok_chat_item.part0",
        "count" : "1"
      } ]
    },
    "like" : {
      "files" : [ {
        "fileName" : "data/like.js",
        "globalName" : "YTD.like.part0",
        "count" : "2"
      } ]
    },
    "listsMember" : {
      "files" : [ {
        "fileName" : "data/lists-member.js",
        "globalName" : "YTD.lists_member.part0",
        "count" : "1"
      } ]
    },
    "messageEvent" : {
      "files" : [ {
        "fileName" : "data/message-event.js",
        "globalName" : "YTD.message_event.part0",
        "count" : "2"
      } ]
    },
    "mute" : {
      "files" : [ {
        "fileName" : "data/mute.js",
        "globalName" : "YTD.mute.part0",
        "count" : "1"
      } ]
    },
    "noteTweet" : {
      "files" : [ {
        "fileName" : "data/note-tweet.js",
        "globalName" : "YTD.note_tweet.part0",
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
    "profileMedia" : {
      "mediaDirectory" : "data/profile_media"
    },
    "screenNameChange" : {
      "files" : [ {
        "fileName" : "data/screen-name-change.js",
        "globalName" : "YTD.screen_name_change.part0",
        "count" : "1"
      } ]
    },
    "tweetHeaders" : {
      "files" : [ {
        "fileName" : "data/tweet-headers.js",
        "globalName" : "YTD.tweet_headers.part0",
        "count" : "8"
      } ]
    },
    "tweets" : {
      "mediaDirectory" : "data/tweets_media",
      "files" : [ {
        "fileName" : "data/tweets.js",
        "globalName" : "YTD.tweets.part0",
        "count" : "6"
      }, {
        "fileName" : "data/tweets-part1.js",
        "globalName" : "YTD.tweets.part1",
        "count" : "2"
      } ]
    },
    "tweetsMedia" : {
      "mediaDirectory" : "data/tweets_media"
    },
    "verified" : {
      "files" : [ {
        "fileName" : "data/verified.js",
        "globalName" : "YTD.verified.part0",
        "count" : "1"
      } ]
    }
  }
}
window.YTD.ad_engagements.part0 = [ {
  "ad" : {
    "adsUserData" : {
      "adEngagements" : {
        "engagements" : [ {
          "impressionAttributes" : {
            "deviceInfo" : {
              "osType" : "Desktop"
            },
            "displayLocation" : "TimelineHome",
            "advertiserInfo" : {
              "advertiserName" : "Seed Catalogue Co",
              "screenName" : "@seedcatalogue"
            },
            "impressionTime" : "2021-04-28 07:12:55"
          },
          "engagementAttributes" : [ {
            "engagementTime" : "2021-04-28 07:13:02",
            "engagementType" : "ChargeableImpression"
          } ]
        } ]
      }
    }
  }
} ]
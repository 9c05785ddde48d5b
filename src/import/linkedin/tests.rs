use super::posts::percent_decode;
use super::posts::repair_share_text;
use super::posts::urn_of;
use super::*;

#[test]
fn names_urns_and_repairs() {
    assert_eq!(role_of("Shares_17529409.csv"), Some(Role::Shares));
    assert_eq!(
        role_of("Complete_LinkedInDataExport_11-04-2018/Messages.csv"),
        Some(Role::Messages("messages"))
    );
    assert_eq!(
        role_of("Company Follows.csv"),
        Some(Role::Follows("company"))
    );
    assert_eq!(role_of("Rich_Media.csv"), Some(Role::RichMedia));
    assert_eq!(role_of("Phone Numbers.csv"), None);
    assert_eq!(
        urn_of("https://www.linkedin.com/feed/update/urn%3Ali%3AugcPost%3A7193").as_deref(),
        Some("ugcPost:7193")
    );
    assert_eq!(
        urn_of("https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A11?commentUrn=urn%3Ali%3Acomment%3A%28activity%3A11%2C12%29").as_deref(),
        Some("comment:(activity:11,12)")
    );
    assert_eq!(urn_of("https://example.org/x"), None);
    assert_eq!(percent_decode("a%2"), "a%2");
    assert_eq!(
        repair_share_text("One.\"\n\"\"\n\"Two \"x\".").0,
        "One.\n\nTwo \"x\"."
    );
    assert_eq!(
        profile_native("www.linkedin.com/in/someone-1/").as_deref(),
        Some("in/someone-1")
    );
    assert_eq!(
        prose_time("You uploaded a video on November 12, 2024 at 2:56 AM (GMT)")
            .map(|t| t.to_rfc3339())
            .as_deref(),
        Some("2024-11-12T02:56:00Z")
    );
}

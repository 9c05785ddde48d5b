use super::attachment::attachment_native;

#[test]
fn attachment_ids_from_paths() {
    assert_eq!(
        attachment_native(
            "media_attachments/files/110/285/480/112/204/631/original/adc294faa4f49e38.jpg"
        ),
        "110285480112204631"
    );
    assert_eq!(
        attachment_native("/media_attachments/files/000/146/459/original/f59eb11efe5d8172.jpg"),
        "146459"
    );
    assert_eq!(attachment_native("https://x/y.jpg"), "https://x/y.jpg");
}

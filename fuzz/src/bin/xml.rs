fn main() {
    afl::fuzz!(|data: &[u8]| {
        lifeboat_fuzz::xml(data);
    });
}

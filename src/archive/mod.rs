//! The native archive: a BagIt 1.0 bag (RFC 8493).
//!
//! ```text
//! <archive>/
//!   bagit.txt  bag-info.txt  manifest-sha256.txt  tagmanifest-sha256.txt
//!   data/
//!     lifeboat.json             schema and tool version, sources, reports
//!     records/<kind>s.jsonl     one record per line
//!     media/<aa>/<sha256>.<ext> content-addressed media
//!     sources/<source-id>/...   entries carried verbatim (and --keep-original)
//!     raw/<kind>.jsonl          records kept verbatim because they could not be mapped
//!     reports/<source-id>.json  the import report of each source
//! ```
//!
//! Writes are atomic: everything is written into a hidden staging folder beside the
//! archive, then renamed into place. Importing into an existing archive merges by
//! record id.

mod bag;
pub mod custody;
pub mod lock;
mod merge;
pub use merge::MergeCounts;
// the rule web captures of one page follow too (newest wins, earlier kept as history)
pub(crate) use merge::merge_record;
mod read;
mod verify;
mod writer;

pub use bag::{hash_reader, hash_source, mime_of};
pub(crate) use bag::{hex, media_path};
pub use read::{Archive, ArchiveSource, FromRecord, Records, Typed};
pub use verify::{verify, Problem, Verification};
pub use writer::{ArchiveWriter, CommitInfo};

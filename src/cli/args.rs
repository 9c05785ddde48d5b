//! The command line: subcommands and their options (clap).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "lifeboat",
    version,
    about = "Read social network exports into one verifiable, platform-neutral archive"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) cmd: Cmd,
}

#[derive(Subcommand)]
pub(crate) enum Cmd {
    /// Import one or more dumps (zip, tar.gz or folder) into an archive.
    Import {
        /// The dumps, in order (later exports are merged over earlier ones).
        #[arg(required = true)]
        dumps: Vec<PathBuf>,
        /// The archive folder (created, or merged into when it exists).
        #[arg(long)]
        out: PathBuf,
        /// Write the import report (JSON) here too (with several dumps: the last one's).
        #[arg(long)]
        report: Option<PathBuf>,
        /// Fail, writing nothing, when any record is skipped or any entry of the dump
        /// refused (a link, an unsafe or impossible name, a duplicate name).
        #[arg(long)]
        strict: bool,
        /// Read the dump as this network's instead of detecting it.
        #[arg(long)]
        network: Option<String>,
        /// Keep the whole original dump inside the archive.
        #[arg(long)]
        keep_original: bool,
        /// The dumps are the parts of one export (a very large account's several zips):
        /// read them as one, so that what one part refers to in another is joined.
        #[arg(long)]
        parts: bool,
        /// A folder of blobs that goes with the dump (Bluesky: files named by CID, as
        /// `goat blob export` writes them); linked to their records as media.
        #[arg(long, value_name = "DIR")]
        blobs: Option<PathBuf>,
        /// The clock of times that carry no zone, an IANA name (Second Life viewer
        /// logs: default America/Los_Angeles, Second Life time).
        #[arg(long, value_name = "ZONE")]
        timezone: Option<String>,
        /// Change a safety limit, NAME=VALUE (total-bytes, entry-bytes, ratio, entries,
        /// json-depth, record-bytes, car-block, field-bytes); sizes take K, M, G.
        #[arg(long = "limit", value_name = "NAME=VALUE")]
        limits: Vec<String>,
        /// A field for the archive's bag-info.txt, KEY=VALUE (Source-Organization,
        /// Contact-Name, Contact-Email, Custodian, …); repeatable, kept for later imports.
        #[arg(long = "bag-info", value_name = "KEY=VALUE")]
        bag_info: Vec<String>,
        /// No progress bar.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Import many dumps into one archive per account, with a combined report; run it
    /// again and it skips what is already imported.
    ///
    /// The dumps: in folders of dumps (looked into; an unpacked export is one dump), in
    /// list files, or given one by one. Successive exports of one account (same network
    /// and owner account id) are merged into its archive oldest first; a dump that does
    /// not say whose it is gets an archive of its own. A bad dump is reported and the
    /// batch goes on. A second run skips every dump already imported (by SHA-256).
    /// Writes batch-report.json in --out. Exit 0 when no dump failed, 1 when one did.
    Batch {
        /// Folders of dumps (looked into, recursively) or dumps.
        inputs: Vec<PathBuf>,
        /// A file listing dumps, one per line (`#` comments; the parts of one export on
        /// one line separated by tabs; relative paths are relative to the file's folder;
        /// `-` reads the list from standard input). Repeatable.
        #[arg(long = "list", value_name = "FILE")]
        lists: Vec<PathBuf>,
        /// The folder of archives (one per account; created when missing).
        #[arg(long)]
        out: PathBuf,
        /// Dumps looked at, and archives imported into, at a time (each import keeps two
        /// cores busy; one archive is only ever written by one job).
        #[arg(long, short = 'j', default_value_t = 1, value_name = "N")]
        jobs: usize,
        /// Also export every archive written into one Parquet folder (the layout of
        /// `export --to parquet`: many archives, one dataset).
        #[arg(long, value_name = "DIR")]
        parquet: Option<PathBuf>,
        /// With --parquet: direct messages too (`--include direct`, as for export).
        #[arg(long, value_delimiter = ',')]
        include: Vec<String>,
        /// Write the combined report (JSON) here too.
        #[arg(long)]
        report: Option<PathBuf>,
        /// Fail a dump, writing nothing of it, when any of its records is skipped or any
        /// entry refused.
        #[arg(long)]
        strict: bool,
        /// Keep each whole original dump inside its archive.
        #[arg(long)]
        keep_original: bool,
        /// The clock of times that carry no zone (see `import --timezone`).
        #[arg(long, value_name = "ZONE")]
        timezone: Option<String>,
        /// Change a safety limit, NAME=VALUE (see `import --limit`).
        #[arg(long = "limit", value_name = "NAME=VALUE")]
        limits: Vec<String>,
        /// A field for every archive's bag-info.txt, KEY=VALUE; repeatable.
        #[arg(long = "bag-info", value_name = "KEY=VALUE")]
        bag_info: Vec<String>,
        /// No line per dump and no summary (failures are still printed).
        #[arg(long, short)]
        quiet: bool,
    },
    /// What changed between two exports of one account (archives or dumps): records
    /// added, removed and changed per kind. A record only the older one holds is
    /// "removed" where the newer export covers its kind, else "not covered" (its absence
    /// says nothing). Exit 0 when identical, 1 when they differ, 2 on error.
    Diff {
        /// The older archive or dump.
        old: PathBuf,
        /// The newer archive or dump.
        new: PathBuf,
        /// Write the whole diff as JSON here.
        #[arg(long)]
        json: Option<PathBuf>,
    },
    /// What an auditor asks of an archive: sources with their sha256, records by kind,
    /// network and visibility, declared counts reconciled, missing media, skips,
    /// repairs, the custody log, any hold, and whether every checksum holds.
    Audit {
        /// The archive folder.
        archive: PathBuf,
        /// Write the audit as JSON here (the readable summary is printed anyway).
        #[arg(long)]
        json: Option<PathBuf>,
        /// Write the audit as a one-page printable HTML report here (charts as inline
        /// SVG, no script).
        #[arg(long)]
        html: Option<PathBuf>,
    },
    /// Place a legal hold on an archive (no command will rewrite or delete its payload
    /// files), or release it; both are logged.
    Hold {
        /// The archive folder.
        archive: PathBuf,
        /// Why the archive is held (a matter, a request).
        #[arg(long, required_unless_present = "release")]
        reason: Option<String>,
        /// Release the hold.
        #[arg(long, conflicts_with = "reason")]
        release: bool,
    },
    /// Show what a dump holds (network, generation, every entry, record counts); writes nothing.
    Inspect {
        /// The dump.
        dump: PathBuf,
        /// Read it as this network's.
        #[arg(long)]
        network: Option<String>,
        /// Print the whole report as JSON.
        #[arg(long)]
        json: bool,
        /// Change a safety limit, NAME=VALUE.
        #[arg(long = "limit", value_name = "NAME=VALUE")]
        limits: Vec<String>,
        /// The clock of times that carry no zone (see `import --timezone`).
        #[arg(long, value_name = "ZONE")]
        timezone: Option<String>,
    },
    /// Re-check every checksum of an archive; exit 0 when intact.
    Verify {
        /// The archive folder.
        archive: PathBuf,
    },
    /// Export an archive to another format, with a report of what it could not express.
    Export {
        /// The archive folder.
        archive: PathBuf,
        #[command(flatten)]
        args: ExportArgs,
    },
    /// Import dumps into a temporary archive and export it (see `export`).
    Convert {
        /// The dumps.
        #[arg(required = true)]
        dumps: Vec<PathBuf>,
        /// The dumps are the parts of one export.
        #[arg(long)]
        parts: bool,
        #[command(flatten)]
        args: ExportArgs,
    },
    /// Print the JSON Schema of the records.
    Schema,
    /// List the networks and export generations lifeboat reads.
    Formats,
}

#[derive(clap::Args)]
pub(crate) struct ExportArgs {
    /// The format: mastodon, activitystreams, atom, rss, jsonfeed, wxr, csv, sqlite, html,
    /// bluesky (an AT Protocol repository folder: repo.car, blobs/, mapping.jsonl),
    /// parquet (a folder: one Parquet dataset per record kind, partitioned by network and
    /// owner account; export many archives into one folder, each replaces only its own
    /// files; direct messages only with --include direct); for records teams rsmf (RSMF 2.0,
    /// one file per conversation) and eml.
    #[arg(long = "to")]
    pub(crate) to: String,
    /// Where to write (a file, or a folder for csv, html, bluesky and parquet).
    #[arg(long, required_unless_present = "dry_run")]
    pub(crate) out: Option<PathBuf>,
    /// Publish more than public posts: unlisted, followers, limited, direct, unknown
    /// (posts whose audience the dump does not record, as Facebook's and Instagram's);
    /// repeat or separate with commas.
    #[arg(long, value_delimiter = ',')]
    pub(crate) include: Vec<String>,
    /// Only posts from this date on (YYYY-MM-DD or RFC 3339).
    #[arg(long)]
    pub(crate) since: Option<String>,
    /// Only posts before this date.
    #[arg(long)]
    pub(crate) until: Option<String>,
    /// Only records of this network.
    #[arg(long)]
    pub(crate) network: Option<String>,
    /// Only the posts of this account (record id, native id or handle).
    #[arg(long)]
    pub(crate) account: Option<String>,
    /// Write the report (what was written and what could not be expressed) as JSON here.
    #[arg(long)]
    pub(crate) report: Option<PathBuf>,
    /// Write nothing; print only the report.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// rsmf: also write one file per public thread (a post and its replies), as a channel.
    #[arg(long)]
    pub(crate) threads: bool,
    /// Replace an existing file at --out, or a non-empty folder that no lifeboat export
    /// wrote (refused without it; a file is never replaced by a folder, nor a folder by
    /// a file).
    #[arg(long)]
    pub(crate) force: bool,
    /// Publish media files whose location and camera metadata cannot be removed
    /// (unknown or damaged types) as they are; the site offers them only as downloads.
    /// Without it they are left out and counted in the report.
    #[arg(long)]
    pub(crate) publish_uncleaned_media: bool,
    /// bluesky: the repository's DID (default: the owner's when the archive is a Bluesky
    /// account's, else the signing key's did:key, else a placeholder the report names).
    #[arg(long)]
    pub(crate) did: Option<String>,
    /// bluesky: sign the commit with this key, a multibase (z…) secp256k1 or P-256
    /// private key (as `goat key generate` prints); the file it is in, or
    /// LIFEBOAT_SIGNING_KEY, also work (a key on the command line is seen by `ps`).
    /// Without it the commit is written unsigned and the report says so.
    #[arg(long)]
    pub(crate) signing_key: Option<String>,
}

impl ExportArgs {
    /// The shape of the output: a folder (csv, html, rsmf, eml) or a file; `None` for
    /// an unknown format.
    pub(crate) fn shape(&self) -> Option<lifeboat::export::Shape> {
        if self.to == "rsmf" || self.to == "eml" {
            return Some(lifeboat::export::Shape::Folder);
        }
        lifeboat::export::Format::from_name(&self.to).map(lifeboat::export::shape)
    }
}

//! Errors. An `Err` is for I/O, a corrupt container, a limit that was hit, or a
//! request that cannot be carried out; malformed records are never an `Err` (they are
//! skipped and reported).

use std::path::PathBuf;

/// Everything that can stop an operation.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The dump's container (zip, tar.gz) is corrupt or unreadable.
    #[error("{path}: {message}")]
    Container {
        /// The dump or the entry concerned.
        path: String,
        /// What is wrong with it.
        message: String,
    },
    /// A safety limit was hit (see [`crate::Limits`]).
    #[error("{what} exceeds the limit of {limit} (in {path})")]
    Limit {
        /// Which limit.
        what: &'static str,
        /// Its value.
        limit: u64,
        /// Where it was hit.
        path: String,
    },
    /// Nothing of the dump could be read: its entries are not well-formed where the
    /// parser stopped (and nothing was read before that).
    #[error(
        "{entry}: not well-formed at byte {position}: {message}; nothing of the dump could be read"
    )]
    Malformed {
        /// The entry the parser stopped in.
        entry: String,
        /// The byte offset where it stopped.
        position: u64,
        /// What the parser said.
        message: String,
    },
    /// No importer recognises the dump.
    #[error("{0}")]
    Unrecognized(String),
    /// The archive is not a lifeboat archive or is damaged.
    #[error("{path}: {message}")]
    Archive {
        /// The archive.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// `--strict` was asked for and records were skipped.
    #[error("strict mode: {0}")]
    Strict(String),
    /// The operation was interrupted.
    #[error("interrupted")]
    Interrupted,
    /// A bad argument.
    #[error("{0}")]
    Usage(String),
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        // A limit or an interrupt travelling inside an io::Error comes back out as itself.
        if let Some(inner) = source.get_ref().and_then(|e| e.downcast_ref::<Tripwire>()) {
            return inner.clone().into_error();
        }
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// A limit or interrupt raised inside a `Read` implementation, carried through
/// `std::io::Error` and turned back into an [`Error`] by [`Error::io`].
#[derive(Debug, Clone)]
pub(crate) enum Tripwire {
    Limit {
        what: &'static str,
        limit: u64,
        path: String,
    },
    Interrupted,
}

impl Tripwire {
    pub(crate) fn into_error(self) -> Error {
        match self {
            Tripwire::Limit { what, limit, path } => Error::Limit { what, limit, path },
            Tripwire::Interrupted => Error::Interrupted,
        }
    }
    pub(crate) fn into_io(self) -> std::io::Error {
        std::io::Error::other(self)
    }
    /// The tripwire inside an io::Error, if any.
    pub(crate) fn find(e: &std::io::Error) -> Option<&Tripwire> {
        e.get_ref().and_then(|e| e.downcast_ref::<Tripwire>())
    }
}

impl std::fmt::Display for Tripwire {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Tripwire::Limit { what, limit, path } => {
                write!(f, "{what} exceeds the limit of {limit} (in {path})")
            }
            Tripwire::Interrupted => f.write_str("interrupted"),
        }
    }
}

impl std::error::Error for Tripwire {}

impl From<std::io::Error> for Error {
    /// An I/O error with no path yet (callers add one); limits and interrupts carried
    /// inside it come back out as themselves.
    fn from(e: std::io::Error) -> Error {
        Error::io("", e)
    }
}

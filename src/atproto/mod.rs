//! The AT Protocol's data formats, as Bluesky repositories use them: CAR v1 files
//! ([`car`]), DAG-CBOR ([`cbor`]), CIDs ([`cid`]) and the Merkle Search Tree
//! ([`mst`]). They know the formats, not the network's records: the Bluesky importer
//! (`import::bluesky`) reads its repositories with them, and a Bluesky exporter can
//! write with them.

pub mod car;
pub mod cbor;
pub mod cid;
pub mod mst;

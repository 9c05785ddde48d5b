//! The AT Protocol's data formats, as Bluesky repositories use them: CAR v1 files
//! ([`car`]), DAG-CBOR ([`cbor`]), CIDs ([`cid`]) and the Merkle Search Tree
//! ([`mst`]). They know the formats, not the network's records: the Bluesky importer
//! (`import::bluesky`) reads its repositories with them; the Bluesky exporter
//! (`export::bluesky`) writes with [`cbor_write`], [`car_write`], [`mst_build`], record
//! keys from [`tid`] and commit signatures from [`sign`].

pub mod car;
pub mod cbor;
pub mod cid;
pub mod mst;

pub mod car_write;
pub mod cbor_write;
pub mod mst_build;
pub mod sign;
pub mod tid;
